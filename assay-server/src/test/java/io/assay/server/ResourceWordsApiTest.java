package io.assay.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Answers speak of what the caller asked for (on SQLite): a missing analysis, detection or prediction is "no analysis
 * X", not "no job X"; a failed prediction's download says it failed and why, not that its files are not ready yet;
 * rows with none of the model's columns say which columns it reads; columns a model does not read are reported as
 * ignored, and a dataset with none of them is refused before its prediction job.
 */
class ResourceWordsApiTest {

    private final Database database = Database.SQLITE;

    @Test
    void missingResourcesFailedPredictionsAndIgnoredColumnsAreNamedAsSuch() throws Exception {
        var admin = TestServer.shared(database).admin();
        var api = admin.as(admin.newUserKey("analyst"));
        String dataset = ModelsApiTest.readyDataset(api);

        for (String what : new String[] {"analysis", "detection", "prediction"}) {
            String path = "/api/v1/" + (what.equals("analysis") ? "analyses" : what + "s") + "/nope";
            var r = api.get(path);
            assertThat(r.status()).as(r.toString()).isEqualTo(404);
            assertThat(r.problem()).isEqualTo(what + "-not-found");
            assertThat(r.json().get("detail").asString()).isEqualTo("no " + what + " nope");
        }

        ModelsApiTest.train(api, dataset, "members", 5);
        var none = api.post("/api/v1/models/members/predict", Map.of("rows", List.of(Map.of("gender", "Female"))));
        assertThat(none.status()).as(none.toString()).isEqualTo(400);
        assertThat(none.json().get("detail").asString())
                .contains("none of the model's columns were given")
                .contains("Unit price, Quantity, Product line, Gender");

        var extra = new LinkedHashMap<String, Object>(ModelsApiTest.ROW);
        extra.put("Bogus", 1);
        extra.put("Customer type", "Member");
        var predicted = api.post("/api/v1/models/members/predict", Map.of("rows", List.of(extra)));
        assertThat(predicted.status()).as(predicted.toString()).isEqualTo(200);
        assertThat(predicted.json().get("report").get("ignored_columns").toString())
                .isEqualTo("[\"Bogus\",\"Customer type\"]");

        var other = api.upload("/api/v1/datasets", "other.csv", "a,b\n1,2\n3,4\n".getBytes());
        api.awaitJob(other.json().get("job").get("id").asString());
        var unusable = api.post(
                "/api/v1/models/members/predict",
                Map.of("dataset_id", other.json().get("dataset").get("id").asString()));
        assertThat(unusable.status())
                .as("a dataset with none of the model's columns is refused at once: %s", unusable)
                .isEqualTo(400);
        assertThat(unusable.json().get("detail").asString()).contains("none of the model's columns were given");

        // the model's estimator damaged on disk after it was loaded for serving: the prediction job fails
        String estimator = api.get("/api/v1/models/members/versions/1")
                .json()
                .get("version")
                .get("estimator_sha256")
                .asString();
        try (var files = Files.walk(TestServer.shared(database).dataDir)) {
            var file = files.filter(f -> f.getFileName().toString().equals(estimator))
                    .findFirst()
                    .orElseThrow();
            Files.write(file, "damaged".getBytes());
        }
        var runner =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.assay.server.jobs.JobRunner");
        var events = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
        events.start();
        runner.addAppender(events);
        String id;
        JsonNode failed;
        try {
            var job = api.post("/api/v1/models/members/predict", Map.of("dataset_id", dataset));
            assertThat(job.status()).as(job.toString()).isEqualTo(202);
            id = job.json().get("job").get("id").asString();
            failed = api.awaitJob(id);
        } finally {
            runner.detachAppender(events);
        }
        assertThat(failed.get("status").asString()).isEqualTo("failed");
        assertThat(events.list)
                .as("the operator is told: only they can mend the data directory")
                .anyMatch(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN
                        && e.getFormattedMessage().contains("damaged model file"));
        var download = api.get("/api/v1/predictions/" + id + "/files/predictions.csv");
        assertThat(download.status()).as(download.toString()).isEqualTo(409);
        assertThat(download.problem()).isEqualTo("prediction-not-finished");
        assertThat(download.json().get("detail").asString())
                .startsWith("prediction " + id + " failed, so it has no files: ")
                .contains(failed.get("error").get("detail").asString())
                .contains("GET /api/v1/jobs/" + id)
                .doesNotContain("yet");
    }
}
