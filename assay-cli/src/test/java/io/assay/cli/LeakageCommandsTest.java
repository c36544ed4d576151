package io.assay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.assay.core.json.Json;
import io.assay.testkit.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code assay generate}, {@code assay analyze} and {@code assay train-domain} from the command line. */
class LeakageCommandsTest {

    @TempDir
    Path home;

    Run run(String... args) {
        return Run.of(home, args);
    }

    private Path generate(String domain, int rows, long seed) {
        Path data = home.resolve(domain + "-" + seed + ".csv");
        var r = run(
                "generate",
                domain,
                "--rows",
                Integer.toString(rows),
                "--leak-rate",
                "0.05",
                "--seed",
                Long.toString(seed),
                "--out",
                data.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("truth in");
        assertThat(home.resolve(domain + "-" + seed + ".truth.csv")).exists();
        return data;
    }

    @Test
    void helpListsTheLeakageCommands() {
        assertThat(run("--help").out()).contains("analyze", "generate", "train-domain");
        assertThat(run("analyze", "--help").out()).contains("--domain", "--map", "--param", "--anomalies", "Examples:");
    }

    @Test
    void analysesTheSupermarketFileAndWritesFindingsSummaryAndReport() throws Exception {
        Path findings = home.resolve("out/findings.csv");
        Path summary = home.resolve("out/summary.json");
        Path report = home.resolve("out/report.docx");
        var r = run(
                "analyze",
                SharedData.file("domains/supermarket_sales.csv").toString(),
                "--domain",
                "supermarket",
                "--no-model",
                "--anomalies",
                findings.toString(),
                "--summary",
                summary.toString(),
                "--report",
                report.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("supermarket_sales.csv (retail): 1,000 rows")
                .contains("category=Product line")
                .contains("tax_amount=Tax 5%")
                .contains("skipped PRICE_001");
        var json = Json.mapper().readTree(summary.toFile());
        assertThat(json.path("metrics").path("total_rows").asLong()).isEqualTo(1000);
        // a clean file: no money at risk, at most a couple of rows worth a look
        assertThat(json.path("metrics")
                        .path("revenue_impact")
                        .path("total_revenue_at_risk")
                        .asDouble())
                .isZero();
        assertThat(json.path("metrics").path("anomalies_detected").asLong()).isLessThanOrEqualTo(2);
        assertThat(json.toString()).as("no forecast of 'about 0' rows").doesNotContain("about 0 more");
        assertThat(Files.readAllLines(findings).getFirst()).startsWith("row_index,type,severity,confidence");
        // a Word file (a zip); no findings, so no charts: its sections are checked in assay-report's DocxReportTest
        assertThat(Files.readAllBytes(report)).startsWith('P', 'K');
    }

    @Test
    void findingsEchoTheSourceRowAsTheFileHasIt() throws Exception {
        // IBM's churn file: flags spelled Yes/No, tenure and charges numbers; 22 rows underbilled
        Path xlsx = home.resolve("ibm.xlsx");
        Path json = home.resolve("ibm.json");
        String file = SharedData.file("domains/telco_customer_churn_ibm.csv").toString();
        for (Path out : java.util.List.of(xlsx, json)) {
            var r = run("analyze", file, "--domain", "telecom", "--no-model", "--no-unusual", "--anomalies", "" + out);
            assertThat(r.code()).as(r.err()).isZero();
        }
        var findings = Json.mapper().readTree(json.toFile());
        assertThat(findings.size()).isPositive();
        var first = findings.get(0);
        assertThat(first.path("Partner").asString()).isIn("Yes", "No");
        assertThat(first.path("PaperlessBilling").asString()).isIn("Yes", "No");
        assertThat(first.path("tenure").isNumber()).as(first.toString()).isTrue();
        assertThat(first.path("MonthlyCharges").isNumber()).isTrue();
        var rows = new java.util.ArrayList<org.dhatim.fastexcel.reader.Row>();
        try (var in = Files.newInputStream(xlsx);
                var wb = new org.dhatim.fastexcel.reader.ReadableWorkbook(in)) {
            wb.getFirstSheet().openStream().forEach(rows::add);
        }
        var header = rows.getFirst();
        int tenure = -1;
        int partner = -1;
        for (int c = 0; c < header.getCellCount(); c++) {
            tenure = header.getCellText(c).equals("tenure") ? c : tenure;
            partner = header.getCellText(c).equals("Partner") ? c : partner;
        }
        assertThat(rows.get(1).getCell(tenure).getType())
                .as("a number Excel can sum")
                .isEqualTo(org.dhatim.fastexcel.reader.CellType.NUMBER);
        assertThat(rows.get(1).getCellText(partner)).isIn("Yes", "No");
    }

    @Test
    void aPartialNameMatchThatOtherColumnsFitIsPointedOut() {
        // BigML's file has four "Total ... charge" columns: the automatic mapping takes the first and says so
        String[] analyze = {
            "analyze",
            SharedData.file("domains/telecom_usage_charges_churn_bigml.csv").toString(),
            "--domain",
            "telecom",
            "--no-model",
            "--no-unusual"
        };
        var r = run(analyze);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("note: bill_amount is 'Total day charge', the first of 4 columns whose names contain"
                        + " 'charge' (also 'Total eve charge', 'Total night charge', 'Total intl charge'): check it");
        var mapped = run(java.util.stream.Stream.concat(
                        java.util.Arrays.stream(analyze),
                        java.util.stream.Stream.of("--map", "bill_amount=Total eve charge"))
                .toArray(String[]::new));
        assertThat(mapped.out()).doesNotContain("note: bill_amount is");
        // 'International plan' (a Yes/No flag) plays the service: its plans read Yes and No, as in the file
        var json = run(java.util.stream.Stream.concat(
                        java.util.Arrays.stream(analyze), java.util.stream.Stream.of("--format", "json"))
                .toArray(String[]::new));
        assertThat(json.out()).contains("\"group\" : \"Yes\"").doesNotContain("\"group\" : \"true\"");
    }

    @Test
    void aFreshInstallTrainsTheDefaultLeakModelAndAnalysesGeneratedBills() throws Exception {
        Path data = generate("telecom", 3_000, 606);
        Path summary = home.resolve("summary.json");
        var r = run("analyze", data.toString(), "--domain", "telecom", "--summary", summary.toString());
        assertThat(r.code()).as(r.err()).isZero();
        var json = Json.mapper().readTree(summary.toFile());
        var detectors = json.path("detectors");
        assertThat(detectors.get(0).path("status").asString()).isEqualTo("ran");
        assertThat(detectors.get(0).path("detail").asString()).contains("leakage-telecom@1");
        var byType = json.path("metrics").path("revenue_impact").path("by_type");
        assertThat(byType.has("unbilled_usage")).isTrue();
        assertThat(byType.has("underbilling")).isTrue();
        assertThat(byType.has("payment_status_mismatch")).isTrue();
        assertThat(json.path("forecast").path("days").size()).isEqualTo(7);
    }

    @Test
    void trainDomainRetrainsOnLabelledDataAndLaterAnalysesUseIt() {
        Path labelled = generate("retail", 6_000, 17);
        var trained = run("train-domain", "retail", labelled.toString());
        assertThat(trained.code()).as(trained.err()).isZero();
        assertThat(trained.out()).contains("leakage-retail");
        Path data = generate("retail", 2_000, 18);
        var r = run("analyze", data.toString(), "--domain", "retail", "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        var json = Json.mapper().readTree(r.out());
        assertThat(json.path("detectors").get(0).path("detail").asString()).contains("leakage-retail@1");
    }

    @Nested
    class BadInput {

        @Test
        void aMissingRequiredColumnIsOneLineAndExitTwo() throws Exception {
            Path f = home.resolve("no-price.csv");
            Files.writeString(f, "receipt,department,qty\nR1,Food,2\n");
            var r = run("analyze", f.toString(), "--domain", "retail", "--no-model");
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err().strip().lines()).hasSize(1);
            assertThat(r.err()).startsWith("assay: ").contains("unit_price");
        }

        @Test
        void anUnknownDomainNamesTheDomainsThereAre() throws Exception {
            Path f = generate("retail", 200, 1);
            var r = run("analyze", f.toString(), "--domain", "banking");
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).contains("retail (supermarket)").contains("telecom");
        }

        @Test
        void aHostileRuleIsRefused() throws Exception {
            Path f = generate("retail", 200, 2);
            Path rules = home.resolve("rules.yaml");
            Files.writeString(
                    rules,
                    "rules:\n  - id: X\n    type: missing_tax\n    when: \"length(read_text('/etc/passwd')) > 0\"\n");
            var r = run("analyze", f.toString(), "--domain", "retail", "--no-model", "--rules", rules.toString());
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err().strip().lines()).hasSize(1);
            assertThat(r.err()).contains("read_text");
        }

        @Test
        void aBrokenPackInThePacksDirectoryDoesNotStopOtherDomainsAndIsNamedWhenAskedFor() throws Exception {
            Path f = generate("retail", 200, 3);
            Files.createDirectories(home.resolve("packs"));
            Files.writeString(home.resolve("packs/myshop.yaml"), "name: [a, b]\ncolumns:\n  - name: amount\n");
            var retail = run("analyze", f.toString(), "--domain", "retail", "--no-model", "--no-unusual");
            assertThat(retail.code()).as(retail.err()).isZero();
            var mine = run("analyze", f.toString(), "--domain", "myshop", "--no-model");
            assertThat(mine.code()).isEqualTo(2);
            assertThat(mine.err()).isEqualTo("assay: myshop.yaml: line 1, column 7: 'name' must be text, not a list\n");
        }

        @Test
        void aRuleThatDoesNotTypeCheckIsOneLineNamingTheRuleAndExitTwo() throws Exception {
            Path f = generate("retail", 200, 4);
            Path rules = home.resolve("typed.yaml");
            Files.writeString(rules, "rules:\n  - id: T_001\n    type: typed\n    when: \"product > 5\"\n");
            var r = run("analyze", f.toString(), "--domain", "retail", "--no-model", "--rules", rules.toString());
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err())
                    .isEqualTo("assay: invalid expression 'product > 5': rule T_001, when: it compares text with a"
                            + " number, which cannot be compared (convert one side, e.g. CAST(x AS DOUBLE))\n");
        }

