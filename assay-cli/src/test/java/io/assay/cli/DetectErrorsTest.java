package io.assay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.assay.core.json.Json;
import io.assay.testkit.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code assay detect} refusing what it cannot do with one line, and what its report says in the edge cases. */
class DetectErrorsTest {

    @TempDir
    Path home;

    record Run(int code, String out, String err) {}

    Run run(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = Main.run(
                args, new PrintWriter(out, true), new PrintWriter(err, true), Map.of("ASSAY_HOME", home.toString()));
        return new Run(code, out.toString(), err.toString());
    }

    static String cardio() {
        return SharedData.file("odds/cardio.csv").toString();
    }

    static String shop() {
        return SharedData.file("domains/supermarket_sales.csv").toString();
    }

    /** The registered artifact of detector {@code name}, found through the registry's index. */
    Path artifact(String name) throws Exception {
        var index = Json.mapper().readTree(home.resolve("registry/index.json").toFile());
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
        String sha =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        Path target =
                home.resolve("registry/artifacts").resolve(sha.substring(0, 2)).resolve(sha);
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
        tamper("cardio-if", d -> ((ArrayNode) d.get("parts").get(0).get("state").get("left")).set(0, 1_000_000_000));
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
        assertThat(r.err()).startsWith("assay: cannot read the saved detector: it is damaged: the forest splits -5");
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
                .contains("quality against 'label': ROC AUC and average precision undefined ('label' has one class);"
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
                .contains("parameters: n_estimators=100, max_samples=256, max_depth=12, extension_level=0, seed 42");

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
                .contains("cardio-train-if@1': is a model (task anomaly_detection, isolation_forest), not an anomaly"
                        + " detector: score a file with it by assay predict cardio-train-if FILE, or fit a detector"
                        + " with assay detect FILE --save NAME")
                .doesNotContain("is a anomaly");
    }
}
