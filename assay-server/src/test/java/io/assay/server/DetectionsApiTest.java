package io.assay.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.assay.testkit.SharedData;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Anomaly detection over real HTTP (on SQLite): a v1 detection as a job with its summary, paged flagged
 * rows and files; the spreadsheet seed's upload-then-analyse routes and shapes; another user sees nothing.
 */
class DetectionsApiTest {

    /** HTTP behaviour above the store: on SQLite only; the store contract tests try every query on PostgreSQL too. */
    private final Database database = Database.SQLITE;

    Api analyst() {
        var admin = TestServer.shared(database).admin();
        return admin.as(admin.newUserKey("analyst"));
    }

    private static JsonNode detect(Api api, Map<String, Object> body) {
        var r = api.post("/api/v1/detections", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        var job = api.awaitJob(r.json().get("job").get("id").asString());
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("succeeded");
        return job;
    }

    @Test
    void aSavedDetectorIsTheOwnersAndAppliesToAnotherDataset() {
        var api = analyst();
        String dataset = ModelsApiTest.readyDataset(api);
        var fitted = detect(
                api,
                Map.of(
                        "dataset_id",
                        dataset,
                        "method",
                        "iforest",
                        "exclude",
                        java.util.List.of("Invoice ID"),
                        "save",
                        "sales-watch"));
        assertThat(fitted.get("result").get("detector").get("id").asString()).isEqualTo("sales-watch@1");
        var versions = api.get("/api/v1/models/sales-watch").json();
        assertThat(versions).hasSize(1);
        assertThat(versions.get(0).get("type").asString()).isEqualTo("detector:iforest");

        String again = ModelsApiTest.readyDataset(api);
        var applied = detect(api, Map.of("dataset_id", again, "model", "sales-watch@1"));
        assertThat(applied.get("result").get("detector").get("id").asString()).isEqualTo("sales-watch@1");
        assertThat(applied.get("result").get("summary").get("flagged").asLong())
                .as("the saved detector flags the same rows of the same data")
                .isEqualTo(fitted.get("result").get("summary").get("flagged").asLong());
        assertThat(api.get("/api/v1/models/sales-watch").json())
                .as("applying registers nothing")
                .hasSize(1);

        var unknown = api.post("/api/v1/detections", Map.of("dataset_id", again, "model", "sales-watch@7"));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.problem()).isEqualTo("model-not-found");
        var both = api.post("/api/v1/detections", Map.of("dataset_id", again, "model", "sales-watch", "method", "lof"));
        assertThat(both.status()).isEqualTo(400);
        var badName = api.post("/api/v1/detections", Map.of("dataset_id", again, "save", "../escape"));
        assertThat(badName.status()).isEqualTo(400);
        var notADetector = api.post("/api/v1/detections", Map.of("dataset_id", again, "model", "nope"));
        assertThat(notADetector.status()).isEqualTo(404);

        var stranger = api.as(TestServer.shared(database).admin().newUserKey("analyst"));
        String theirs = ModelsApiTest.readyDataset(stranger);
        var refused = stranger.post("/api/v1/detections", Map.of("dataset_id", theirs, "model", "sales-watch"));
        assertThat(refused.status()).as("another user's detector is not found").isEqualTo(404);
    }

    @Test
    void flaggedRowsDownloadAsASpreadsheet() throws Exception {
        var api = analyst();
        String dataset = ModelsApiTest.readyDataset(api);
        var job = detect(
                api,
                Map.of(
                        "dataset_id",
                        dataset,
                        "method",
                        "robust",
                        "threshold",
                        Map.of("rule", "contamination", "value", 0.05)));
        String id = job.get("id").asString();
        long flagged = job.get("result").get("summary").get("flagged").asLong();
        var xlsx = api.get("/api/v1/detections/" + id + "/files/flagged.xlsx");
        assertThat(xlsx.status()).as(xlsx.toString()).isEqualTo(200);
        assertThat(xlsx.header("Content-Type")).contains("spreadsheetml");
        try (var wb =
                new org.dhatim.fastexcel.reader.ReadableWorkbook(new java.io.ByteArrayInputStream(xlsx.bytes()))) {
            var all = wb.getFirstSheet().read();
            assertThat(all).hasSize((int) flagged + 1);
            var header = all.getFirst();
            assertThat(header.getCellText(0)).isEqualTo("row_index");
            assertThat(header.getCellText(1)).isEqualTo("anomaly_score");
            assertThat(header.getCellText(4)).isEqualTo("feature_1");
            var first = api.get("/api/v1/detections/" + id + "/anomalies?size=1")
                    .json()
                    .get("items")
                    .get(0);
            assertThat(all.get(1).getCellAsNumber(0).orElseThrow().longValue())
                    .as("most anomalous first, as the JSON")
                    .isEqualTo(first.get("row_index").asLong());
        }
        var stranger = api.as(TestServer.shared(database).admin().newUserKey("analyst"));
        assertThat(stranger.get("/api/v1/detections/" + id + "/files/flagged.xlsx")
                        .status())
                .isEqualTo(404);
    }

