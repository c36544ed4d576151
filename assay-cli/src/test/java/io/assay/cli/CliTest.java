package io.assay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.assay.core.json.Json;
import io.assay.ml.registry.LocalArtifactStore;
import io.assay.testkit.SharedData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class CliTest {

    @TempDir
    Path home;

    Run run(String... args) {
        return Run.of(home, args);
    }

    static String supermarket() {
        return SharedData.file("domains/supermarket_sales.csv").toString();
    }

    @Test
    void printsItsVersion() {
        var r = run("--version");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("assay ");
    }

    @Test
    void helpListsTheCommands() {
        var r = run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("profile").contains("Examples:");
        // each command's first phrase, not its description's first line cut mid-sentence
        assertThat(r.out())
                .contains("Profile a table (CSV/TSV, gzip, XLSX, Parquet, JSON lines)\n")
                .doesNotContain("completeness, distinct values,\n")
                .doesNotContain("%n");
        assertThat(run("models", "--help").out())
                .contains("Put an earlier version back in production (default: the one in")
                .doesNotContain("(default\n");
        assertThat(Cli.summary(new String[] {"One thing", "and more: details. Others."}))
                .isEqualTo("One thing and more");
        assertThat(run("profile", "--help").out().replaceAll("\\s+", " "))
                .contains("(identifiers such as customer or invoice numbers: uniqueness and top values, no mean)")
                .contains("(a column more than 20% empty is named and costs its missing share once more)");
        assertThat(run("profile", "--help").out())
                .contains("--format")
                .contains("--sheet")
                .contains("Examples:");
    }

    @Test
    void everyCommandsHelpFormatsWithoutWarnings() {
        // picocli warns on System.err when a description holds an unescaped '%' ("Tax 5%"), and prints it raw
        var stderr = new java.io.ByteArrayOutputStream();
        var before = System.err;
        System.setErr(new java.io.PrintStream(stderr, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            var commands = Cli.commandLine(
                            new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), Map.of())
                    .getSubcommands()
                    .keySet();
            assertThat(commands).contains("profile", "analyze", "train");
            for (String c : commands) {
                var r = run(c, "--help");
                assertThat(r.code()).as(c).isZero();
            }
        } finally {
            System.setErr(before);
        }
        assertThat(stderr.toString(java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("WARN");
        assertThat(run("profile", "--help").out()).contains("\"Tax 5%\"");
    }

    @Nested
    class Profile {

        @Test
        void printsATableForPeople() {
            var r = run("profile", supermarket());
            assertThat(r.code()).isZero();
            assertThat(r.out())
                    .contains("1,000 rows × 17 columns")
                    .contains("Data quality: 100.0/100 (grade A)")
                    .contains("Product line")
                    .contains("categorical");
            assertThat(r.err()).isEmpty();
        }

        Run profileSuperstore() {
            var r = run(
                    "profile",
                    SharedData.file("domains/superstore_sales_discount_profit.csv")
                            .toString());
            assertThat(r.code()).as(r.err()).isZero();
            return r;
        }

        @Test
        void showsNumbersAndFlagsTheWayTheFileWritesThem() {
            var r = profileSuperstore();
            // Profit runs from -6,599.978 to 8,399.976: not "-6,600" and "8,400", nor Sales' max as "2.264e+04"
            assertThat(r.out()).contains("-6,599.98").contains("8,399.98").contains("22,638.48");
            assertThat(r.out()).doesNotContain("e+0");
            var telco = run("profile", Models.churn());
            // a flag column's top values in its own words; 99.98% complete is not printed as 100.0
            assertThat(telco.out()).contains("No (5,174)").doesNotContain("false (");
            assertThat(telco.out()).contains("completeness 99.9");
        }

        @Test
        void identifiersAreShownAsLabelsNotAsQuantities() {
            var r = profileSuperstore();
            String rowId = r.out()
                    .lines()
                    .filter(l -> l.startsWith("Row ID "))
                    .findFirst()
                    .orElseThrow();
            // 1..10,194 written as the file writes them, with no median, mean or outliers beside them
            assertThat(rowId.split(" {2,}"))
                    .containsExactly("Row ID", "integer (id)", "0.0%", "10,194", "1", "10194", "1, 2, 3");
            assertThat(r.out().lines().filter(l -> l.startsWith("Quantity ")))
                    .singleElement()
                    .asString()
                    .contains("integer ")
                    .doesNotContain("(id)")
                    .contains("3.79");
            assertThat(r.out())
                    .contains("identifiers (counted, not averaged): Row ID unique, Order ID 50.1% distinct,"
                            + " Customer ID 7.9% distinct");
        }

        @Test
        void numbersAreRoundedForReadersNotToFourDigits() {
            assertThat(ProfileReport.num(22638.48)).isEqualTo("22,638.48");
            assertThat(ProfileReport.num(-6599.978)).isEqualTo("-6,599.98");
            assertThat(ProfileReport.num(1.5)).isEqualTo("1.5");
            assertThat(ProfileReport.num(0.004567)).isEqualTo("0.004567");
            assertThat(ProfileReport.num(15000)).isEqualTo("15,000");
            assertThat(ProfileReport.num(2.5e18)).isEqualTo("2.500e+18");
            assertThat(ProfileReport.score(99.984)).isEqualTo("99.9");
            assertThat(ProfileReport.score(100)).isEqualTo("100.0");
        }

        @Test
        void printsJsonForScripts() {
            var r = run(
                    "profile",
                    supermarket(),
                    "--format",
                    "json",
                    "--check",
                    "abs(\"Total\" - (cogs + \"Tax 5%\")) < 0.01");
            assertThat(r.code()).isZero();
            JsonNode json = Json.mapper().readTree(r.out());
            assertThat(json.path("rows").asLong()).isEqualTo(1000);
            assertThat(json.path("columns").size()).isEqualTo(17);
            assertThat(json.path("quality")
                            .path("checks")
                            .get(0)
                            .path("violations")
                            .asLong())
                    .isZero();
            assertThat(json.path("ingest").path("format").asString()).isEqualTo("CSV");
        }

        @Test
        void writesTheResultToAFile() throws Exception {
            Path out = home.resolve("reports/p.json");
            var r = run("profile", supermarket(), "--format", "json", "--out", out.toString());
            assertThat(r.code()).isZero();
            assertThat(r.out()).isEmpty();
            assertThat(Json.mapper()
                            .readTree(Files.readString(out))
                            .path("rows")
                            .asLong())
                    .isEqualTo(1000);
        }

        @Test
        void honoursTypeOverridesAndTheDataDirectory() {
            Path dataDir = home.resolve("elsewhere");
            var r = run(
                    "profile",
                    supermarket(),
                    "--type",
                    "Quantity=decimal",
                    "--format",
                    "json",
                    "--data-dir",
                    dataDir.toString());
            assertThat(r.code()).isZero();
            assertThat(r.out()).contains("\"type\" : \"decimal\"");
            assertThat(dataDir.resolve("tmp")).isDirectory();

            Path before = home.resolve("before");
            var first = run("--data-dir", before.toString(), "models", "list");
            assertThat(first.code()).as(first.err()).isZero();
            assertThat(before).as("given before the command, as git -C is").isDirectory();
            assertThat(run("--data-dir", before.toString(), "profile", supermarket(), "--data-dir", dataDir.toString())
                            .code())
                    .isZero();
        }
    }

    @Nested
    class Errors {

        @Test
        void aMissingFileIsOneLineAndExitCodeTwo() {
            var r = run("profile", home.resolve("nowhere.csv").toString());
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).isEqualTo("assay: nowhere.csv: no such file\n");
            assertThat(r.out()).isEmpty();
        }

        @Test
        void aDirectoryIsNotAFileWhateverItsName() throws Exception {
            for (String name : List.of("adir", "looks-like.csv")) {
                Path dir = Files.createDirectories(home.resolve(name));
                var r = run("profile", dir.toString());
                assertThat(r.code()).isEqualTo(2);
                assertThat(r.err())
                        .isEqualTo("assay: " + name + ": is a directory; give one file (CSV, TSV, XLSX,"
                                + " Parquet or JSON lines)\n");
            }
        }

        @Test
        void anUnknownColumnInAnOverrideNamesTheColumns() {
            var r = run("profile", supermarket(), "--type", "Colour=categorical");
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).startsWith("assay: no column 'Colour'; the table has: Invoice ID, Branch");
            assertThat(r.err().lines().count()).isEqualTo(1);
        }

        @Test
        void aColumnNamedInTheWrongCaseGetsASuggestion() {
            var r = run(
                    "train",
                    SharedData.file("domains/telco_customer_churn_ibm.csv").toString(),
                    "--target",
                    "churn",
                    "--model",
                    "logistic_regression");
            assertThat(r.code()).as(r.err()).isEqualTo(2);
            assertThat(r.err()).startsWith("assay: no column 'churn' (did you mean 'Churn'?); the table has:");
        }

        @Test
        void anUnknownTypeIsAUsageError() {
            var r = run("profile", supermarket(), "--type", "Quantity=money");
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).contains("invalid column type 'money'");
        }

        @Test
        void aHostileCheckIsRefused() {
            var r = run("profile", supermarket(), "--check", "(SELECT count(*) FROM read_csv('/etc/passwd')) > 0");
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).startsWith("assay: invalid expression");
        }

        @Test
        void missingArgumentsAreUsageErrors() {
            var r = run("profile");
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).contains("Missing required parameter: 'FILE'");
        }

        @Test
        void debugShowsTheStackTrace() {
            var r = run("profile", home.resolve("nowhere.csv").toString(), "--debug");
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).contains("at io.assay.");
        }

        @Test
        void aDataDirectoryThatIsAFileIsRefused() throws Exception {
            Path file = Files.writeString(home.resolve("not-a-dir"), "x");
            var r = run("profile", supermarket(), "--data-dir", file.toString());
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).contains("invalid data directory");
        }
    }

    @Nested
    class Models {

        static String churn() {
            return SharedData.file("domains/telco_customer_churn_ibm.csv").toString();
        }

        @Test
        void trainsRegistersPredictsAndManagesVersions() throws Exception {
            var trained =
                    run("train", churn(), "--target", "Churn", "--model", "logistic_regression", "--name", "churn");
            assertThat(trained.code()).as(trained.err()).isZero();
            assertThat(trained.out())
                    .contains("churn@1: logistic_regression classification of 'Churn'")
                    .contains("roc_auc")
                    .contains("'customerID' left out");

            var second = run(
                    "train",
                    churn(),
                    "--target",
                    "Churn",
                    "--model",
                    "xgboost",
                    "--param",
                    "n_estimators=30",
                    "--name",
                    "churn",
                    "--format",
                    "json");
            assertThat(second.code()).isZero();
            JsonNode json = Json.mapper().readTree(second.out());
            assertThat(json.path("version").path("version").asInt()).isEqualTo(2);
            assertThat(json.path("evaluation").path("metrics").path("accuracy").asDouble())
                    .isGreaterThan(0.7);

            assertThat(run("models", "promote", "churn@1").out()).isEqualTo("churn@1 is now in production\n");
            var nothingBefore = run("models", "rollback", "churn");
            assertThat(nothingBefore.code()).isEqualTo(2);
            assertThat(nothingBefore.err())
                    .isEqualTo("assay: churn has no archived version that was in production before churn@1 to roll"
                            + " back to; promote a version by its number instead\n");
            run("models", "promote", "churn@2");
            assertThat(run("models", "rollback", "churn").out())
                    .as("back to the version in production before, though its number is lower")
                    .isEqualTo("churn@1 is back in production\n");
            assertThat(run("models", "best", "churn", "--metric", "log_loss").out())
                    .startsWith("churn@1 has the best log_loss");

            Path out = home.resolve("scored.csv");
            var predicted = run("predict", "churn", churn(), "-o", out.toString(), "--explain");
            assertThat(predicted.code()).as(predicted.err()).isZero();
            assertThat(predicted.out()).startsWith("churn@1: 7,043 rows predicted");
            var lines = Files.readAllLines(out);
            assertThat(lines).hasSize(7044);
            // the file's own words for its yes/no columns, in the copied input and in the predictions
            assertThat(lines.getFirst()).contains("prediction,probability_No,probability_Yes,contribution_");
            assertThat(lines.get(1)).startsWith("7590-VHVEG,Female,0,Yes,No,1,No,");
            int prediction = List.of(lines.getFirst().split(",")).indexOf("prediction");
            assertThat(lines.subList(1, lines.size()).stream()
                            .map(l -> l.split(",")[prediction])
                            .distinct())
                    .containsExactlyInAnyOrder("Yes", "No");

            var list = run("models", "list", "--format", "json");
            assertThat(Json.mapper().readTree(list.out()).size()).isEqualTo(2);
            assertThat(run("models", "delete", "churn@1").code()).isEqualTo(2);
            assertThat(run("models", "delete", "churn@2").code()).isZero();
            assertThat(run("models", "show", "churn@2").err()).isEqualTo("assay: no model churn@2; versions: 1\n");

            var nosuch = run("models", "delete", "nosuch");
            assertThat(nosuch.code()).isEqualTo(2);
            assertThat(nosuch.err()).isEqualTo("assay: no model nosuch; models: churn\n");
            var whole = run("models", "delete", "churn");
            assertThat(whole.code()).isEqualTo(2);
            assertThat(whole.err())
                    .isEqualTo("assay: churn@1 is production and cannot become archived: delete the whole model with"
                            + " --force, which deletes the production version too\n");
            assertThat(run("models", "delete", "churn", "--force").out()).isEqualTo("deleted churn@1\n");
            assertThat(Json.mapper()
                            .readTree(run("models", "list", "--format", "json").out())
                            .size())
                    .isZero();
        }

        @Test
        void aModelFileChangedOnDiskIsRefusedWithOneLineAndExitTwo() throws Exception {
            var trained = run(
                    "train", supermarket(), "--target", "Rating", "--model", "linear_regression", "--name", "rating");
            assertThat(trained.code()).as(trained.err()).isZero();
            try (var files = Files.walk(home.resolve("registry/artifacts"))) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    byte[] bytes = Files.readAllBytes(file);
                    bytes[bytes.length / 2] ^= 0x5a;
                    Files.write(file, bytes);
                }
            }

            var predicted = run(
                    "predict",
                    "rating",
                    supermarket(),
                    "-o",
                    home.resolve("p.csv").toString());
            assertThat(predicted.code())
                    .as("the data directory was changed behind Assay's back: not an internal error")
                    .isEqualTo(2);
            assertThat(predicted.err())
                    .startsWith("assay: model artifact ")
                    .endsWith(" does not match its checksum (changed on disk); refusing to load it\n");
            assertThat(home.resolve("p.csv")).doesNotExist();
        }

        @Test
        void pruneAlsoDeletesModelFilesNoVersionUsesOnceAnHourOld() throws Exception {
            // what a training killed between storing its model and registering it leaves behind
            var store = new LocalArtifactStore(home.resolve("registry").resolve("artifacts"));
            String old = store.put("an unfinished model".getBytes(StandardCharsets.UTF_8));
            String recent = store.put("a model being registered".getBytes(StandardCharsets.UTF_8));
            Path oldFile = home.resolve("registry/artifacts")
                    .resolve(old.substring(0, 2))
                    .resolve(old);
            Files.setLastModifiedTime(oldFile, FileTime.from(Instant.now().minus(Duration.ofHours(3))));

            var pruned = run("models", "prune", "--keep", "1");
            assertThat(pruned.code()).as(pruned.err()).isZero();
            assertThat(pruned.out())
                    .isEqualTo(
                            "no version to prune\ndeleted 1 model file(s) no version uses (19 bytes), left by trainings"
                                    + " that did not finish\n");
            assertThat(oldFile).doesNotExist();
            assertThat(store.exists(recent))
                    .as("too young: it may be registered right now")
                    .isTrue();
        }

        @Test
        void predictsToAWorkbookWithInertTextAndRefusesMoreRowsThanAWorksheetHolds() throws Exception {
            // the supermarket file with a spreadsheet formula as the first invoice's ID
            List<String> lines = new java.util.ArrayList<>(Files.readAllLines(Path.of(supermarket())));
            lines.set(
                    1, "=cmd|'/C calc'!A0" + lines.get(1).substring(lines.get(1).indexOf(',')));
            Path sales = home.resolve("sales.csv");
            Files.write(sales, lines);
            var trained = run(
                    "train",
                    sales.toString(),
                    "--target",
                    "Customer type",
                    "--model",
                    "logistic_regression",
                    "--name",
                    "members");
            assertThat(trained.code()).as(trained.err()).isZero();

            Path out = home.resolve("scored.xlsx");
            var predicted = run("predict", "members", sales.toString(), "-o", out.toString());
            assertThat(predicted.code()).as(predicted.err()).isZero();
            assertThat(predicted.out()).startsWith("members@1: 1,000 rows predicted");
            try (var in = Files.newInputStream(out);
                    var wb = new org.dhatim.fastexcel.reader.ReadableWorkbook(in)) {
                var rows = wb.getFirstSheet().read();
                assertThat(rows).hasSize(1001);
                var header = new java.util.ArrayList<String>();
                rows.getFirst().forEach(c -> header.add(c.getText()));
                assertThat(header).startsWith("Invoice ID", "Branch").contains("prediction", "probability_Member");
                assertThat(rows.get(1).getCellText(0)).isEqualTo("'=cmd|'/C calc'!A0");
                int unitPrice = header.indexOf("Unit price");
                assertThat(rows.get(1).getCell(unitPrice).getType())
                        .isEqualTo(org.dhatim.fastexcel.reader.CellType.NUMBER);
                assertThat(rows.get(1).getCellText(header.indexOf("prediction")))
                        .isIn("Member", "Normal");
            }
            assertThat(home).isDirectoryNotContaining("glob:**/.scored*");

            // one row more than a worksheet holds: refused after reading, before predicting, and nothing written
            Path tall = home.resolve("tall.csv");
            Files.writeString(tall, "Unit price\n" + "1\n".repeat(1_048_576));
            Path tooMany = home.resolve("tall.xlsx");
            var refused = run("predict", "members", tall.toString(), "-o", tooMany.toString());
            assertThat(refused.code()).isEqualTo(2);
            assertThat(refused.err())
                    .isEqualTo("assay: invalid output file '" + tooMany + "': 1,048,576 rows do not fit in an Excel"
                            + " worksheet (at most 1,048,575); write .csv or .parquet\n");
            assertThat(tooMany).doesNotExist();
            assertThat(run(
                                    "predict",
                                    "members",
                                    sales.toString(),
                                    "-o",
                                    home.resolve("x.xls").toString())
                            .err())
                    .endsWith("use a .csv, .parquet, .jsonl or .xlsx name\n");
        }

        @Test
        void refusesUnknownModelsAndHyperparameters() {
            var r = run("train", churn(), "--target", "Churn", "--model", "deep_forest");
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).startsWith("assay: invalid model 'deep_forest': use one of linear_regression");
            var p = run("train", churn(), "--target", "Churn", "--model", "xgboost", "--param", "depth=3");
            assertThat(p.code()).isEqualTo(2);
            assertThat(p.err())
                    .contains("invalid hyperparameter for xgboost 'depth': unknown; valid: n_estimators, max_depth");
            assertThat(run(
                                    "predict",
                                    "nothing",
                                    churn(),
                                    "-o",
                                    home.resolve("x.csv").toString())
                            .err())
                    .isEqualTo("assay: no model nothing; the registry is empty\n");
        }

        @Test
        void warnsOfTargetLeakageInTheTableAndTheJson() throws Exception {
            var text = run("train", supermarket(), "--target", "Total", "--model", "linear_regression");
            assertThat(text.code()).as(text.err()).isZero();
            assertThat(text.out())
                    .contains("\nwarning: columns 'Tax 5%', 'gross income', 'cogs' alone predict 'Total' almost"
                            + " perfectly (|correlation| 1.0000, 1.0000, 1.0000 on the training rows)");
            var json = Json.mapper()
                    .readTree(run(
                                    "train",
                                    supermarket(),
                                    "--target",
                                    "Total",
                                    "--model",
                                    "linear_regression",
                                    "--format",
                                    "json")
                            .out());
            var warning = json.path("evaluation").path("warnings").get(0);
            assertThat(warning.path("kind").asString()).isEqualTo("target_leakage");
            assertThat(warning.path("columns").size()).isEqualTo(3);
        }

        @Test
        void anUnsupervisedModelsMetricsAreOnTheTrainingRowsAndALabelColumnIsNamed() {
            var r = run("train", SharedData.file("odds/cardio.csv").toString(), "--model", "isolation_forest");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out())
                    .contains("1,831 rows trained, measured on the same rows (nothing is held out for anomaly"
                            + " detection)")
                    .doesNotContain("held out\n", "held out  ")
                    .contains("metric", "training rows")
                    .contains("warning: column 'label' looks like a ground-truth label and is used as a feature; pass"
                            + " --target label to evaluate against it instead");
        }

        @Test
        void listsModelTypesWithTheirHyperparameters() {
            var r = run("models", "types");
            assertThat(r.out()).contains("random_forest: random forest").contains("    max_features (");
        }
    }
}
