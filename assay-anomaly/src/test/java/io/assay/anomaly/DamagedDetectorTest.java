package io.assay.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.assay.core.Progress;
import io.assay.core.error.AssayException;
import io.assay.core.json.Json;
import io.assay.core.table.Table;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A saved detector edited after it was saved (as someone who recomputes the checksum can) is refused on load with one
 * line naming the damage, never an index, stack or array-size error from deep inside scoring.
 */
class DamagedDetectorTest {

    static final Table ORDERS = DetectorsTest.orders(300, 5, true);

    static byte[] saved(String method) {
        return Detectors.fit(ORDERS, Detectors.Request.of(method).withParams(DetectorsTest.fast(method)), Progress.NONE)
                .model()
                .save();
    }

    static byte[] edited(byte[] bytes, Consumer<ObjectNode> edit) {
        try (var in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            var doc = (ObjectNode) Json.mapper().readTree(in);
            edit.accept(doc);
            var out = new ByteArrayOutputStream();
            try (var gz = new GZIPOutputStream(out)) {
                gz.write(Json.mapper().writeValueAsBytes(doc));
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode state(ObjectNode doc) {
        return (ObjectNode) doc.get("parts").get(0).get("state");
    }

    /** Loads the edited file and returns the one-line reason it was refused. */
    static String refusal(byte[] bytes, Consumer<ObjectNode> edit) {
        Throwable t = catchThrowable(() -> AnomalyModel.load(edited(bytes, edit)));
        assertThat(t).isInstanceOf(DetectorFileException.class);
        assertThat(((AssayException) t).kind()).isEqualTo(AssayException.Kind.BAD_INPUT);
        assertThat(t.getMessage())
                .startsWith("cannot read the saved detector: ")
                .doesNotContain("\n");
        return t.getMessage();
    }

    @Test
    void anUntouchedFileLoads() {
        byte[] bytes = saved("iforest");
        assertThat(AnomalyModel.load(edited(bytes, doc -> {})).score(ORDERS))
                .containsExactly(AnomalyModel.load(bytes).score(ORDERS));
    }

    @Test
    void anIsolationForestWithBrokenTreesIsRefused() {
        byte[] bytes = saved("iforest");
        assertThat(refusal(bytes, d -> ((ArrayNode) state(d).get("left")).set(0, 1_000_000_000)))
                .contains("node 0's children 1000000000 and 1000000001 are not after it");
        // a cycle: node 1 points back at the root
        assertThat(refusal(bytes, d -> {
                    var left = (ArrayNode) state(d).get("left");
                    var feature = state(d).get("feature");
                    int split = 1;
                    while (feature.get(split).asInt() < 0) {
                        split++;
                    }
                    left.set(split, 0);
                }))
                .contains("are not after it");
        assertThat(refusal(bytes, d -> ((ArrayNode) state(d).get("feature")).set(0, 999)))
                .contains("the feature of node 0 is 999, outside 0..");
        assertThat(refusal(bytes, d -> state(d).put("features", -5))).contains("the forest splits -5 features");
        assertThat(refusal(bytes, d -> {
                    var split = (ArrayNode) state(d).get("split");
                    while (split.size() > 10) {
                        split.remove(split.size() - 1);
                    }
                }))
                .contains("the split points has 10 values where");
        assertThat(refusal(bytes, d -> ((ArrayNode) state(d).get("count")).set(0, -5)))
                .contains("node 0 holds -5 rows");
        assertThat(refusal(bytes, d -> ((ArrayNode) state(d).get("roots")).set(0, -1)))
                .contains("a tree root is -1");
        assertThat(refusal(bytes, d -> state(d).putNull("roots"))).contains("the tree roots is missing");
    }

    @Test
    void numbersThatAreNotFiniteAndWrongKindsAreRefused() {
        byte[] bytes = saved("iforest");
        assertThat(refusal(bytes, d -> ((ArrayNode) d.get("calibration").get("quantiles")).set(500, "NaN")))
                .contains("the calibration quantiles holds NaN at 500");
        assertThat(refusal(bytes, d -> ((ObjectNode) d.get("calibration")).put("rows", -1)))
                .contains("the calibration summarises -1 rows");
        assertThat(refusal(bytes, d -> ((ObjectNode) d.get("threshold")).put("value", 250)))
                .contains("threshold percentile");
        assertThat(refusal(bytes, d -> d.put("kind", "java-serialized")))
                .contains("it is a 'java-serialized' document, not a detector");
        assertThat(refusal(bytes, d -> ((ObjectNode) d.get("parts").get(0)).put("method", "mystery")))
                .contains("its method 'mystery' is not one Assay knows");
        assertThat(refusal(
                        bytes,
                        d -> ((ArrayNode) d.get("parts").get(0).get("spread").get("scale")).set(0, 0)))
                .contains("has a spread of 0.0");
        assertThat(refusal(bytes, d -> d.put("method", "ensemble")))
                .contains("the ensemble detector has 1 fitted method");
    }

    @Test
    void anAutoencoderWithBrokenLayersIsRefused() {
        byte[] bytes = saved("autoencoder");
        assertThat(refusal(bytes, d -> ((ArrayNode) state(d).get("sizes")).set(1, -5)))
                .contains("layer 1's size is -5");
        assertThat(refusal(bytes, d -> ((ArrayNode) state(d).get("sizes")).set(0, 3)))
                .contains("the network reads 3 and writes");
        assertThat(refusal(bytes, d -> {
                    var w = (ArrayNode) state(d).get("weights").get(0);
                    w.remove(w.size() - 1);
                }))
                .contains("network 0 layer 0 weights has");
        assertThat(refusal(bytes, d -> ((ArrayNode) state(d).get("biases")).remove(0)))
                .contains("network 0's bias vectors has");
        assertThat(refusal(bytes, d -> {
                    var sizes = (ArrayNode) state(d).get("sizes");
                    sizes.set(1, 4096);
                    sizes.set(sizes.size() - 2, 4096);
                }))
                .contains("weights has");
    }

    @Test
    void otherMethodsWithBrokenStatesAreRefused() {
        byte[] lof = saved("lof");
        assertThat(refusal(lof, d -> state(d).put("k", 0))).contains("the neighbourhood size k is 0");
        assertThat(refusal(lof, d -> ((ArrayNode) state(d).get("rows").get(3)).remove(0)))
                .contains("the training rows row 3 has");
        assertThat(refusal(lof, d -> ((ArrayNode) state(d).get("density")).remove(0)))
                .contains("the densities has");

        byte[] svm = saved("ocsvm");
        assertThat(refusal(svm, d -> ((ArrayNode) state(d).get("weights")).remove(0)))
                .contains("the weights has");
        assertThat(refusal(svm, d -> state(d).put("sigma", -1))).contains("the kernel width is -1.0");

        byte[] robust = saved("robust");
        assertThat(refusal(robust, d -> ((ArrayNode) state(d).get("center")).remove(0)))
                .contains("the robust state centre has");

        byte[] ensemble = saved("ensemble");
        assertThat(refusal(ensemble, d -> ((ObjectNode) d.get("parts").get(1).get("state")).putNull("center")))
                .contains("the robust state centre is missing");
    }

    @Test
    void aNumberJsonCannotHoldIsRefusedWithoutTheParsersAdvice() throws IOException {
        String json = DetectorFile.json(saved("robust")).replaceFirst("\"rows\":\\d+", "\"rows\":NaN");
        var out = new ByteArrayOutputStream();
        try (var gz = new GZIPOutputStream(out)) {
            gz.write(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        assertThat(catchThrowable(() -> AnomalyModel.load(out.toByteArray())))
                .isInstanceOf(DetectorFileException.class)
                .hasMessageStartingWith("cannot read the saved detector: it is damaged: it is not valid JSON (line 1")
                .message()
                .doesNotContain("enable", "ALLOW");
    }

    @Test
    void aFileThatIsNotADetectorIsRefused() {
        assertThat(catchThrowable(() -> AnomalyModel.load(new byte[] {1, 2, 3})))
                .isInstanceOf(DetectorFileException.class)
                .hasMessage("cannot read the saved detector: not a saved detector (expected gzip-compressed JSON)");
        assertThat(catchThrowable(() -> AnomalyModel.load(edited(saved("robust"), d -> d.removeAll()))))
                .isInstanceOf(DetectorFileException.class);
    }
}
