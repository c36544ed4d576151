package io.assay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.assay.core.json.Json;
import io.assay.testkit.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code assay detect} as shared/specs/anomaly-detection.md describes it: outputs, formats, saved detectors, errors. */
class DetectCommandTest {

    static final int PLANTED = 37;

    @TempDir
    Path home;

    Path shop;

    Run run(String... args) {
        return Run.of(home, args);
    }

    /** The supermarket sales file with one planted extreme value: row 37's unit price is 5,000 (the rest are 10–100). */
    @BeforeEach
    void plantAnExtremeUnitPrice() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(SharedData.file("domains/supermarket_sales.csv")));
        String[] cells = lines.get(PLANTED + 1).split(",", -1);
        cells[6] = "5000";
        lines.set(PLANTED + 1, String.join(",", cells));
        shop = home.resolve("shop.csv");
        Files.write(shop, lines);
    }

    @Test
    void flagsTheRowsWritesBothFilesAndNamesThePlantedColumnFirst() throws Exception {
        Path flagged = home.resolve("out/flagged.csv");
        Path scores = home.resolve("out/all.csv");
        var r = run(
                "detect",
                shop.toString(),
                "--method",
                "ensemble",
                "-o",
                flagged.toString(),
                "--scores",
                scores.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("ensemble of iforest, autoencoder, robust: 1,000 rows scored, 50 flagged (5.0%)")
                .contains("threshold: 95th percentile of the training scores")
                .contains(
                        "would flag instead: 90th percentile 100 rows, 95th percentile 50 rows, 99th percentile 10 rows")
                .contains("left out: Invoice ID");

        List<String> all = Files.readAllLines(scores);
        assertThat(all).hasSize(1001);
        assertThat(all.getFirst()).isEqualTo("row_index,anomaly_score,is_anomaly");
        assertThat(all.get(1)).startsWith("0,");
        assertThat(all.stream().skip(1).filter(l -> l.endsWith(",1")).count()).isEqualTo(50);

        List<String> rows = Files.readAllLines(flagged);
        assertThat(rows).hasSize(51);
        assertThat(rows.getFirst())
                .startsWith("row_index,anomaly_score,confidence,severity,feature_1,value_1,typical_1,contribution_1,"
                        + "feature_2,value_2,typical_2,contribution_2,feature_3,value_3,typical_3,contribution_3,"
                        + "Invoice ID,Branch,City");
        String[] top = rows.get(1).split(",");
        assertThat(top[0]).isEqualTo(Integer.toString(PLANTED));
        assertThat(top[3]).isIn("critical", "high");
        assertThat(top[4]).isEqualTo("Unit price");
        assertThat(top[5]).isEqualTo("5000");
        double s1 = Double.parseDouble(top[1]);
        double s2 = Double.parseDouble(rows.get(2).split(",")[1]);
        assertThat(s1).isGreaterThanOrEqualTo(s2);
        assertThat(home.resolve("out")).isDirectoryNotContaining("glob:**/.*");
    }

    @Test
    void aSavedDetectorScoresANewFileAsItScoredTheFirstAndWritesJson() throws Exception {
        Path first = home.resolve("first.csv");
        var fit = run("detect", shop.toString(), "--method", "robust", "--save", "shop", "--scores", first.toString());
        assertThat(fit.code()).as(fit.err()).isZero();
        assertThat(fit.out()).contains("detector: shop@1");

        Path again = home.resolve("again.csv");
        Path flagged = home.resolve("flagged.json");
        var apply = run(
                "detect",
                "--model",
                "shop@1",
                shop.toString(),
                "--scores",
                again.toString(),
                "-o",
                flagged.toString(),
                "--format",
                "json");
        assertThat(apply.code()).as(apply.err()).isZero();
        assertThat(Files.readAllLines(again)).isEqualTo(Files.readAllLines(first));
        JsonNode summary = Json.mapper().readTree(apply.out());
        assertThat(summary.path("summary").path("method").asString()).isEqualTo("robust");
        assertThat(summary.path("summary").path("flagged").asLong()).isEqualTo(50);
        assertThat(summary.path("detector").path("version").asInt()).isEqualTo(1);

        JsonNode rows = Json.mapper().readTree(flagged.toFile());
        assertThat(rows.size()).isEqualTo(50);
        JsonNode top = rows.get(0);
        assertThat(top.path("row_index").asInt()).isEqualTo(PLANTED);
        assertThat(top.path("anomalous_features").get(0).path("feature_name").asString())
                .isEqualTo("Unit price");
        assertThat(top.path("anomalous_features").get(0).path("actual_value").asDouble())
                .isEqualTo(5000);
        assertThat(top.path("anomalous_features").get(0).has("typical_value")).isTrue();
        assertThat(top.path("raw_data").path("Invoice ID").asString()).isNotBlank();

        var models = run("models", "list", "--format", "json");
        assertThat(models.out()).contains("detector:robust");
    }

    @Test
    void writesAWorkbookAndHonoursAContamination() throws Exception {
        Path flagged = home.resolve("flagged.xlsx");
        var r = run(
                "detect", shop.toString(), "--method", "ocsvm", "--contamination", "0.01", "-o", flagged.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("10 flagged (1.0%)").contains("expected contamination 0.01");
        try (InputStream in = Files.newInputStream(flagged);
                var wb = new ReadableWorkbook(in)) {
            List<Row> rows = wb.getFirstSheet().read();
            assertThat(rows).hasSize(11);
            assertThat(rows.get(0).getCellText(0)).isEqualTo("row_index");
            assertThat(rows.get(1).getCellAsNumber(0).orElseThrow().intValue()).isEqualTo(PLANTED);
            assertThat(rows.get(1).getCellText(4)).isEqualTo("Unit price");
        }
    }

    @Test
    void aWorkbookShowsAFormulaFromTheInputAsText() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(shop));
        String row = lines.get(PLANTED + 1);
        lines.set(PLANTED + 1, "=cmd|'/C calc'!A0" + row.substring(row.indexOf(',')));
        Files.write(shop, lines);
        Path flagged = home.resolve("flagged.xlsx");
        var r = run("detect", shop.toString(), "--method", "robust", "-o", flagged.toString());
        assertThat(r.code()).as(r.err()).isZero();
        try (InputStream in = Files.newInputStream(flagged);
                var wb = new ReadableWorkbook(in)) {
            List<Row> rows = wb.getFirstSheet().read();
            assertThat(rows.get(0).getCellText(16)).isEqualTo("Invoice ID");
            assertThat(rows.get(1).getCellAsNumber(0).orElseThrow().intValue()).isEqualTo(PLANTED);
            assertThat(rows.get(1).getCellText(16)).isEqualTo("'=cmd|'/C calc'!A0");
        }
    }

    /** The rows of the printed table of flagged rows. */
    static long printedRows(String out) {
        return out.lines()
                .filter(l -> l.matches("\\s*\\d+\\s+-?[\\d.]+\\s+\\d\\.\\d{4}\\s+(low|medium|high|critical)\\s.*"))
                .count();
    }

    @Test
    void printsTheTopRowsAndCountsTheRest() throws Exception {
        var plain = run("detect", shop.toString(), "--method", "robust");
        assertThat(plain.code()).as(plain.err()).isZero();
        assertThat(plain.out()).contains("1,000 rows scored, 50 flagged");
        assertThat(printedRows(plain.out())).isEqualTo(20);
        assertThat(plain.out())
                .contains("30 more flagged rows not shown: write them all with -o FILE (.csv, .xlsx or .json), or show"
                        + " more with --top N");

        Path flagged = home.resolve("flagged.csv");
        var five = run("detect", shop.toString(), "--method", "robust", "--top", "5", "-o", flagged.toString());
        assertThat(printedRows(five.out())).isEqualTo(5);
        assertThat(five.out()).contains("45 more flagged rows in " + flagged);
        assertThat(Files.readAllLines(flagged)).hasSize(51);

        var none = run("detect", shop.toString(), "--method", "robust", "--top", "0");
        assertThat(printedRows(none.out())).isZero();
        assertThat(none.out()).contains("50 flagged rows not shown");

        var all = run("detect", shop.toString(), "--method", "robust", "--top", "60");
        assertThat(printedRows(all.out())).isEqualTo(50);
        assertThat(all.out()).doesNotContain("more flagged rows");

        var json = run("detect", shop.toString(), "--method", "robust", "--top", "3", "--format", "json");
        JsonNode result = Json.mapper().readTree(json.out());
        assertThat(result.path("summary").path("flagged").asLong()).isEqualTo(50);
        assertThat(result.path("top").size()).isEqualTo(3);
        assertThat(result.path("top").get(0).path("row_index").asInt()).isEqualTo(PLANTED);

        var negative = run("detect", shop.toString(), "--top", "-1");
        assertThat(negative.code()).isEqualTo(2);
        assertThat(negative.err())
                .isEqualTo("assay: invalid --top '-1': use 0 to 10,000; every flagged row is written by -o FILE\n");
    }

    @Test
    void evaluatesAgainstALabelColumn() throws Exception {
        var r = run("detect", SharedData.file("odds/cardio.csv").toString(), "--label", "label", "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode s = Json.mapper().readTree(r.out()).path("summary");
        assertThat(s.path("featuresUsed").toString()).doesNotContain("\"label\"");
        assertThat(s.path("quality").path("rocAuc").asDouble()).isGreaterThan(0.85);
        assertThat(s.path("quality").path("averagePrecision").asDouble()).isGreaterThan(0.3);
        assertThat(s.path("quality").has("f1")).isTrue();

        var unlabelled = run("detect", SharedData.file("odds/cardio.csv").toString(), "--method", "robust");
        assertThat(unlabelled.code()).as(unlabelled.err()).isZero();
        assertThat(unlabelled.out())
                .as("a label column used as a feature is pointed out")
                .contains("note: column 'label' looks like a ground-truth label", "--label label");
    }

    @Test
    void listsTheMethodsWithTheirHyperparameters() {
        var r = run("detect", "--methods");
        assertThat(r.code()).isZero();
        assertThat(r.out())
                .contains("iforest:")
                .contains("autoencoder:")
                .contains("ensemble:")
                .contains("epochs");
    }

    @Nested
    class BadInput {

        void refused(Run r, String message) {
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).startsWith("assay: ").contains(message);
            assertThat(r.err().strip().lines()).hasSize(1);
        }

        @Test
        void aMissingFileIsOneLine() {
            refused(run("detect", home.resolve("nope.csv").toString()), "nope.csv");
        }

        @Test
        void anUnknownMethodListsTheMethods() {
            refused(run("detect", shop.toString(), "--method", "kmeans"), "use one of iforest, autoencoder");
        }

        @Test
        void twoThresholdsAreOneTooMany() {
            refused(
                    run("detect", shop.toString(), "--contamination", "0.1", "--threshold-percentile", "90"),
                    "give one of --threshold-percentile, --contamination and --threshold");
        }

        @Test
        void aThresholdOutOfRangeIsNamed() {
            refused(run("detect", shop.toString(), "--threshold-percentile", "100"), "threshold percentile");
        }

        @Test
        void aSavedDetectorCannotBeRefitted() {
            refused(run("detect", "--model", "shop", shop.toString(), "--method", "lof"), "--method");
        }

        @Test
        void anUnknownDetectorIsNamed() {
            refused(run("detect", "--model", "nothing", shop.toString()), "nothing");
        }

        @Test
        void anUnknownLabelOrExcludedColumnIsNamed() {
            refused(run("detect", shop.toString(), "--label", "fraud"), "fraud");
            refused(run("detect", shop.toString(), "--exclude", "Colour"), "Colour");
        }

        @Test
        void anUnknownOutputFormatIsRefusedBeforeAnyWork() {
            refused(run("detect", shop.toString(), "-o", home.resolve("f.pdf").toString()), ".csv, .xlsx or .json");
            refused(
                    run(
                            "detect",
                            shop.toString(),
                            "--scores",
                            home.resolve("s.txt").toString()),
                    ".csv");
        }

        @Test
        void aFailedRunLeavesEarlierOutputsAsTheyWere() throws Exception {
            Path flagged = home.resolve("flagged.csv");
            Files.writeString(flagged, "earlier\n");
            refused(run("detect", shop.toString(), "--param", "n_trees=5", "-o", flagged.toString()), "n_trees");
            assertThat(Files.readString(flagged)).isEqualTo("earlier\n");
        }
    }

    /** Refusing what it cannot do with one line, and what the report says in the edge cases (trial 3). */
    @Nested
    class Refusals {

        static String cardio() {
            return SharedData.file("odds/cardio.csv").toString();
        }

        static String shop() {
            return SharedData.file("domains/supermarket_sales.csv").toString();
        }

        /** The registered artifact of detector {@code name}, found through the registry's index. */
        Path artifact(String name) throws Exception {
            var index =
                    Json.mapper().readTree(home.resolve("registry/index.json").toFile());
            for (JsonNode v : index.get("models")) {
                if (v.get("name").asString().equals(name)) {
                    String sha = v.get("estimatorSha256").asString();
                    return home.resolve("registry/artifacts")
                            .resolve(sha.substring(0, 2))
                            .resolve(sha);
                }
            }
            throw new AssertionError("no " + name + " in " + index);
        }

        /** Edits the saved detector {@code name} and stores it as its owner would: new checksum, index updated. */
        void tamper(String name, java.util.function.Consumer<ObjectNode> edit) throws Exception {
            Path file = artifact(name);
            ObjectNode doc;
            try (var in = new GZIPInputStream(Files.newInputStream(file))) {
                doc = (ObjectNode) Json.mapper().readTree(in);
            }
            edit.accept(doc);
            var bytes = new ByteArrayOutputStream();
            try (var gz = new GZIPOutputStream(bytes)) {
                gz.write(Json.mapper().writeValueAsBytes(doc));
            }
            byte[] b = bytes.toByteArray();
            String sha = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(b));
            Path target = home.resolve("registry/artifacts")
                    .resolve(sha.substring(0, 2))
                    .resolve(sha);
            Files.createDirectories(target.getParent());
            Files.write(target, b);
            Path indexFile = home.resolve("registry/index.json");
            var index = (ObjectNode) Json.mapper().readTree(indexFile.toFile());
            for (JsonNode v : index.get("models")) {
                if (v.get("name").asString().equals(name)) {
                    ((ObjectNode) v).put("estimatorSha256", sha).put("bytes", b.length);
                }
            }
            Files.writeString(indexFile, Json.mapper().writeValueAsString(index));
        }

        @Test
        void aDamagedSavedDetectorIsRefusedWithOneLineAndExitTwo() throws Exception {
            var r = run("detect", cardio(), "--save", "cardio-if", "--top", "0");
            assertThat(r.code()).as(r.err()).isZero();
            byte[] original = Files.readAllBytes(artifact("cardio-if"));

            // a byte changed on disk: the checksum no longer matches
            byte[] flipped = original.clone();
            flipped[flipped.length / 2] ^= 0x5a;
            Files.write(artifact("cardio-if"), flipped);
            r = run("detect", "--model", "cardio-if", cardio());
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err())
                    .startsWith("assay: cannot read the saved detector: cardio-if@1's model artifact ")
                    .contains("does not match its checksum");
            assertThat(r.err().lines().toList()).hasSize(1);
            Files.write(artifact("cardio-if"), original);

            // edited with the checksum recomputed: an index out of range, a cycle, a negative size
            tamper(
                    "cardio-if",
                    d -> ((ArrayNode) d.get("parts").get(0).get("state").get("left")).set(0, 1_000_000_000));
            r = run("detect", "--model", "cardio-if", cardio());
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err())
                    .isEqualTo("assay: cannot read the saved detector: it is damaged: node 0's children 1000000000 and"
                            + " 1000000001 are not after it in the 28248 nodes\n".replace("28248", nodes(original)));

            tamper("cardio-if", d -> {
                var state = (ObjectNode) d.get("parts").get(0).get("state");
                ((ArrayNode) state.get("left")).set(0, 1);
                ((ArrayNode) state.get("left")).set(1, 0);
            });
            r = run("detect", "--model", "cardio-if", cardio());
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).startsWith("assay: cannot read the saved detector: it is damaged: node ");
            assertThat(r.err().lines().toList()).hasSize(1);

            tamper("cardio-if", d -> ((ObjectNode) d.get("parts").get(0).get("state")).put("features", -5));
            r = run("detect", "--model", "cardio-if", cardio());
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err())
                    .startsWith("assay: cannot read the saved detector: it is damaged: the forest splits -5");
        }

        private static String nodes(byte[] saved) {
            try (var in = new GZIPInputStream(new java.io.ByteArrayInputStream(saved))) {
                return Integer.toString(Json.mapper()
                        .readTree(in)
                        .get("parts")
                        .get(0)
                        .get("state")
                        .get("left")
                        .size());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Test
        void aLabelThatIsNotBinaryIsRefusedSayingWhatALabelMustBe() {
            var r = run("detect", cardio(), "--label", "f3");
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err().lines().toList()).hasSize(1);
            assertThat(r.err())
                    .startsWith("assay: invalid label 'f3': a label must say which rows are anomalies, with two values:"
                            + " 1/0, true/false or yes/no")
                    .contains("'f3' holds other values, e.g. ");

            r = run("detect", shop(), "--label", "Gender");
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err()).contains("invalid label 'Gender'").contains("e.g. Female, Male");
        }

        @Test
        void aSingleClassLabelKeepsItsQualityLineAndSaysWhy() throws Exception {
            // cardio without its anomalies: every label is 0
            var lines = Files.readAllLines(Path.of(cardio()));
            var normal = new java.util.ArrayList<String>();
            normal.add(lines.getFirst());
            lines.stream().skip(1).filter(l -> l.endsWith(",0")).forEach(normal::add);
            Path file = home.resolve("normal.csv");
            Files.write(file, normal);
            var r = run("detect", file.toString(), "--label", "label", "--top", "0");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out())
                    .contains(
                            "quality against 'label': ROC AUC and average precision undefined ('label' has one class);"
                                    + " at the threshold precision 0.0000, recall 0.0000, F1 0.0000")
                    .contains("no row of 'label' is labelled an anomaly");
        }

        @Test
        void theParametersPrintedAreTheOnesParamTakes() {
            var r = run("detect", cardio(), "--method", "lof", "--top", "0");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("parameters: n_neighbors=20, scaling=minmax, seed 42");

            r = run("detect", cardio(), "--top", "0");
            assertThat(r.out())
                    .contains(
                            "parameters: n_estimators=100, max_samples=256, max_depth=12, extension_level=0, seed 42");

            r = run(
                    "detect",
                    cardio(),
                    "--method",
                    "ensemble",
                    "--param",
                    "members=robust,lof",
                    "--param",
                    "lof.scaling=standard",
                    "--top",
                    "0",
                    "--format",
                    "json");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out())
                    .contains("\"members\" : \"robust,lof\"")
                    .contains("\"lof.n_neighbors\" : 20")
                    .contains("\"lof.scaling\" : \"standard\"")
                    .contains("\"robust.combine\" : \"mean\"");
        }

        @Test
        void anOversizedAutoencoderIsOneLineNamingTheHyperparameter() {
            var r = run(
                    "detect",
                    cardio(),
                    "--method",
                    "autoencoder",
                    "--param",
                    "hidden=" + String.join(",", Collections.nCopies(40, "4096")),
                    "--param",
                    "networks=1");
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err().lines().toList()).hasSize(1);
            assertThat(r.err())
                    .startsWith("assay: invalid autoencoder hyperparameter hidden '4096,")
                    .contains("at most 8");

            r = run("detect", cardio(), "--method", "autoencoder", "--param", "hidden=4096,4096");
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err().lines().toList()).hasSize(1);
            assertThat(r.err()).contains("the network is too large").contains("at most 16,000,000");
        }

        @Test
        void runningOutOfMemoryIsOneLineAndExitOneWithTheTraceOnlyUnderDebug() {
            var err = new StringWriter();
            int code = Main.guarded(
                    () -> {
                        throw new OutOfMemoryError("Java heap space");
                    },
                    false,
                    new PrintWriter(err, true));
            assertThat(code).isEqualTo(1);
            assertThat(err.toString().lines().toList())
                    .singleElement()
                    .asString()
                    .startsWith("assay: ran out of memory (Java heap space)")
                    .contains("ASSAY_JAVA_OPTS=-Xmx");

            err = new StringWriter();
            code = Main.guarded(
                    () -> {
                        throw new StackOverflowError();
                    },
                    true,
                    new PrintWriter(err, true));
            assertThat(code).isEqualTo(1);
            assertThat(err.toString()).startsWith("assay: ran out of stack").contains("java.lang.StackOverflowError");
        }

        @Test
        void noFileIsAUsageLine() {
            var r = run("detect");
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err())
                    .startsWith("assay: Missing required parameter: 'FILE'")
                    .contains("Run 'assay detect --help' for usage.")
                    .doesNotContain("null");
        }

        @Test
        void anEnsembleCannotBeItsOwnMember() {
            var r = run("detect", shop(), "--method", "ensemble", "--param", "members=iforest,ensemble");
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err())
                    .isEqualTo("assay: invalid ensemble members 'iforest,ensemble': an ensemble cannot be a member of"
                            + " itself; name two or more of iforest, autoencoder, ocsvm, lof, robust\n");
        }

        @Test
        void topZeroSaysWhyNoRowIsShownAndTheAutoencoderSaysReconstructed() {
            var r = run("detect", shop(), "--top", "0");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out())
                    .contains("50 flagged rows not shown (--top 0): write them all with -o FILE")
                    .doesNotContain("--top N");

            r = run(
                    "detect",
                    cardio(),
                    "--label",
                    "label",
                    "--method",
                    "autoencoder",
                    "--param",
                    "networks=1",
                    "--param",
                    "epochs=3",
                    "--top",
                    "2");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("why (column: actual vs reconstructed, share)");
            assertThat(r.out()).doesNotContain("vs typical");
        }

        @Test
        void aTrainedModelIsNotADetectorAndTheMessageSaysHowToUseIt() {
            var r = run("train", cardio(), "--model", "isolation_forest", "--name", "cardio-train-if");
            assertThat(r.code()).as(r.err()).isZero();
            r = run("detect", "--model", "cardio-train-if", cardio());
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err())
                    .contains(
                            "cardio-train-if@1': is a model (task anomaly_detection, isolation_forest), not an anomaly"
                                    + " detector: score a file with it by assay predict cardio-train-if FILE, or fit a detector"
                                    + " with assay detect FILE --save NAME")
                    .doesNotContain("is a anomaly");
        }
    }
}
