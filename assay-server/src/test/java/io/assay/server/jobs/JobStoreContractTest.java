package io.assay.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.assay.server.Database;
import io.assay.server.TestServer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every query of the {@code jobs} table, on SQLite and on PostgreSQL, without HTTP above it: a job's lifecycle
 * (queued, running with attempts and progress, finished with a result or an error), cancellation of a queued and of a
 * running job, listing by owner, status and kind, the count of active jobs, and expiry. The HTTP tests above the
 * store run on SQLite only (see the README's test section); this class is what keeps each query tried on both.
 */
@ParameterizedClass
@EnumSource(Database.class)
class JobStoreContractTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Parameter
    Database database;

    private JobStore store() {
        return TestServer.shared(database).bean(JobStore.class);
    }

    private static JobRecord queued(String owner, String kind, Instant created, Instant expires) {
        return new JobRecord(
                UUID.randomUUID().toString(),
                owner,
                kind,
                "subject-" + kind,
                JobStatus.QUEUED,
                "queued",
                0,
                0,
                false,
                JSON.readTree("{\"dataset_id\":\"d1\",\"params\":{\"n\":3}}"),
                null,
                null,
                created,
                null,
                null,
                expires);
    }

    @Test
    void aJobGoesFromQueuedToRunningToSucceededWithItsResult() {
        var store = store();
        String owner = UUID.randomUUID().toString();
        var created = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        var job = queued(owner, "train", created, created.plusSeconds(3600));
        store.insert(job);
        assertThat(store.find(job.id())).contains(job);
        assertThat(store.find(owner, job.id())).contains(job);
        assertThat(store.find("someone-else", job.id()))
                .as("another owner's job")
                .isEmpty();

        long started = created.toEpochMilli() + 5;
        assertThat(store.start(job.id(), started)).isTrue();
        var running = store.find(job.id()).orElseThrow();
        assertThat(running.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(running.attempts()).isEqualTo(1);
        assertThat(running.startedAt()).isEqualTo(Instant.ofEpochMilli(started));
        assertThat(running.stage()).isEqualTo("starting");

        assertThat(store.progress(job.id(), "training ".repeat(40), 42.5))
                .as("not cancelled")
                .isFalse();
        running = store.find(job.id()).orElseThrow();
        assertThat(running.progress()).isEqualTo(42.5);
        assertThat(running.stage()).as("a long stage is cut to the column").hasSize(200);

        assertThat(store.start(job.id(), started + 10))
                .as("a job interrupted by a crash is started again")
                .isTrue();
        assertThat(store.find(job.id()).orElseThrow().attempts()).isEqualTo(2);

        store.finish(
                job.id(),
                JobStatus.SUCCEEDED,
                JSON.readTree("{\"model_id\":\"m@1\",\"rows\":1000}"),
                null,
                started + 20);
        var done = store.find(job.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(done.progress()).isEqualTo(100.0);
        assertThat(done.stage()).isEqualTo("succeeded");
        assertThat(done.result().get("model_id").asString()).isEqualTo("m@1");
        assertThat(done.finishedAt()).isEqualTo(Instant.ofEpochMilli(started + 20));
        assertThat(done.request()).isEqualTo(job.request());
        assertThat(store.start(job.id(), started + 30))
                .as("a finished job is not started again")
                .isFalse();
        assertThat(store.progress(job.id(), "late", 1)).isFalse();
        assertThat(store.find(job.id()).orElseThrow().stage()).isEqualTo("succeeded");
    }

    @Test
    void aFailedJobKeepsItsErrorAndItsProgress() {
        var store = store();
        var now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        var job = queued(UUID.randomUUID().toString(), "analyze", now, now.plusSeconds(60));
        store.insert(job);
        store.start(job.id(), now.toEpochMilli());
        store.progress(job.id(), "reading", 30);
        store.finish(
                job.id(),
                JobStatus.FAILED,
                null,
                new JobRecord.Error("urn:assay:problem:missing-column", "x".repeat(5000)),
                now.toEpochMilli() + 1);
        var failed = store.find(job.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.result()).isNull();
        assertThat(failed.error().type()).isEqualTo("urn:assay:problem:missing-column");
        assertThat(failed.error().detail())
                .as("a long message is cut to 4000 characters")
                .hasSize(4000);
        assertThat(failed.progress()).as("progress stays where it failed").isEqualTo(30.0);
    }

    @Test
    void queuedAndRunningJobsAreCancelled() {
        var store = store();
        var now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String owner = UUID.randomUUID().toString();

        var waiting = queued(owner, "detect", now, now.plusSeconds(60));
        store.insert(waiting);
        assertThat(store.requestCancel(waiting.id())).isEqualTo(1);
        assertThat(store.cancelQueued(waiting.id(), now.toEpochMilli() + 1)).isEqualTo(1);
        var cancelled = store.find(waiting.id()).orElseThrow();
        assertThat(cancelled.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(cancelled.cancelRequested()).isTrue();
        assertThat(store.start(waiting.id(), now.toEpochMilli() + 2))
                .as("a cancelled job never starts")
                .isFalse();
        assertThat(store.requestCancel(waiting.id()))
                .as("nothing to cancel once finished")
                .isZero();

        var running = queued(owner, "detect", now, now.plusSeconds(60));
        store.insert(running);
        store.start(running.id(), now.toEpochMilli());
        assertThat(store.progress(running.id(), "scoring", 10)).isFalse();
        assertThat(store.requestCancel(running.id())).isEqualTo(1);
        assertThat(store.cancelQueued(running.id(), now.toEpochMilli()))
                .as("a running job is not cancelled by the queue")
                .isZero();
        assertThat(store.progress(running.id(), "scoring", 20))
                .as("its next progress report sees the request")
                .isTrue();
    }

    @Test
    void jobsAreListedByOwnerStatusAndKindNewestFirstAndPaged() {
        var store = store();
        var t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String owner = UUID.randomUUID().toString();
        var first = queued(owner, "train", t, t.plusSeconds(60));
        var second = queued(owner, "detect", t.plusMillis(1), t.plusSeconds(60));
        var third = queued(owner, "train", t.plusMillis(2), t.plusSeconds(60));
        var other = queued(UUID.randomUUID().toString(), "train", t.plusMillis(3), t.plusSeconds(60));
        for (var j : new JobRecord[] {first, second, third, other}) {
            store.insert(j);
        }
        store.start(third.id(), t.toEpochMilli());
        store.finish(third.id(), JobStatus.SUCCEEDED, JSON.readTree("{}"), null, t.toEpochMilli() + 1);

        assertThat(store.list(owner, null, null, 10, 0))
                .extracting(JobRecord::id)
                .containsExactly(third.id(), second.id(), first.id());
        assertThat(store.list(owner, null, null, 2, 0))
                .extracting(JobRecord::id)
                .containsExactly(third.id(), second.id());
        assertThat(store.list(owner, null, null, 2, 2))
                .as("the next page")
                .extracting(JobRecord::id)
                .containsExactly(first.id());
        assertThat(store.list(owner, null, null, 2, 3)).isEmpty();
        assertThat(store.list(owner, "SUCCEEDED", null, 10, 0))
                .extracting(JobRecord::id)
                .containsExactly(third.id());
        assertThat(store.list(owner, null, "train", 10, 0))
                .extracting(JobRecord::id)
                .containsExactly(third.id(), first.id());
        assertThat(store.list(owner, "QUEUED", "train", 10, 0))
                .extracting(JobRecord::id)
                .containsExactly(first.id());
        assertThat(store.countActive()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void finishedJobsPastTheirExpiryAreFoundAndDeleted() {
        var store = store();
        var now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String owner = UUID.randomUUID().toString();
        var old = queued(owner, "train", now.minusSeconds(100), now.minusSeconds(10));
        var stillRunning = queued(owner, "train", now.minusSeconds(100), now.minusSeconds(10));
        var fresh = queued(owner, "train", now, now.plusSeconds(3600));
        for (var j : new JobRecord[] {old, stillRunning, fresh}) {
            store.insert(j);
        }
        store.finish(old.id(), JobStatus.SUCCEEDED, JSON.readTree("{}"), null, now.toEpochMilli());
        store.finish(fresh.id(), JobStatus.SUCCEEDED, JSON.readTree("{}"), null, now.toEpochMilli());
        store.start(stillRunning.id(), now.toEpochMilli());

        var expired = store.expired(now.toEpochMilli()).stream()
                .filter(j -> j.owner().equals(owner))
                .map(JobRecord::id)
                .toList();
        assertThat(expired)
                .as("expired and finished; a running job is never expired")
                .containsExactly(old.id());
        store.delete(old.id());
        assertThat(store.find(old.id())).isEmpty();
        assertThat(store.find(fresh.id())).isPresent();
    }
}
