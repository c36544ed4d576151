package io.assay.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.assay.testkit.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Detections over HTTP with inputs a user gets wrong: a saved detector applied to a dataset that lacks one of its
 * columns reports the filling as the CLI does; an oversized network, a missing label column or one that is not binary
 * is refused at submission (400).
 */
class DetectionInputsApiTest {

    static Api analyst() {
        var admin = TestServer.shared(Database.SQLITE).admin();
        return admin.as(admin.newUserKey("analyst"));
    }

    static String dataset(Api api, String name, byte[] content) {
        var upload = api.upload("/api/v1/datasets", name, content);
        assertThat(upload.status()).as(upload.toString()).isEqualTo(202);
        var job = api.awaitJob(upload.json().get("job").get("id").asString());
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("succeeded");
        return upload.json().get("dataset").get("id").asString();
    }

    static JsonNode finished(Api api, Map<String, Object> body) {
        var r = api.post("/api/v1/detections", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        return api.awaitJob(r.json().get("job").get("id").asString());
    }

    /** cardio.csv without its column f3. */
    static byte[] withoutF3() throws IOException {
        var out = new ArrayList<String>();
        for (String line : Files.readAllLines(SharedData.file("odds/cardio.csv"))) {
            var cells = new ArrayList<>(List.of(line.split(",", -1)));
            cells.remove(3);
            out.add(String.join(",", cells));
        }
        return (String.join("\n", out) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aSavedDetectorOnADatasetMissingAColumnReportsTheFilling() throws IOException {
        var api = analyst();
        String cardio = dataset(api, "cardio.csv", Files.readAllBytes(SharedData.file("odds/cardio.csv")));
        var fitted = finished(api, Map.of("dataset_id", cardio, "save", "srv-cardio", "label", "label"));
        assertThat(fitted.get("status").asString()).as(fitted.toString()).isEqualTo("succeeded");

        String miss = dataset(api, "miss.csv", withoutF3());
        var applied = finished(api, Map.of("dataset_id", miss, "model", "srv-cardio"));
        assertThat(applied.get("status").asString()).as(applied.toString()).isEqualTo("succeeded");

        var detection = api.get("/api/v1/detections/" + applied.get("id").asString());
        assertThat(detection.status()).isEqualTo(200);
        JsonNode d = detection.json();
        assertThat(d.get("summary").get("notes").toString())
                .as(d.toString())
                .contains("column 'f3' is missing; every row was filled with the training value");
        assertThat(d.get("report").toString()).as(d.toString()).contains("f3");
    }

    @Test
    void anOversizedAutoencoderIsRefusedAtSubmission() {
        var api = analyst();
        String tiny = dataset(api, "tiny.csv", "a,b\n1,2\n2,3\n3,4\n4,5\n5,7\n".getBytes(StandardCharsets.UTF_8));
        var r = api.post(
                "/api/v1/detections",
                Map.of(
                        "dataset_id",
                        tiny,
                        "method",
                        "autoencoder",
                        "params",
                        Map.of("hidden", String.join(",", Collections.nCopies(40, "4096")), "networks", "1")));
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.problem()).isEqualTo("invalid-option");
        assertThat(r.json().get("detail").asString()).contains("hidden").contains("at most 8 layers");
    }

    @Test
    void aLabelThatIsNotBinaryOrMissingIsRefusedAtSubmission() throws IOException {
        var api = analyst();
        String shop = dataset(api, "sales.csv", Files.readAllBytes(SharedData.file("domains/supermarket_sales.csv")));
        var r = api.post("/api/v1/detections", Map.of("dataset_id", shop, "label", "Gender"));
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.problem()).isEqualTo("invalid-option");
        assertThat(r.json().get("detail").asString())
                .contains("a label must say which rows are anomalies")
                .contains("'Gender' holds other values, e.g. Female, Male");

        // a continuous column: its profile has no top values, its examples show what it holds
        r = api.post("/api/v1/detections", Map.of("dataset_id", shop, "label", "Rating"));
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().get("detail").asString()).contains("'Rating' holds other values, e.g. ");

        r = api.post("/api/v1/detections", Map.of("dataset_id", shop, "label", "nosuch"));
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().get("detail").asString()).startsWith("no column 'nosuch'; the table has: Invoice ID");
        assertThat(api.get("/api/v1/detections").json())
                .as("nothing was queued")
                .isEmpty();
    }
}
