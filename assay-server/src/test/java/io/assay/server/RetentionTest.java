package io.assay.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.assay.server.results.Cleanup;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Datasets and results are deleted, rows and files, once their time to live has passed. */
class RetentionTest {

    @Test
    void expiredDatasetsJobsAndResultFilesAreDeleted() throws Exception {
        try (var server = TestServer.start(
                Database.SQLITE,
                Map.of(
                        "spring.main.sources",
                        AdjustableClock.class.getName(),
                        "assay.ttl",
                        "24h",
                        "assay.cleanup-interval",
                        "1h",
                        "assay.rate-limit.enabled",
                        false))) {
            var admin = server.admin();
            var api = admin.as(admin.newUserKey("analyst"));
            String dataset = ModelsApiTest.readyDataset(api);
            var cleanup = server.context.getBean(Cleanup.class);
            var clock = server.context.getBean(AdjustableClock.class);
            var r = api.post("/api/v1/detections", Map.of("dataset_id", dataset, "method", "robust"));
            String id = r.json().get("job").get("id").asString();
            assertThat(api.awaitJob(id).get("status").asString()).isEqualTo("succeeded");
            assertThat(api.get("/api/v1/detections/" + id + "/files/scores.csv").status())
                    .isEqualTo(200);

            clock.advance(Duration.ofHours(23));
            assertThat(cleanup.run().datasets()).as("nothing has expired yet").isZero();
            assertThat(api.get("/api/v1/datasets/" + dataset).status()).isEqualTo(200);

            clock.advance(Duration.ofHours(2));
            var deleted = cleanup.run();
            assertThat(deleted.datasets()).isEqualTo(1);
            assertThat(deleted.jobs()).isGreaterThanOrEqualTo(2);
            assertThat(api.get("/api/v1/datasets/" + dataset).status()).isEqualTo(404);
            assertThat(api.get("/api/v1/detections/" + id).status()).isEqualTo(404);
            try (var files = Files.walk(server.dataDir.resolve("results"))) {
                assertThat(files.filter(Files::isRegularFile))
                        .as("result files deleted")
                        .isEmpty();
            }
            try (var files = Files.walk(server.dataDir.resolve("uploads"))) {
                assertThat(files.filter(Files::isRegularFile))
                        .as("uploads deleted")
                        .isEmpty();
            }
        }
    }
}
