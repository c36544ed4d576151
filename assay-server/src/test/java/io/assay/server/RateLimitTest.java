package io.assay.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.assay.core.error.InvalidOptionException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rate limits per key answer 429 problem+json with Retry-After; --no-auth is refused off loopback. */
class RateLimitTest {

    @Test
    void overTheLimitsCallsGet429WithRetryAfter() {
        try (var server = TestServer.start(
                Database.SQLITE,
                Map.of(
                        "assay.rate-limit.per-minute", 6,
                        "assay.rate-limit.per-hour", 100,
                        "assay.rate-limit.uploads-per-minute", 1,
                        "assay.rate-limit.reads-per-minute", 30))) {
            var admin = server.admin();
            String key = admin.newUserKey("analyst");
            var api = admin.as(key);
            var first = api.upload("/api/v1/datasets", "a.csv", "x,y\n1,2\n".getBytes());
            assertThat(first.status()).as(first.toString()).isEqualTo(202);
            var second = api.upload("/api/v1/datasets", "b.csv", "x,y\n1,2\n".getBytes());
            assertThat(second.status()).as("uploads per minute").isEqualTo(429);
            assertThat(second.problem()).isEqualTo("rate-limited");
            assertThat(Long.parseLong(second.header("Retry-After"))).isBetween(1L, 60L);

            String job = first.json().get("job").get("id").asString();
            for (int i = 0; i < 25; i++) {
                var poll = api.get("/api/v1/jobs/" + job);
                assertThat(poll.status())
                        .as("polling a job is a read, far above the limit for work (poll %d)", i + 1)
                        .isEqualTo(200);
            }
            int ok = 0;
            Api.Response last = null;
            for (int i = 0; i < 10; i++) {
                last = api.post("/api/v1/jobs/" + job + "/cancel", "");
                if (last.status() != 429) {
                    ok++;
                } else {
                    break;
                }
            }
            assertThat(ok).as("work per minute, the two uploads included").isEqualTo(4);
            assertThat(last.status()).isEqualTo(429);
            assertThat(last.header("Content-Type")).startsWith("application/problem+json");
            assertThat(last.header("Retry-After")).isNotBlank();
            var reads = 0;
            while (api.get("/api/v1/datasets").status() == 200 && reads < 100) {
                reads++;
            }
            assertThat(reads)
                    .as("reads have their own limit per minute, 25 polls before")
                    .isEqualTo(5);
            assertThat(admin.get("/health").status())
                    .as("health is not limited")
                    .isEqualTo(200);
            var other = admin.as(admin.newUserKey("analyst"));
            assertThat(other.get("/api/v1/datasets").status())
                    .as("limits are per key")
                    .isEqualTo(200);
        }
    }

    @Test
    void noAuthIsOnlyAllowedOnALoopbackAddress() {
        assertThatThrownBy(() -> new AssayServer.Options(8080, "0.0.0.0", Path.of("."), true, Map.of()))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("loopback");
        assertThat(new AssayServer.Options(8080, "127.0.0.1", Path.of("."), true, Map.of()).noAuth())
                .isTrue();
    }
}
