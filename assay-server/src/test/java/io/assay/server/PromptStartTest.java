package io.assay.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A queued job starts at once, not at JobRunr's next poll: with the poll set to 30 seconds, a small upload's profile
 * is done long before the next poll would have found it.
 */
class PromptStartTest {

    @Test
    void aQueuedJobStartsWithoutWaitingForThePoll() {
        try (var server = TestServer.start(
                Database.SQLITE, Map.of("assay.jobs.poll-seconds", 30, "assay.rate-limit.enabled", false))) {
            var admin = server.admin();
            var api = admin.as(admin.newUserKey("analyst"));
            byte[] tiny = "a,b\n1,2\n3,4\n".getBytes(StandardCharsets.UTF_8);
            // the first job may meet JobRunr's first poll after start; the second comes between two polls
            var first = api.upload("/api/v1/datasets", "first.csv", tiny);
            assertThat(api.awaitJob(first.json().get("job").get("id").asString())
                            .get("status")
                            .asString())
                    .isEqualTo("succeeded");
            long start = System.nanoTime();
            var second = api.upload("/api/v1/datasets", "second.csv", tiny);
            var job = api.awaitJob(second.json().get("job").get("id").asString());
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(job.get("status").asString()).isEqualTo("succeeded");
            assertThat(took)
                    .as("started by the queueing, not by a 30-second poll")
                    .isLessThan(Duration.ofSeconds(15));
        }
    }
}
