package io.assay.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.assay.server.config.ServerSettings;
import io.assay.server.web.ServerPaths;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.sqlite.SQLiteDataSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * A job whose work ends with an {@link Error} (out of memory, out of stack) fails for good with the reason in words,
 * instead of escaping to JobRunr, being retried and staying 'running' with no error. The errors are thrown, not
 * provoked: no test allocates a heap's worth of memory.
 */
class FatalJobErrorTest {

    @TempDir
    Path dir;

    private record Setup(JobRunner runner, JobStore store) {}

    private Setup runnerThrowing(Error error) {
        var ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + dir.resolve("state.db"));
        Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        var db = JdbcClient.create(ds);
        var json = JsonMapper.builder().build();
        var store = new JobStore(db, json);
        JobHandler handler = new JobHandler() {
            @Override
            public String kind() {
                return "detect";
            }

            @Override
            public Outcome run(JobRecord job, JobContext context) {
                context.progress().update("fitting autoencoder", 0.23);
                throw error;
            }
        };
        var settings = new ServerSettings(dir, null, null, null, null, null, null, null, null);
        var runner = new JobRunner(
                store,
                List.of(handler),
                new TransactionTemplate(new JdbcTransactionManager(ds)),
                db,
                Clock.systemUTC(),
                json,
                new SimpleMeterRegistry(),
                new ServerPaths(settings));
        return new Setup(runner, store);
    }

    private static JobRecord queued(String id) {
        var now = Instant.now();
        return new JobRecord(
                id,
                "owner-1",
                "detect",
                "dataset-1",
                JobStatus.QUEUED,
                "queued",
                0,
                0,
                false,
                JsonMapper.builder().build().createObjectNode(),
                null,
                null,
                now,
                null,
                null,
                now.plusSeconds(3600));
    }

    @Test
    void aJobOutOfMemoryFailsOnceWithTheReasonAndARetryLeavesItFailed() {
        var s = runnerThrowing(new OutOfMemoryError("Java heap space"));
        String id = UUID.randomUUID().toString();
        s.store().insert(queued(id));

        s.runner().run(id); // an Error escaping here is what JobRunr retried
        s.runner().run(id); // JobRunr's retry, were there one: the job stays as it ended

        JobRecord job = s.store().find(id).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.attempts()).isEqualTo(1);
        assertThat(job.error().type()).endsWith("out-of-memory");
        assertThat(job.error().detail())
                .startsWith("ran out of memory (Java heap space)")
                .contains("-Xmx");
    }

    @Test
    void aJobOutOfStackFailsWithTheReason() {
        var s = runnerThrowing(new StackOverflowError());
        String id = UUID.randomUUID().toString();
        s.store().insert(queued(id));

        s.runner().run(id);

        JobRecord job = s.store().find(id).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.error().type()).endsWith("stack-overflow");
        assertThat(job.error().detail()).startsWith("ran out of stack");
        assertThat(JobProblems.of(job).status().value()).isEqualTo(500);
    }
}
