package io.assay.core.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.assay.core.ingest.Dataset;
import io.assay.core.ingest.Ingest;
import io.assay.core.json.Json;
import io.assay.core.sql.DuckEngine;
import io.assay.core.table.ColumnType;
import io.assay.core.testing.Shared;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfilerTest {

    @TempDir
    Path dir;

    DuckEngine engine;

    @BeforeEach
    void start() {
        engine = DuckEngine.open(DuckEngine.Options.defaults(null));
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    private TableProfile profile(Path file, Profiler.Options options) {
        try (Dataset ds = Ingest.open(engine, file, Ingest.Options.defaults())) {
            return Profiler.profile(ds, options);
        }
    }

    private static ColumnProfile column(TableProfile p, String name) {
        return p.columns().stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    @Nested
    class SupermarketSales {

        TableProfile p;

        @BeforeEach
        void profileIt() {
            p = profile(
                    Shared.file("domains/supermarket_sales.csv"),
                    Profiler.Options.defaults()
                            .withChecks(List.of("abs(\"Total\" - (cogs + \"Tax 5%\")) < 0.000001", "\"Total\" < 1000"))
                            .withKeys(List.of("Invoice ID")));
        }

        @Test
        void describesNumericColumnsExactly() {
            var q = column(p, "Quantity");
            assertThat(q.type()).isEqualTo(ColumnType.INTEGER);
            assertThat(q.count()).isEqualTo(1000);
            assertThat(q.distinct()).isEqualTo(10);
            assertThat(q.distinctApproximate()).isFalse();
            assertThat(q.numeric().min()).isEqualTo(1);
            assertThat(q.numeric().max()).isEqualTo(10);
            assertThat(q.numeric().sum()).isEqualTo(5510);
            assertThat(q.numeric().mean()).isEqualTo(5.51);
            var price = column(p, "Unit price");
            assertThat(price.numeric().min()).isEqualTo(10.08);
            assertThat(price.numeric().max()).isEqualTo(99.96);
            // pandas: df['Unit price'].median() == 55.23, quantile(.25) == 32.875
            assertThat(price.numeric().median()).isCloseTo(55.23, within(1e-9));
            assertThat(price.numeric().p25()).isCloseTo(32.875, within(1e-9));
        }

        @Test
        void listsTopValuesWithCounts() {
            var branch = column(p, "Branch");
            assertThat(branch.topValues())
                    .extracting(ColumnProfile.ValueCount::value)
                    .containsExactly("A", "B", "C");
            assertThat(branch.topValues())
                    .extracting(ColumnProfile.ValueCount::count)
                    .containsExactly(340L, 332L, 328L);
            assertThat(column(p, "Invoice ID").topValues())
                    .as("all distinct: no top values")
                    .isEmpty();
            assertThat(column(p, "Invoice ID").examples()).hasSize(5);
        }

        @Test
        void describesDatesAndTimes() {
            var date = column(p, "Date");
            assertThat(date.range().min()).isEqualTo("2019-01-01");
            assertThat(date.range().max()).isEqualTo("2019-03-30");
            assertThat(column(p, "Time").range().min()).isEqualTo("10:00:00");
        }

        @Test
        void scoresQualityWithTheDeclaredChecks() {
            var q = p.quality();
            assertThat(q.completeness()).isEqualTo(100.0);
            assertThat(q.validity()).isEqualTo(100.0);
            assertThat(q.checks())
                    .extracting(DataQuality.CheckResult::violations)
                    .containsExactly(0L, 9L);
            assertThat(q.checks().get(1).exampleRows()).hasSize(5);
            assertThat(q.consistency()).isEqualTo(99.55);
            assertThat(q.keys()).containsExactly(new DataQuality.KeyCheck("Invoice ID", true, 0));
            assertThat(q.deductions()).singleElement().satisfies(d -> {
                assertThat(d.dimension()).isEqualTo("consistency");
                assertThat(d.reason()).isEqualTo("9 row(s) break \"Total\" < 1000");
            });
            assertThat(q.grade()).isEqualTo("A");
        }

        @Test
        void findsOutliersByIqrAndMad() {
            var total = column(p, "Total").outliers();
            // pandas: Q1 124.42238, Q3 471.35025, so the upper fence is 991.7420; 9 totals lie above it
            assertThat(total.iqrHigh()).isCloseTo(991.742062, within(1e-4));
            assertThat(total.iqrCount()).isEqualTo(9);
            assertThat(total.examples().getFirst()).isEqualTo(1042.65);
        }

        @Test
        void roundTripsThroughJson() {
            String json = Json.write(p);
            assertThat(json).contains("\"type\" : \"integer\"").contains("\"grade\" : \"A\"");
            assertThat(Json.read(json, TableProfile.class)).isEqualTo(p);
        }
    }

    @Test
    void deductsForMissingValuesMisfitsDuplicatesAndRepeatedKeys() throws IOException {
        var sb = new StringBuilder("order_id,amount,region\n");
        for (int i = 0; i < 100; i++) {
            String amount = i % 10 == 0 ? "" : i == 55 ? "abc" : Integer.toString(i);
            sb.append(i < 98 ? i : 5)
                    .append(',')
                    .append(amount)
                    .append(',')
                    .append(i % 2 == 0 ? "N" : "S")
                    .append('\n');
        }
        sb.append("5,5,S\n"); // duplicates row 5 exactly
        var p = profile(Files.writeString(dir.resolve("q.csv"), sb.toString()), Profiler.Options.defaults());
        var q = p.quality();
        assertThat(q.completeness()).isCloseTo(100 * (1 - 11.0 / 303), within(0.01));
        assertThat(q.validity()).isCloseTo(100 * (1 - 1.0 / 292), within(0.01));
        assertThat(q.duplicateRows()).isEqualTo(1);
        assertThat(q.keys()).singleElement().satisfies(k -> {
            assertThat(k.column()).isEqualTo("order_id");
            assertThat(k.declared()).isFalse();
            assertThat(k.duplicates()).isEqualTo(3);
        });
        assertThat(q.consistency()).isNull();
        assertThat(q.deductions())
                .extracting(DataQuality.Deduction::reason)
                .contains(
                        "amount: 9.9% missing (10 cells)",
                        "amount: 1 value(s) are not integer",
                        "1 duplicate row(s)",
                        "order_id: 3 repeated value(s) in a key column");
        assertThat(q.overallScore()).isLessThan(100).isGreaterThan(90);
    }

    @Test
    void theOnlineRetailExportsCustomerIdIsAnIdentifierAndItsHalfEmptyColumnCostsTheGradeA() {
        var p = profile(Shared.file("domains/online_retail_uci_2010-12_to_2011-05.csv"), Profiler.Options.defaults());
        var customer = column(p, "CustomerID");
        assertThat(customer.type()).as("the schema keeps the type").isEqualTo(ColumnType.INTEGER);
        assertThat(customer.role()).isEqualTo(ColumnProfile.Role.IDENTIFIER);
        assertThat(customer.numeric()).as("no mean, std or quantiles").isNull();
        assertThat(customer.outliers()).isNull();
        // pandas: min 12346, max 18287, 2,601 distinct customers among 149,053 lines that name one
        assertThat(customer.identifier().min()).isEqualTo("12346");
        assertThat(customer.identifier().max()).isEqualTo("18287");
        assertThat(customer.identifier().uniqueness()).isCloseTo(2601.0 / 149_053, within(0.001));
        assertThat(customer.topValues().getFirst().value())
                .as("the busiest customer")
                .isEqualTo("17841");
        assertThat(column(p, "InvoiceNo").role()).isEqualTo(ColumnProfile.Role.IDENTIFIER);
        assertThat(column(p, "StockCode").role()).isEqualTo(ColumnProfile.Role.IDENTIFIER);
        var quantity = column(p, "Quantity");
        assertThat(quantity.role()).isEqualTo(ColumnProfile.Role.ATTRIBUTE);
        assertThat(quantity.numeric().median()).isEqualTo(3);
        assertThat(quantity.outliers().iqrCount()).isPositive();

        var q = p.quality();
        // 59,976 of 209,029 CustomerIDs missing (28.7%): 3.59 points of the cells, 28.69 more as a largely empty column
        double share = 59_976.0 / 209_029;
        assertThat(q.completeness())
                .isCloseTo(100 * (1 - (59_976.0 + 833) / (209_029 * 8)) - 100 * share, within(0.01));
        assertThat(q.deductions().getFirst()).satisfies(d -> {
            assertThat(d.dimension()).isEqualTo("completeness");
            assertThat(d.reason()).isEqualTo("CustomerID: 28.7% missing (59,976 cells), a column more than 20% empty");
            assertThat(d.points()).isCloseTo(100 * 59_976.0 / (209_029 * 8) + 100 * share, within(0.01));
        });
        assertThat(q.grade()).isEqualTo("B");
    }

    @Test
    void aColumnNamedLikeAnIdentifierIsOneOnlyWhenItsValuesAreLabels() throws IOException {
        var sb = new StringBuilder("ticket_id,store_no,item_no_count,price_ref,amount\n");
        for (int i = 0; i < 40; i++) {
            sb.append(1000 + (i * 7) % 40) // unique: the key of a small table
                    .append(',')
                    .append(i % 5) // 5 stores: a code list, kept as numbers
                    .append(',')
                    .append(i % 7 + 1) // a count, whatever the "no" in its name
                    .append(',')
                    .append(i + 0.5) // amounts are never identifiers
                    .append(',')
                    .append(i * 3)
                    .append('\n');
        }
        var p = profile(Files.writeString(dir.resolve("tickets.csv"), sb.toString()), Profiler.Options.defaults());
        var ticket = column(p, "ticket_id");
        assertThat(ticket.role()).isEqualTo(ColumnProfile.Role.IDENTIFIER);
        assertThat(ticket.identifier()).isEqualTo(new ColumnProfile.IdentifierSummary("1000", "1039", 1.0));
        assertThat(ticket.numeric()).isNull();
        assertThat(p.quality().keys()).containsExactly(new DataQuality.KeyCheck("ticket_id", false, 0));
        for (String name : List.of("store_no", "item_no_count", "price_ref", "amount")) {
            var c = column(p, name);
            assertThat(c.role()).as(name).isEqualTo(ColumnProfile.Role.ATTRIBUTE);
            assertThat(c.identifier()).as(name).isNull();
            assertThat(c.numeric()).as(name).isNotNull();
        }
        assertThat(Json.read(Json.write(p), TableProfile.class)).isEqualTo(p);
        assertThat(Json.write(ticket)).contains("\"role\" : \"identifier\"");
    }

    @Test
    void aColumnMoreThanAFifthEmptyCostsItsMissingShareOnceMore() throws IOException {
        var sb = new StringBuilder("a,b,c,d\n");
        for (int i = 0; i < 100; i++) {
            sb.append(i < 19 ? "" : i)
                    .append(',')
                    .append(i < 21 ? "" : i)
                    .append(',')
                    .append(i % 3)
                    .append(',')
                    .append(i) // no two rows alike
                    .append('\n');
        }
        var q = profile(Files.writeString(dir.resolve("sparse.csv"), sb.toString()), Profiler.Options.defaults())
                .quality();
        // 40 of 400 cells missing (90.0), and b is 21% empty: 21 points more; a, 19% empty, only costs its cells
        assertThat(q.completeness()).isCloseTo(69.0, within(1e-9));
        assertThat(q.deductions())
                .extracting(DataQuality.Deduction::reason)
                .containsExactly(
                        "b: 21.0% missing (21 cells), a column more than 20% empty", "a: 19.0% missing (19 cells)");
        assertThat(q.deductions().get(0).points()).isCloseTo(5.25 + 21, within(1e-9));
        assertThat(q.deductions().get(1).points()).isCloseTo(4.75, within(1e-9));
        // (0.35 · 69 + 0.30 · 100 + 0.15 · 100) / 0.80
        assertThat(q.overallScore()).isCloseTo(86.44, within(0.01));
        assertThat(q.grade()).isEqualTo("B");
    }

    @Test
    void anEmptyColumnCostsFiftyPointsBeyondItsCellsNotAHundred() throws IOException {
        var sb = new StringBuilder("a,b,c,d,e,f,g,h\n");
        for (int i = 0; i < 50; i++) {
            sb.append(i).append(",,x").append(i % 3).append(",1,2,3,4,5\n");
        }
        var q = profile(Files.writeString(dir.resolve("spare.csv"), sb.toString()), Profiler.Options.defaults())
                .quality();
        // one column of eight empty: 87.5% of the cells, less 50 (not 100, which would leave 0 and an F)
        assertThat(q.completeness()).isCloseTo(37.5, within(1e-9));
        assertThat(q.deductions()).singleElement().satisfies(d -> {
            assertThat(d.reason()).isEqualTo("b: 100.0% missing (50 cells), a column more than 20% empty");
            assertThat(d.points()).isCloseTo(12.5 + 50, within(1e-9));
        });
        assertThat(q.grade()).isEqualTo("C");
    }

    @Test
    void largeTablesGetEstimatedDistinctCountsAndSampledQuantiles() throws IOException {
        var sb = new StringBuilder("x,g\n");
        for (int i = 0; i < 5000; i++) {
            sb.append(i).append(',').append("g").append(i % 7).append('\n');
        }
        var p = profile(
                Files.writeString(dir.resolve("big.csv"), sb.toString()),
                new Profiler.Options(10, 5, 1000, List.of(), List.of()));
        var x = column(p, "x");
        assertThat(x.distinctApproximate()).isTrue();
        assertThat(x.distinct()).isBetween(4800L, 5200L);
        assertThat(x.numeric().median()).isCloseTo(2500, within(10.0));
        assertThat(x.numeric().sum()).isEqualTo(5000.0 * 4999 / 2);
        assertThat(column(p, "g").topValues()).hasSize(7);
    }
}