        @Test
        void generateWritesParquetWhenAskedAndRefusesOtherFormats() throws Exception {
            Path parquet = home.resolve("sales.parquet");
            var ok = run("generate", "retail", "--rows", "100", "--out", parquet.toString());
            assertThat(ok.code()).as(ok.err()).isZero();
            assertThat(ok.out()).contains("truth in " + home.resolve("sales.truth.parquet"));
            var profile = run("profile", parquet.toString());
            assertThat(profile.code()).as(profile.err()).isZero();
            var refused = run(
                    "generate",
                    "retail",
                    "--rows",
                    "100",
                    "--out",
                    home.resolve("x.xlsx").toString());
            assertThat(refused.code()).isEqualTo(2);
            assertThat(refused.err())
                    .isEqualTo("assay: invalid output file '" + home.resolve("x.xlsx")
                            + "': the generator writes .csv or .parquet files; name it so\n");
            assertThat(home.resolve("x.xlsx")).doesNotExist();
        }

        @Test
        void aBadLeakRateIsRefused() {
            var r = run(
                    "generate",
                    "retail",
                    "--rows",
                    "10",
                    "--leak-rate",
                    "1.5",
                    "--out",
                    home.resolve("x.csv").toString());
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).startsWith("assay: ");
        }
    }
}
