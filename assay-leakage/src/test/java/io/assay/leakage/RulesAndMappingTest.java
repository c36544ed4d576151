package io.assay.leakage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.assay.core.error.AssayException;
import io.assay.core.error.InvalidExpressionException;
import io.assay.core.error.InvalidFileException;
import io.assay.core.error.InvalidOptionException;
import io.assay.leakage.generator.LeakGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** User rules (safe ones run, hostile ones are refused), parameters, and column mapping. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RulesAndMappingTest {

    Analyses analyses;
    Path dir;
    LeakGenerator.Generated sales;

    @BeforeAll
    void data(@TempDir Path tmp) {
        dir = tmp;
        analyses = new Analyses();
        sales = LeakGenerator.generate("retail", 3_000, 0.05, 77, tmp.resolve("sales.csv"));
    }

    @AfterAll
    void close() {
        analyses.close();
    }

    private Path rules(String name, String yaml) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, yaml);
        return f;
    }

    private LeakageResult analyzeWith(Path rulesFile, Map<String, String> params) {
        DomainPack pack = DomainPacks.resolve("retail", null).withRules(DomainPacks.readRules(rulesFile));
        return analyses.analyze(
                sales.data(), Leakage.Request.of(pack).withParams(params).withUnusual(false));
    }

    @Nested
    class UserRules {

        @Test
        void aUserRuleRunsOverTheWholeTableWithItsOwnTypeAndImpact() throws IOException {
            Path f = rules("bulk.yaml", """
                    rules:
                      - id: BULK_001
                        type: bulk_line
                        description: "{quantity:num} units of {product} on one line."
                        when: "quantity >= 6 AND discount_share < ${max_discount_share}"
                        impact: "0.01 * subtotal"
                        evidence: [quantity, product]
                    """);
            var r = analyzeWith(f, Map.of("max_discount_share", "0.4"));
            long expected = r.findings().stream()
                    .filter(x -> x.type().equals("bulk_line"))
                    .count();
            assertThat(expected).isPositive();
            var bulk = r.findings().stream()
                    .filter(x -> x.type().equals("bulk_line"))
                    .findFirst()
                    .orElseThrow();
            assertThat(bulk.source().asMap().get("quantity"))
                    .isInstanceOfSatisfying(
                            java.math.BigDecimal.class,
                            q -> assertThat(q.intValue()).isGreaterThanOrEqualTo(6));
            assertThat(bulk.ruleId()).isEqualTo("BULK_001");
            assertThat(bulk.evidence()).containsKeys("quantity", "product");
            assertThat(r.rules())
                    .anyMatch(s -> s.id().equals("BULK_001") && s.status().equals("ran"));
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "(SELECT count(*) FROM read_csv('/etc/passwd')) > 0",
                    "length(read_text('/etc/passwd')) > 0",
                    "quantity > 0) FROM t; COPY (SELECT 1) TO '/tmp/assay-hostile.csv'; SELECT (1",
                    "quantity > 0); ATTACH '/tmp/assay-hostile.db' AS evil; SELECT (1",
                    "quantity > 0); INSTALL httpfs; LOAD httpfs; SELECT (1",
                    "getenv('HOME') IS NOT NULL",
                    "current_setting('threads') > 0",
                    "length(query('SELECT 1')) > 0",
                    "quantity IN (SELECT 1)",
                    "nextval('s') > 0",
                    "system('id') IS NOT NULL",
                    "read_blob('/etc/passwd') IS NOT NULL",
                    "quantity > (SELECT count(*) FROM 'https://example.com/x.csv')",
                })
        void aHostileConditionIsRefusedBeforeAnythingRuns(String hostile) throws IOException {
            Path f = rules(
                    "hostile.yaml",
                    "rules:\n  - id: EVIL_001\n    type: missing_tax\n    when: \"" + hostile.replace("\"", "\\\"")
                            + "\"\n");
            assertThatThrownBy(() -> analyzeWith(f, Map.of()))
                    .isInstanceOf(InvalidExpressionException.class)
                    .satisfies(e -> assertThat(((AssayException) e).kind()).isEqualTo(AssayException.Kind.BAD_INPUT));
            assertThat(Path.of("/tmp/assay-hostile.csv")).doesNotExist();
            assertThat(Path.of("/tmp/assay-hostile.db")).doesNotExist();
        }

        @Test
        void aHostileImpactIsRefusedToo() throws IOException {
            Path f = rules("hostile-impact.yaml", """
                    rules:
                      - id: EVIL_002
                        type: missing_tax
                        when: "quantity > 0"
                        impact: "length(read_text('/etc/passwd'))"
                    """);
            assertThatThrownBy(() -> analyzeWith(f, Map.of())).isInstanceOf(InvalidExpressionException.class);
        }

        @Test
        void aParameterMustBeANumberSoItCannotSmuggleSql() throws IOException {
            Path f = rules("param.yaml", """
                    rules:
                      - id: P_001
                        type: excessive_discount
                        when: "discount > ${max_discount_share}"
                    """);
            assertThatThrownBy(
                            () -> analyzeWith(f, Map.of("max_discount_share", "0) OR (read_text('/etc/passwd') <> ''")))
                    .isInstanceOf(InvalidOptionException.class)
                    .hasMessageContaining("must be a number");
        }

        /** A rules file with one rule {@code id} whose {@code part} is {@code expression} (others: harmless). */
        private Path rule(String id, String part, String expression) throws IOException {
            var parts = new java.util.LinkedHashMap<String, String>();
            parts.put("when", "quantity > 1");
            parts.put("impact", "1");
            parts.put(part, expression);
            var yaml = new StringBuilder("rules:\n  - id: " + id + "\n    type: typed\n");
            parts.forEach((k, v) -> yaml.append("    ")
                    .append(k)
                    .append(": \"")
                    .append(v.replace("\"", "\\\""))
                    .append("\"\n"));
            return rules(id + ".yaml", yaml.toString());
        }

        @ParameterizedTest
        @org.junit.jupiter.params.provider.CsvSource(
                delimiter = '|',
                quoteCharacter = '"',
                value = {
                    "product > 5|when|it compares text with a number, which cannot be compared",
                    "quantity * 2|when|its value is a number, and a condition (true or false) is needed here",
                    "'lots'|impact|its value is text, and a number is needed here",
                    "quantity > $$x$$|when|'x' is not a number",
                    "CAST(product AS DOUBLE)|impact|is not a number (a value of product)",
                    "abs(product)|confidence|function abs does not take text",
                    "product = 'x'|critical_when|",
                })
        void aRuleThatDoesNotTypeCheckIsRefusedNamingTheRuleAndThePart(String expression, String part, String reason)
                throws IOException {
            Path f = rule("T_001", part, expression);
            if (reason == null) {
                assertThat(analyzeWith(f, Map.of()).rules())
                        .anyMatch(s -> s.id().equals("T_001") && s.status().equals("ran"));
                return;
            }
            assertThatThrownBy(() -> analyzeWith(f, Map.of()))
                    .isInstanceOf(InvalidExpressionException.class)
                    .hasMessageContaining("rule T_001, " + part + ": ")
                    .hasMessageContaining(reason)
                    .satisfies(e -> assertThat(((AssayException) e).kind()).isEqualTo(AssayException.Kind.BAD_INPUT))
                    .satisfies(e -> assertThat(e.getMessage())
                            .doesNotContain("VARCHAR", "Binder", "Conversion Error", "SQL failed", "\n"));
        }

        @Test
        void commentsCannotHidePartOfARule() throws IOException {
            for (String hidden : new String[] {"quantity > 1 /* x */ OR true", "quantity > 1 -- AND false"}) {
                Path f = rule("C_001", "when", hidden);
                assertThatThrownBy(() -> analyzeWith(f, Map.of()))
                        .isInstanceOf(InvalidExpressionException.class)
                        .hasMessageEndingWith("rule C_001, when: comments ('--' or '/* */') are not allowed in an"
                                + " expression: they could hide part of it");
            }
        }

        @Test
        void aRuleWithTheIdOfABuiltInRuleIsRefusedUnlessItSaysItReplacesIt() throws IOException {
            Path same = rules("same-id.yaml", """
                    rules:
                      - id: TAX_001
                        type: missing_tax
                        when: "quantity > 5"
                        impact: "1"
                    """);
            assertThatThrownBy(() -> analyzeWith(same, Map.of()))
                    .isInstanceOf(InvalidOptionException.class)
                    .hasMessage("invalid rule id 'TAX_001': the retail pack has a rule with this id; give yours"
                            + " another id, or add 'replaces: TAX_001' to it to replace the pack's rule");
            Path replacing = rules("replacing.yaml", """
                    rules:
                      - id: TAX_001
                        type: missing_tax
                        when: "quantity > 5"
                        impact: "1"
                        replaces: TAX_001
                    """);
            var r = analyzeWith(replacing, Map.of());
            assertThat(r.notes()).contains("rule TAX_001 (missing_tax) replaces the retail pack's rule TAX_001");
            assertThat(r.rules().stream().filter(s -> s.id().equals("TAX_001"))).hasSize(1);
            assertThat(r.findings())
                    .filteredOn(x -> "TAX_001".equals(x.ruleId()))
                    .isNotEmpty()
                    .allSatisfy(x -> assertThat(x.revenueImpact()).isEqualTo(1.0));
            Path unknown = rules("replacing-nothing.yaml", """
                    rules:
                      - id: MINE_001
                        type: missing_tax
                        when: "quantity > 5"
                        replaces: TAX_999
                    """);
            assertThatThrownBy(() -> analyzeWith(unknown, Map.of()))
                    .isInstanceOf(InvalidOptionException.class)
                    .hasMessageStartingWith("invalid 'replaces' of rule MINE_001 'TAX_999': the retail pack has no"
                            + " such rule; its rules are TAX_001,");
        }

        @Test
        void aBrokenRulesFileNamesTheFile() throws IOException {
            Path f = rules("broken.yaml", "rules:\n  - id: 9bad\n    when: x\n");
            assertThatThrownBy(() -> DomainPacks.readRules(f))
                    .isInstanceOf(InvalidFileException.class)
                    .hasMessageContaining("broken.yaml");
        }
    }

    @Nested
    class Mapping {

        @Test
        void anExplicitMappingWinsOverTheAutomaticOne() throws IOException {
            Path f = dir.resolve("two-prices.csv");
            Files.writeString(
                    f,
                    "item,department,price,list_price,qty\nA,Food,1.50,2.00,2\nB,Food,2.50,3.00,1\nC,Toys,9.00,9.50,1\n");
            DomainPack pack = DomainPacks.resolve("retail", null);
            var automatic = analyses.analyze(f, Leakage.Request.of(pack).withUnusual(false));
            assertThat(automatic.columnMapping().used()).containsEntry("unit_price", "price");
            var explicit = analyses.analyze(
                    f,
                    Leakage.Request.of(pack)
                            .withMapping(Map.of("unit_price", "list_price"))
                            .withUnusual(false));
            assertThat(explicit.columnMapping().used()).containsEntry("unit_price", "list_price");
            assertThat(explicit.columnMapping().match("unit_price").method()).isEqualTo("explicit");
        }

        @Test
        void aMissingRequiredColumnNamesItAndTheSynonymsTried() throws IOException {
            Path f = dir.resolve("no-price.csv");
            Files.writeString(f, "receipt,department,qty\nR1,Food,2\nR2,Food,3\n");
            assertThatThrownBy(() -> analyses.analyze(f, "retail"))
                    .isInstanceOf(MissingColumnException.class)
                    .hasMessageContaining("unit_price")
                    .hasMessageContaining("list_price");
        }

        /** The sales file without the column {@code name}. */
        private Path without(String name) throws IOException {
            Path f = dir.resolve("no-" + name + ".csv");
            var lines = Files.readAllLines(sales.data());
            var header = lines.getFirst().split(",");
            int column = java.util.Arrays.asList(header).indexOf(name);
            var out = new StringBuilder();
            for (String line : lines) {
                var cells = new java.util.ArrayList<>(java.util.Arrays.asList(line.split(",", -1)));
                cells.remove(column);
                out.append(String.join(",", cells)).append('\n');
            }
            Files.writeString(f, out);
            return f;
        }

        @Test
        void aColumnNamedAsNeededButOfAnotherTypeIsNamedInTheError() throws IOException {
            Path f = dir.resolve("words.csv");
            java.nio.file.Files.writeString(
                    f,
                    "product,category,unit_price,quantity,total\n"
                            + "A,Food,1.50,two,3.00\nB,Food,2.00,one,2.00\nC,Toys,5.00,three,15.00\n");
            assertThatThrownBy(() -> analyses.analyze(f, "retail"))
                    .isInstanceOf(io.assay.core.error.InvalidOptionException.class)
                    .hasMessage("invalid column for quantity 'quantity': it holds text values, and retail"
                            + " analysis needs numbers there (the file's profile shows which values are not)");
        }

        @Test
        void aFileWithoutDatesHasNoDailyTrendAndSaysWhy() throws IOException {
            var r = analyses.analyze(without("timestamp"), "retail");
            assertThat(r.notes()).contains("the file has no dates: no daily trend or forecast");
            assertThat(r.visualizationData().dailyTrend()).isNull();
            assertThat(r.forecast()).isNull();
            assertThat(r.findings()).isNotEmpty();
        }

        @Test
        void aMissingOptionalColumnSkipsItsRulesWithTheReason() throws IOException {
            var r = analyses.analyze(without("cost"), "retail");
            assertThat(r.rules())
                    .anyMatch(s -> s.id().equals("PRICE_001")
                            && s.status().equals("skipped")
                            && s.reason().contains("cost"));
            assertThat(r.columnMapping().notFound()).anyMatch(n -> n.canonical().equals("cost"));
        }

        @Test
        void aNormOfAColumnTheFileLacksIsSkippedNotLearnedFromItsDefault() {
            // IBM's churn file has no usage column: the usage default (0) must not pass for a learned typical usage
            var r = analyses.analyze(
                    io.assay.testkit.SharedData.file("domains/telco_customer_churn_ibm.csv"),
                    Leakage.Request.of(DomainPacks.resolve("telecom", null)).withUnusual(false));
            var usage = r.norms().stream()
                    .filter(n -> n.id().equals("typical_usage"))
                    .findFirst()
                    .orElseThrow();
            assertThat(usage.status()).isEqualTo("skipped");
            assertThat(usage.notes()).contains("skipped: the file has no total_usage column");
            assertThat(usage.groups()).isEmpty();
            assertThat(r.norms().stream()
                            .filter(n -> n.id().equals("tariff"))
                            .findFirst()
                            .orElseThrow()
                            .status())
                    .as("the tariff is still learned from the bills")
                    .isEqualTo("learned");
        }

        @org.junit.jupiter.params.ParameterizedTest
        @org.junit.jupiter.params.provider.CsvSource(
                delimiter = '|',
                value = {
                    // a negative share allowed every discount to be flagged: 100% of rows, made-up money at risk
                    "max_discount_share|-5|invalid parameter max_discount_share '-5': must be between 0 and 1",
                    "model_min_probability|1.5|invalid parameter model_min_probability '1.5': must be between 0 and 1",
                    "rounding_units|-1|invalid parameter rounding_units '-1': must be at least 0",
                    // a learned norm's override is checked under the key given, whatever groups the file holds
                    "tax_rate|abc|invalid parameter tax_rate 'abc': must be a number",
                    "tax_rate.Nowhere|abc|invalid parameter tax_rate.Nowhere 'abc': must be a number",
                    "category_exempt.Food|maybe|invalid parameter category_exempt.Food 'maybe': must be true or false",
                    "tax_base_amount|both|invalid parameter tax_base_amount 'both': use one of [net, gross]",
                })
        void aParameterOutsideWhatMakesSenseIsRefusedWithItsRange(String key, String value, String message) {
            assertThatThrownBy(() -> analyses.analyze(
                            sales.data(),
                            Leakage.Request.of(DomainPacks.resolve("retail", null))
                                    .withParams(Map.of(key, value))
                                    .withUnusual(false)))
                    .isInstanceOf(InvalidOptionException.class)
                    .hasMessage(message);
        }

        @Test
        void aPackWhoseDefaultLiesOutsideItsRangeIsRefused() {
            assertThatThrownBy(() -> new DomainPack.Param(2, 0.0, 1.0, "a share"))
                    .isInstanceOf(InvalidOptionException.class)
                    .hasMessageContaining("must lie between its min and max");
        }

        @Test
        void aNormCanBeOverriddenByParameterAndIsReportedAsSuch() {
            var r = analyses.analyze(
                    sales.data(),
                    Leakage.Request.of(DomainPacks.resolve("retail", null))
                            .withParams(Map.of("tax_rate.Bakery", "0.2"))
                            .withUnusual(false));
            var tax = r.norms().stream()
                    .filter(n -> n.id().equals("tax_rate"))
                    .findFirst()
                    .orElseThrow();
            var bakery = tax.groups().stream()
                    .filter(g -> g.group().equals("Bakery"))
                    .findFirst()
                    .orElseThrow();
            assertThat(bakery.overridden()).isTrue();
            assertThat(bakery.values()).containsEntry("tax_rate", 0.2);
            assertThat(r.findings())
                    .anyMatch(x -> x.type().equals("wrong_tax_rate")
                            && x.source().asMap().get("category").equals("Bakery"));
        }
    }
}