    @Test
    void detectionRunsAsAJobAndItsFlaggedRowsArePagedAndDownloadable() {
        var api = analyst();
        String dataset = ModelsApiTest.readyDataset(api);
        var r = api.post(
                "/api/v1/detections",
                Map.of(
                        "dataset_id",
                        dataset,
                        "method",
                        "iforest",
                        "threshold",
                        Map.of("rule", "contamination", "value", 0.05),
                        "exclude",
                        java.util.List.of("Invoice ID")));
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        String id = r.json().get("detection").get("id").asString();
        var job = api.awaitJob(r.json().get("job").get("id").asString());
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("succeeded");

        var d = api.get("/api/v1/detections/" + id).json();
        assertThat(d.get("status").asString()).isEqualTo("succeeded");
        assertThat(d.get("summary").get("rows").asLong()).isEqualTo(1000);
        long flagged = d.get("summary").get("flagged").asLong();
        assertThat(flagged).isBetween(40L, 60L);

        var page = api.get("/api/v1/detections/" + id + "/anomalies?page=1&size=10")
                .json();
        assertThat(page.get("total").asLong()).isEqualTo(flagged);
        assertThat(page.get("items")).hasSize(10);
        JsonNode first = api.get("/api/v1/detections/" + id + "/anomalies?size=1")
                .json()
                .get("items")
                .get(0);
        assertThat(first.get("anomaly_score").asDouble())
                .as("most anomalous first")
                .isGreaterThanOrEqualTo(
                        page.get("items").get(0).get("anomaly_score").asDouble());
        assertThat(first.get("raw_data").has("Total")).isTrue();
        assertThat(first.get("anomalous_features")).isNotEmpty();
        double cut = first.get("anomaly_score").asDouble();
        assertThat(api.get("/api/v1/detections/" + id + "/anomalies?min_score=" + cut)
                        .json()
                        .get("total")
                        .asLong())
                .isGreaterThanOrEqualTo(1)
                .isLessThan(flagged);

        var scores = api.get("/api/v1/detections/" + id + "/files/scores.csv");
        assertThat(scores.status()).isEqualTo(200);
        assertThat(scores.header("Content-Disposition")).contains("scores.csv");
        assertThat(scores.text().lines().count()).isEqualTo(1001);
        assertThat(api.get("/api/v1/detections/" + id + "/files/flagged.json").json())
                .hasSize((int) flagged);
        assertThat(api.get("/api/v1/detections/" + id + "/files/..%2Fassay.db").status())
                .isIn(400, 404);

        var stranger = api.as(TestServer.shared(database).admin().newUserKey("analyst"));
        assertThat(stranger.get("/api/v1/detections/" + id).status()).isEqualTo(404);
        assertThat(stranger.get("/api/v1/detections/" + id + "/files/scores.csv")
                        .status())
                .isEqualTo(404);
    }

    @Test
    void badDetectionRequestsAreRefusedAtOnce() {
        var api = analyst();
        String dataset = ModelsApiTest.readyDataset(api);
        var badRule = api.post(
                "/api/v1/detections", Map.of("dataset_id", dataset, "threshold", Map.of("rule", "vibes", "value", 1)));
        assertThat(badRule.status()).isEqualTo(400);
        assertThat(badRule.json().get("detail").asString()).contains("percentile");
        var badShare = api.post(
                "/api/v1/detections",
                Map.of("dataset_id", dataset, "threshold", Map.of("rule", "contamination", "value", 0.9)));
        assertThat(badShare.status()).isEqualTo(400);
    }

    @Test
    void seedClientsUploadAnalyseAndReadAnomalies() {
        var api = analyst();
        var up = api.upload("/datasets/upload", SharedData.file("domains/supermarket_sales.csv"));
        assertThat(up.status()).as(up.toString()).isEqualTo(201);
        String id = up.json().get("id").asString();
        assertThat(up.json().get("status").asString()).isEqualTo("processing");
        assertThat(up.json().get("filename").asString()).isEqualTo("supermarket_sales.csv");

        // a seed client may ask for the analysis at once, before the dataset has been read: it gets it, not a 409
        var second = api.upload("/datasets/upload", SharedData.file("domains/supermarket_sales.csv"));
        var atOnce = api.post("/datasets/" + second.json().get("id").asString() + "/analyze?method=iforest", "");
        assertThat(atOnce.status()).as(atOnce.toString()).isIn(200, 202);

        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        JsonNode status = api.get("/datasets/" + id).json();
        while (status.get("status").asString().equals("processing") && System.nanoTime() < deadline) {
            Api.sleep(200);
            status = api.get("/datasets/" + id).json();
        }
        assertThat(status.get("status").asString()).as(status.toString()).isEqualTo("completed");
        assertThat(status.get("anomaly_count").asLong()).isPositive();
        assertThat(status.get("error_message").isNull()).isTrue();

        var anomalies = api.get("/datasets/" + id + "/anomalies").json();
        assertThat(anomalies).hasSize(status.get("anomaly_count").asInt());
        var a = anomalies.get(0);
        assertThat(a.has("row_index")).isTrue();
        assertThat(a.has("anomaly_score")).isTrue();
        assertThat(a.get("anomalous_features").get(0).has("feature_name")).isTrue();
        assertThat(a.get("anomalous_features").get(0).has("actual_value")).isTrue();
        assertThat(a.get("raw_data").has("Invoice ID")).isTrue();

        var analysed = api.post("/datasets/" + id + "/analyze?method=iforest", "");
        assertThat(analysed.status()).as(analysed.toString()).isEqualTo(200);
        assertThat(analysed.json().get("dataset_id").asString()).isEqualTo(id);
        assertThat(analysed.json().get("total_rows").asLong()).isEqualTo(1000);
        assertThat(analysed.json().get("anomalies_detected").asLong()).isPositive();

        var stranger = api.as(TestServer.shared(database).admin().newUserKey("analyst"));
        assertThat(stranger.get("/datasets/" + id).status()).isEqualTo(404);
        assertThat(stranger.get("/datasets/" + id + "/anomalies").status()).isEqualTo(404);
    }
}
