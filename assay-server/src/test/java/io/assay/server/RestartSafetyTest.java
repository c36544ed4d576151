package io.assay.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A service killed with SIGKILL in the middle of a job: after a restart on the same data directory the finished
 * results are all there, and the interrupted job is run again to completion by JobRunr; nothing is left
 * half-written. The first process is held ({@link PauseBeforeCommit}) at the worst moment, a training that has fitted
 * its model and written its files but not committed its result, so that the kill lands there on every run.
 */
class RestartSafetyTest {

    @Test
    void sigkillMidJobLosesNothingFinishedAndTheInterruptedJobIsRunAgain() throws Exception {
        Path dir = Files.createTempDirectory("assay-restart-");
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var command = new ArrayList<>(List.of(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-Xmx512m",
                // a process that lives for seconds: the quick compiler only, and no GC threads to share the cores with
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                AssayServer.class.getName(),
                "--spring.main.sources=" + PauseBeforeCommit.class.getName(),
                "--server.port=" + port,
                "--assay.data-dir=" + dir,
                "--assay.auth.admin-key=" + TestServer.ADMIN_KEY,
                "--assay.rate-limit.enabled=false",
                "--assay.log-format=plain",
                "--logging.level.root=WARN"));
        Process first = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("first.log").toFile())
                .start();
        try {
            var admin = new Api("http://127.0.0.1:" + port, TestServer.ADMIN_KEY);
            awaitReady(admin.as(null), first);
            var api = admin.as(admin.newUserKey("analyst"));

            String dataset = ModelsApiTest.readyDataset(api);
            var finished = api.post("/api/v1/detections", Map.of("dataset_id", dataset, "method", "robust"));
            String detection = finished.json().get("job").get("id").asString();
            assertThat(api.awaitJob(detection).get("status").asString()).isEqualTo("succeeded");
            String scoresBefore = api.get("/api/v1/detections/" + detection + "/files/scores.csv")
                    .text();

            String interrupted = ModelsApiTest.submitTraining(api, dataset, "interrupted", 20);
            Path marker = dir.resolve(PauseBeforeCommit.MARKER);
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!Files.exists(marker)) {
                assertThat(first.isAlive()).as("the first server is running").isTrue();
                assertThat(System.nanoTime())
                        .as("the training reached its commit")
                        .isLessThan(deadline);
                Api.sleep(50);
            }
            var held = api.get("/api/v1/jobs/" + interrupted).json();
            assertThat(held.get("status").asString()).as(held.toString()).isEqualTo("running");
            assertThat(held.get("attempts").asInt()).isEqualTo(1);
            first.destroyForcibly().waitFor();

            // JobRunr's own recovery: the dead node's job counts as orphaned after 4 polls (20 s) without its
            // heartbeat, and is retried
            try (var second = TestServer.start(Database.SQLITE, dir, Map.of("assay.rate-limit.enabled", false))) {
                var again = new Api(second.base, null).as(api.key());
                var before = again.get("/api/v1/detections/" + detection).json();
                assertThat(before.get("status").asString()).isEqualTo("succeeded");
                assertThat(again.get("/api/v1/detections/" + detection + "/files/scores.csv")
                                .text())
                        .as("finished results are intact")
                        .isEqualTo(scoresBefore);
                assertThat(again.get("/api/v1/datasets/" + dataset)
                                .json()
                                .get("status")
                                .asString())
                        .isEqualTo("ready");

                if (again.get("/api/v1/models/interrupted").status() != 404) {
                    assertThat(again.get("/api/v1/jobs/" + interrupted)
                                    .json()
                                    .get("status")
                                    .asString())
                            .as("a version is visible only once its training job has succeeded")
                            .isEqualTo("succeeded");
                }
                JsonNode job = again.awaitJob(interrupted);
                assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("succeeded");
                assertThat(job.get("attempts").asInt()).as("it was run again").isGreaterThanOrEqualTo(2);
                assertThat(job.get("result").get("model_id").asString()).isEqualTo("interrupted@1");
                assertThat(again.get("/api/v1/models/interrupted").json())
                        .as("the run killed before its commit registered nothing: one version, the re-run's")
                        .hasSize(1);
            }
        } finally {
            first.destroyForcibly();
        }
    }

    /**
     * Waits until the service accepts traffic: ready, not only listening, so that its admin key is installed (a key
     * presented before it exists is refused, and that answer is remembered for a while).
     */
    private static void awaitReady(Api api, Process process) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the server exited with " + process.exitValue());
            }
            try {
                if (api.get("/actuator/health/readiness").status() == 200) {
                    return;
                }
            } catch (RuntimeException e) {
                // not listening yet
            }
            Api.sleep(100);
        }
        throw new AssertionError("the server did not start");
    }
}
