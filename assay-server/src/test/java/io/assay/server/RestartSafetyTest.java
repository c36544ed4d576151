package io.assay.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.assay.testkit.SharedData;
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
 * results are all there, and the interrupted job ends (re-run to completion by JobRunr, or failed); nothing is left
 * half-written.
 */
class RestartSafetyTest {

    @Test
    void sigkillMidJobLosesNothingFinishedAndTheInterruptedJobEnds() throws Exception {
        Path dir = Files.createTempDirectory("assay-restart-");
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var command = new ArrayList<>(List.of(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-Xmx768m",
                "-cp",
                System.getProperty("java.class.path"),
                AssayServer.class.getName(),
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
            awaitHealthy(admin, first);
            var api = admin.as(admin.newUserKey("analyst"));

            var up = api.upload("/api/v1/datasets", SharedData.file("domains/telco_customer_churn_ibm.csv"));
            String dataset = up.json().get("dataset").get("id").asString();
            assertThat(api.awaitJob(up.json().get("job").get("id").asString())
                            .get("status")
                            .asString())
                    .isEqualTo("succeeded");
            var finished = api.post("/api/v1/detections", Map.of("dataset_id", dataset, "method", "robust"));
            String detection = finished.json().get("job").get("id").asString();
            assertThat(api.awaitJob(detection).get("status").asString()).isEqualTo("succeeded");
            String scoresBefore = api.get("/api/v1/detections/" + detection + "/files/scores.csv")
                    .text();

            var slow = api.post(
                    "/api/v1/models",
                    Map.of(
                            "dataset_id", dataset,
                            "target", "Churn",
                            "model", "xgboost",
                            "params", Map.of("n_estimators", 4000, "max_depth", 8, "learning_rate", 0.01),
                            "name", "slow"));
            assertThat(slow.status()).as(slow.toString()).isEqualTo(202);
            String interrupted = slow.json().get("job").get("id").asString();
            awaitStatus(api, interrupted, "running", Duration.ofSeconds(60));
            Api.sleep(1_500);
            first.destroyForcibly().waitFor();

            try (var second = TestServer.start(
                    Database.SQLITE, dir, Map.of("assay.rate-limit.enabled", false, "assay.jobs.poll-seconds", 5))) {
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

                if (again.get("/api/v1/models/slow").status() != 404) {
                    assertThat(again.get("/api/v1/jobs/" + interrupted)
                                    .json()
                                    .get("status")
                                    .asString())
                            .as("a version is visible only once its training job has succeeded")
                            .isEqualTo("succeeded");
                }
                JsonNode job = awaitStatus(again, interrupted, "terminal", Duration.ofSeconds(240));
                String status = job.get("status").asString();
                assertThat(status).isIn("succeeded", "failed");
                if (status.equals("succeeded")) {
                    assertThat(job.get("attempts").asInt())
                            .as("it was run again")
                            .isGreaterThanOrEqualTo(2);
                    assertThat(job.get("result").get("model_id").asString()).startsWith("slow@");
                    assertThat(again.get("/api/v1/models/slow").json())
                            .as("the run killed midway registered nothing: one version, the re-run's")
                            .hasSize(1);
                } else {
                    assertThat(job.has("result"))
                            .as("a failed job has no result")
                            .isFalse();
                    assertThat(job.get("error").get("detail").asString()).isNotBlank();
                    assertThat(again.get("/api/v1/models/slow").status())
                            .as("a failed training registers no version")
                            .isEqualTo(404);
                }
            }
        } finally {
            first.destroyForcibly();
        }
    }

    private static void awaitHealthy(Api api, Process process) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the server exited with " + process.exitValue());
            }
            try {
                if (api.get("/health").status() == 200) {
                    return;
                }
            } catch (RuntimeException e) {
                // not listening yet
            }
            Api.sleep(250);
        }
        throw new AssertionError("the server did not start");
    }

    private static JsonNode awaitStatus(Api api, String jobId, String wanted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode job = null;
        while (System.nanoTime() < deadline) {
            job = api.get("/api/v1/jobs/" + jobId).json();
            String s = job.get("status").asString();
            boolean terminal = s.equals("succeeded") || s.equals("failed") || s.equals("cancelled");
            if (s.equals(wanted) || (wanted.equals("terminal") && terminal)) {
                return job;
            }
            if (terminal) {
                throw new AssertionError("job ended before it could be interrupted: " + job);
            }
            Api.sleep(200);
        }
        throw new AssertionError("job " + jobId + " did not become " + wanted + ": " + job);
    }
}
