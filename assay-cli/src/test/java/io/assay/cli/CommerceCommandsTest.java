package io.assay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.assay.core.json.Json;
import io.assay.testkit.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommerceCommandsTest {

    @TempDir
    Path home;

    Run run(String... args) {
        return Run.of(home, args);
    }

    static String mini64() {
        return SharedData.file("instacart/mini64").toString();
    }

    static String retail() {
        return SharedData.file("domains/online_retail_uci_2010-12_to_2011-05.csv")
                .toString();
    }

    @Test
    void helpListsTheCommerceCommands() {
        var r = run("--help");
        assertThat(r.out()).contains("baskets", "journey", "customers", "recommend", "similar");
        assertThat(run("recommend", "--help").out()).contains("train", "--next-basket", "Examples:");
    }

    @Nested
    class Baskets {
        /** {@code assay baskets mini64} with the reference's definition of a rule: a floor on baskets only. */
        Run basketFloorOnly(String... more) {
            var args = new java.util.ArrayList<>(
                    List.of("baskets", mini64(), "--min-pairs", "10", "--min-customers", "1"));
            args.addAll(List.of(more));
            return run(args.toArray(String[]::new));
        }

        @Test
        void printsPairsAndRulesWithNames() {
            var r = run("baskets", mini64(), "--top", "3");
            assertThat(r.code()).isZero();
            assertThat(r.err()).isEmpty();
            assertThat(r.out())
                    .contains("8,976 of 8,976 lines used")
                    .contains("Reduced Fat Milk")
                    .contains("Natural Artesian Bottled Water")
                    .contains("Total 2% Greek Strained Yogurt with Cherry");
        }

        @Test
        void writesRulesAsCsv() throws Exception {
            Path out = home.resolve("rules.csv");
            var r = basketFloorOnly("--show", "rules", "-o", out.toString());
            assertThat(r.code()).isZero();
            var lines = Files.readAllLines(out);
            assertThat(lines.getFirst())
                    .isEqualTo("rank,antecedent,antecedent_name,consequent,consequent_name,count,customers,support,"
                            + "confidence,lift");
            assertThat(lines.get(1)).startsWith("1,39185,Honey Buns,36543,Bars Peanut Butter,10,1,");
            assertThat(lines).hasSize(21);
        }

        @Test
        void rulesByDefaultNeedThreeCustomersAndSaySo() {
            var r = run("baskets", mini64(), "--show", "rules");
            assertThat(r.code()).isZero();
            assertThat(r.out())
                    .contains(
                            "Rules by lift (bought together in at least 10 baskets by at least 3 different customers)")
                    .doesNotContain("Honey Buns")
                    .doesNotContain("Jalapeno Pepper")
                    .contains("Total 2% Greek Strained Yogurt with Cherry");
        }

        @Test
        void listsWhatIsBoughtWithOneProduct() throws Exception {
            Path out = home.resolve("with.csv");
            var r = basketFloorOnly("--product", "39185", "-o", out.toString());
            assertThat(r.code()).isZero();
            var lines = Files.readAllLines(out);
            assertThat(lines.get(1)).startsWith("1,39185,Honey Buns,49615,Cran-Apple Juice Drink,11,1,0.01131,1,");
            assertThat(lines)
                    .anySatisfy(l -> assertThat(l).contains(",39185,Honey Buns,36543,Bars Peanut Butter,10,1,"));
            var storeWide = run("baskets", mini64(), "--product", "39185", "--min-pairs", "10");
            assertThat(storeWide.out()).contains("(none)").doesNotContain("Cran-Apple");
            var unknown = run("baskets", mini64(), "--product", "nope");
            assertThat(unknown.code()).isEqualTo(2);
            assertThat(unknown.err().strip()).contains("unknown item 'nope'").doesNotContain("Exception");
        }

        @Test
        void theOutputFileExtensionPicksTheFormat() throws Exception {
            Path json = home.resolve("b.json");
            assertThat(run("baskets", mini64(), "--top", "3", "-o", json.toString())
                            .code())
                    .isZero();
            assertThat(Json.mapper()
                            .readTree(Files.readString(json))
                            .path("result")
                            .path("pairs")
                            .size())
                    .isEqualTo(3);
            Path text = home.resolve("b.txt");
            assertThat(run("baskets", mini64(), "--top", "3", "-o", text.toString())
                            .code())
                    .isZero();
            assertThat(Files.readString(text)).contains("Top pairs");
            Path forced = home.resolve("b.out");
            assertThat(run("baskets", mini64(), "--top", "3", "--format", "csv", "-o", forced.toString())
                            .code())
                    .isZero();
            assertThat(Files.readString(forced)).startsWith("rank,item_a,");
            var unknown = run("journey", mini64(), "-o", home.resolve("j.xlsx").toString());
            assertThat(unknown.code()).isEqualTo(2);
            assertThat(unknown.err().strip())
                    .contains("cannot tell the format from '.xlsx'")
                    .doesNotContain("\n");
            assertThat(home.resolve("j.xlsx")).doesNotExist();
        }

        @Test
        void reportsEveryProblemOfTheOnlineRetailExport() {
            var r = run("baskets", retail(), "--format", "json", "--top", "5");
            assertThat(r.code()).isZero();
            var json = Json.mapper().readTree(r.out());
            var issues = json.path("data").path("issues");
            var byProblem = new java.util.HashMap<String, Long>();
            issues.forEach(i ->
                    byProblem.put(i.path("problem").asString(), i.path("count").asLong()));
            // shared/data/domains/README.md: 3,783 cancellation lines and 59,976 without a customer; each line is
            // counted under its first problem (checked independently with pandas)
            assertThat(byProblem)
                    .containsEntry("cancellation", 3783L)
                    .containsEntry("non-product-code", 1017L)
                    .containsEntry("negative-quantity", 647L)
                    .containsEntry("zero-price", 637L)
                    .containsEntry("missing-customer", 58_085L);
            assertThat(json.path("data").path("layout").asString()).isEqualTo("online-retail");
            assertThat(json.path("result").path("pairs").size()).isEqualTo(5);
        }
    }

    @Test
    void journeyOnTheOnlineRetailExportSaysWhatEachCountCounts() {
        var r = run("journey", retail());
        assertThat(r.code()).isZero();
        assertThat(r.out())
                .containsPattern("orders \\(all\\) +8067")
                .containsPattern("orders naming a customer \\(per-customer figures\\) +7364")
                .containsPattern("baskets \\(orders with lines used\\) +8067")
                .contains("Sunday (0)", "Saturday (6)", "0 = Sunday")
                .contains("15-21", "90-179")
                .doesNotContain("gaps of 30");
        assertThat(r.out().lines().count()).isLessThan(120);
        var json = Json.mapper()
                .readTree(run("journey", retail(), "--format", "json").out());
        assertThat(json.path("result").path("summary").path("orders").asLong())
                .isEqualTo(json.path("data").path("orders").asLong())
                .isEqualTo(8067);
        assertThat(json.path("result").path("daysBetween").size()).isGreaterThan(100);
    }

    @Test
    void journeyPrintsTheRepeatShareAndWritesCsv() throws Exception {
        var r = run("journey", mini64());
        assertThat(r.code()).isZero();
        assertThat(r.out())
                .contains("repeat customers (2+ orders)")
                .contains("100.0%")
                .contains("Banana")
                .contains("Aisles (top 20)")
                .contains("fresh vegetables")
                .contains("Orders by weekday and hour")
                .contains("day 0", "does not say which weekday 0 is", "30 or more")
                .contains("Days between orders");
        Path out = home.resolve("j.csv");
        assertThat(run("journey", mini64(), "-o", out.toString()).code()).isZero();
        assertThat(Files.readAllLines(out)).contains("orders (all),1000", "customers,64");
    }

    @Test
    void customersRanksChurnRiskWithReasons() {
        var r = run("customers", mini64(), "--top", "5");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("no calendar").contains("recent gaps").contains("Segments");
        var onlySegments = run("customers", mini64(), "--segments");
        assertThat(onlySegments.out()).contains("Segments").doesNotContain("Customers (by");
        var onlyChurn = run("customers", mini64(), "--churn", "--top", "3");
        assertThat(onlyChurn.out()).contains("Customers (by risk)").doesNotContain("Segments");
    }

    @Test
    void customersMoneyIsNetOfCancellationsOnTheOnlineRetailExport() {
        var csv = run("customers", retail(), "--format", "csv");
        assertThat(csv.code()).as(csv.err()).isZero();
        // 12346's only order (77,183.60) was cancelled 16 minutes later: no customer row; 15749 bought 44,534.30,
        // 22,998.40 of it cancelled (one of its three orders in full)
        assertThat(csv.out()).doesNotContain("\n12346,").contains("\n15749,2,21535.90,22998.40,");
        var table = run("customers", retail(), "--top", "3");
        assertThat(table.out())
                .contains("3,325 lines of 809 customers netted against their money")
                .contains("money is net of cancellations and returns (85,490.59 taken off the customers listed)")
                .contains("46 of their orders were cancelled in full and are not counted as orders")
                .contains("10 customers left out (refunded")
                .contains("12346 (bought 77,183.60, cancelled 77,183.60)");
    }

    @Test
    void onAFileWithoutDepartmentsTwoItemsAreFoldedInAndSimilarCustomersHaveNoNameColumn() {
        var t = run("recommend", "train", retail(), "--name", "shop", "--factors", "8", "--regularization", "0.1");
        assertThat(t.code()).as(t.err()).isZero();
        var r = run("recommend", "--model", "shop", "--items", "23166,23167", "--top", "3");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("Basis: a new customer folded in from 2 known item(s) (one or two items get the popular items"
                        + " of their departments, but this data names no departments)");
        var s = run("similar", "--model", "shop", "--customer", "15749", "--top", "3");
        assertThat(s.code()).as(s.err()).isZero();
        assertThat(s.out()).containsPattern("rank +customer +cosine\\n").doesNotContain("name");
        var csv = run("similar", "--model", "shop", "--customer", "15749", "--top", "3", "--format", "csv");
        assertThat(csv.out()).startsWith("rank,customer,cosine\n");
        assertThat(run("similar", "--model", "shop", "--item", "23166", "--top", "3", "--format", "csv")
                        .out())
                .startsWith("rank,item,name,cosine\n");
    }

    @Test
    void moneyIsShownWithTwoDecimals() throws Exception {
        Path lines = home.resolve("lines.csv");
        Files.writeString(lines, """
                order_id,customer_id,product,quantity,unit_price,order_date
                1,A,tea,2,4.35,2024-01-05
                2,A,tea,1,4.35,2024-02-05
                3,B,milk,5,1.00,2024-01-10
                4,B,tea,1,4.35,2024-03-01
                5,C,cake,1,20.00,2024-03-02
                """);
        var r = run("customers", lines.toString(), "--format", "csv");
        assertThat(r.code()).as(r.err()).isZero();
        // not 13.05, 9.350 and 20 in one column (four significant digits, whole numbers bare): two decimals each
        assertThat(r.out()).contains(",13.05,").contains(",9.35,").contains(",20.00,");
    }

    @Test
    void theIssueShapesWorkWithOneRecommender() {
        // assay recommend train DIR; assay recommend USER_ID; assay similar PRODUCT_ID
        var t = run("recommend", "train", mini64(), "--factors", "8", "--regularization", "0.1");
        assertThat(t.code()).as(t.err()).isZero();
        assertThat(t.out()).contains("Trained recommender mini64@1");
        var r = run("recommend", "1", "--top", "3");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Recommendations for customer 1 from 'mini64'");
        var s = run("similar", "196", "--top", "3");
        assertThat(s.code()).as(s.err()).isZero();
        assertThat(s.out()).contains("Most similar to item 196 in 'mini64'");
        run("recommend", "train", mini64(), "--name", "other", "--factors", "4", "--regularization", "0.1");
        var ambiguous = run("recommend", "1");
        assertThat(ambiguous.code()).isEqualTo(2);
        assertThat(ambiguous.err().strip()).contains("there are 2 recommenders (mini64, other)");
    }

    @Test
    void trainsRecommendsAndFindsSimilarItems() {
        var t = run("recommend", "train", mini64(), "--name", "mini", "--factors", "8", "--regularization", "0.1");
        assertThat(t.code()).as(t.err()).isZero();
        assertThat(t.out()).contains("Trained recommender mini@1: 64 customers");
        var r = run("recommend", "--model", "mini", "--customer", "1", "--top", "5", "--explain");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Basis: personal");
        var nb = run("recommend", "--model", "mini", "--customer", "1", "--next-basket", "--format", "json");
        assertThat(Json.mapper().readTree(nb.out()).path("items").size()).isEqualTo(10);
        var cold = run("recommend", "--model", "mini", "--items", "196,12427");
        assertThat(cold.out())
                .contains("a new customer with too few items to fold in: most popular in beverages, snacks")
                .contains("score: share of customers who bought the item");
        // the item just chosen is not recommended back, and popularity is shown as such, not as 0.0000
        var banana = run("recommend", "--items", "24852", "--model", "mini", "--top", "5", "--format", "json");
        var items = Json.mapper().readTree(banana.out()).path("items");
        assertThat(items.size()).isEqualTo(5);
        items.forEach(i -> {
            assertThat(i.path("item").asString()).isNotEqualTo("24852");
            assertThat(i.path("score").asDouble()).isPositive();
        });
        assertThat(run("recommend", "99999", "--model", "mini", "--top", "3").out())
                .contains("customer not in the training data")
                .doesNotContain("0.0000");
        var folded = run("recommend", "--model", "mini", "--items", "196,12427,10258");
        assertThat(folded.out()).contains("folded in from 3 known item(s)");
        var listed = run("recommend", "--list");
        assertThat(listed.out()).contains("1 recommender(s)").contains("mini");
        var s = run("similar", "--model", "mini", "--item", "196", "--top", "3");
        assertThat(s.code()).isZero();
        assertThat(s.out()).contains("Most similar to item 196");

        // retraining adds a version in the model registry; the first can be put back
        var again = run("recommend", "train", mini64(), "--name", "mini", "--factors", "4", "--regularization", "0.1");
        assertThat(again.out()).contains("Trained recommender mini@2");
        assertThat(run("models", "list").out()).contains("mini").contains("recommender:implicit_als");
        assertThat(run("models", "promote", "mini@1").code()).isZero();
        var shown = run("models", "show", "mini");
        assertThat(shown.code()).as(shown.err()).isZero();
        assertThat(shown.out()).contains("mini@1: recommender:implicit_als recommendation (stage production)");
        var predict = run(
                "predict",
                "mini",
                mini64() + "/orders.csv",
                "-o",
                home.resolve("p.csv").toString());
        assertThat(predict.code()).isEqualTo(2);
        assertThat(predict.err().strip()).contains("recommendation model").contains("assay recommend");
    }

    @Test
    void theValidationTableIsInTheOrderOfRegularizationWithTheChosenOneMarked() throws Exception {
        Path out = home.resolve("v.csv");
        var t = run("recommend", "train", mini64(), "--name", "v", "--factors", "4", "-o", out.toString());
        assertThat(t.code()).as(t.err()).isZero();
        var lines = Files.readAllLines(out);
        assertThat(lines.getFirst()).isEqualTo("regularization,precision_at_10,chosen");
        assertThat(lines.subList(1, lines.size()))
                .extracting(l -> Double.parseDouble(l.split(",")[0]))
                .containsExactly(0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0);
        assertThat(lines.subList(1, lines.size()))
                .filteredOn(l -> l.endsWith(",chosen"))
                .hasSize(1);
    }

    @Nested
    class BadInput {
        @Test
        void unknownModelIsOneLineAndExitTwo() {
            var r = run("recommend", "--model", "nope", "--customer", "1");
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err().strip())
                    .isEqualTo("assay: no recommender named 'nope'; train one with 'assay recommend train'");
        }

        @Test
        void unknownItemIsOneLineAndExitTwo() {
            run("recommend", "train", mini64(), "--name", "m", "--factors", "4", "--regularization", "0.1");
            var r = run("similar", "--model", "m", "--item", "no-such-item");
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).startsWith("assay: unknown item 'no-such-item'").doesNotContain("Exception");
        }

        @Test
        void aMissingFolderIsOneLine() {
            var r = run("journey", home.resolve("missing").toString());
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err().lines().count()).isEqualTo(1);
        }

        @Test
        void anUnknownColumnIsNamed() throws Exception {
            var r = run("baskets", retail(), "--item", "nosuch");
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err().strip()).startsWith("assay: no column 'nosuch'");
            assertThat(r.err().lines().count()).isEqualTo(1);
            // naming only the product column lets the others be found
            Path f = home.resolve("receipts.csv");
            Files.writeString(f, "receipt,member,sku\nr1,m1,A\nr1,m1,B\nr2,m2,A\nr2,m2,B\n");
            var named = run("baskets", f.toString(), "--item", "sku", "--min-pairs", "1", "--min-customers", "1");
            assertThat(named.code()).as(named.err()).isZero();
            assertThat(named.out()).contains("4 of 4 lines used, 2 orders, 2 customers");
            // a column option the layout does not use is refused, not ignored
            var ignored = run("baskets", retail(), "--customer", "CustomerID");
            assertThat(ignored.code()).isEqualTo(2);
            assertThat(ignored.err().strip())
                    .contains("the online-retail export")
                    .contains("--layout lines");
        }

        @Test
        void aTableWithoutAnOrderColumnSaysWhatToName() throws Exception {
            Path f = home.resolve("x.csv");
            Files.writeString(f, "a,b\n1,2\n3,4\n");
            var r = run("baskets", f.toString());
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).contains("--order COLUMN");
        }
    }
}
