package io.assay.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import io.assay.core.Progress;
import io.assay.core.json.Json;
import io.assay.core.table.Table;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import tools.jackson.databind.node.ObjectNode;

/**
 * Detectors saved by an earlier Assay version load and score exactly as they did: src/test/resources/golden/
 * detectors-v1 holds one file of format 1 per method and the scores each gave at the time. Regenerate only for a new
 * format, with -Dassay.golden.write=true, and keep the old files.
 */
class GoldenDetectorsTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden/detectors-v1");

    private static final Map<String, Map<String, String>> METHODS = Map.of(
            "iforest", Map.of("n_estimators", "10"),
            "autoencoder", Map.of("epochs", "5", "hidden", "8", "latent", "2", "patience", "0"),
            "ocsvm", Map.of(),
            "lof", Map.of(),
            "robust", Map.of(),
            "ensemble", Map.of("members", "iforest,robust", "iforest.n_estimators", "10"));

    private static Table rows() {
        return DetectorsTest.orders(40, 2, true);
    }

    @Test
    void detectorsOfFormatOneLoadAndScoreAsTheyDid() throws IOException {
        Map<?, ?> expected = Json.read(Files.readString(GOLDEN.resolve("scores.json")), Map.class);
        assertThat(expected.keySet().stream().map(Object::toString))
                .containsExactlyInAnyOrderElementsOf(METHODS.keySet());
        for (String method : METHODS.keySet()) {
            var model = AnomalyModel.load(Files.readAllBytes(GOLDEN.resolve(method + ".detector")));
            @SuppressWarnings("unchecked")
            double[] want = ((List<Number>) expected.get(method))
                    .stream().mapToDouble(Number::doubleValue).toArray();
            assertThat(model.score(rows())).as(method).containsExactly(want);
        }
    }

    @Test
    void anAutoencoderSavedBeforeColumnErrorScalesScoresWithPlainSquaredErrors() throws IOException {
        Table t = DetectorsTest.orders(200, 1, false);
        var plain = Detectors.fit(
                        t,
                        Detectors.Request.of("autoencoder")
                                .withParams(Map.of("epochs", "5", "patience", "0", "error_scale", "none")),
                        Progress.NONE)
                .model();
        var doc = (ObjectNode) Json.mapper().readTree(DetectorFile.json(plain.save()));
        var state = (ObjectNode) doc.get("parts").get(0).get("state");
        assertThat(state.has("errorScale")).isTrue();
        state.remove("errorScale");
        ((ObjectNode) doc.get("parts").get(0).get("options")).remove("scaleErrors");
        var older = AnomalyModel.load(gzip(Json.mapper().writeValueAsString(doc)));
        Table fresh = DetectorsTest.orders(50, 3, true);
        assertThat(older.score(fresh)).containsExactly(plain.score(fresh));
    }

    private static byte[] gzip(String json) throws IOException {
        var out = new ByteArrayOutputStream();
        try (var gz = new GZIPOutputStream(out)) {
            gz.write(json.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    @Test
    @EnabledIfSystemProperty(named = "assay.golden.write", matches = "true")
    void writeGoldenFiles() throws IOException {
        Files.createDirectories(GOLDEN);
        Table t = DetectorsTest.orders(200, 1, false);
        var scores = new LinkedHashMap<String, Object>();
        for (var e : METHODS.entrySet()) {
            var model = Detectors.fit(t, Detectors.Request.of(e.getKey()).withParams(e.getValue()), Progress.NONE)
                    .model();
            Files.write(GOLDEN.resolve(e.getKey() + ".detector"), model.save());
            scores.put(e.getKey(), model.score(rows()));
        }
        Files.writeString(GOLDEN.resolve("scores.json"), Json.write(scores));
    }
}
