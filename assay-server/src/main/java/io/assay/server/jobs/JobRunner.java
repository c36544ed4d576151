package io.assay.server.jobs;

import io.assay.core.Progress;
import io.assay.core.error.AssayException;
import io.assay.server.web.HttpWords;
import io.assay.server.web.Problems;
import io.assay.server.web.ServerPaths;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jobrunr.jobs.annotations.Job;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs one job for JobRunr: marks it running, gives its handler a progress reporter, then in one transaction writes
 * the handler's results and marks the job succeeded (or records the failure). Bad input, internal errors and fatal
 * errors of the JVM (out of memory, out of stack) fail the job for good (re-running would fail the same way, and an
 * error left to JobRunr would be retried and leave the job 'running'); only a job interrupted by a crash is run
 * again, by JobRunr's retry, which is safe because nothing was written before the final transaction.
 */
@Component
public class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);
    private static final long PROGRESS_EVERY_NANOS = 250_000_000L;

    private final JobStore store;
    private final Map<String, JobHandler> handlers;
    private final TransactionTemplate tx;
    private final JdbcClient db;
    private final Clock clock;
    private final JsonMapper json;
    private final MeterRegistry meters;
    private final ServerPaths paths;

    JobRunner(
            JobStore store,
            List<JobHandler> handlers,
            TransactionTemplate tx,
            JdbcClient db,
            Clock clock,
            JsonMapper json,
            MeterRegistry meters,
            ServerPaths paths) {
        this.store = store;
        this.handlers = handlers.stream().collect(Collectors.toMap(JobHandler::kind, Function.identity()));
        this.tx = tx;
        this.db = db;
        this.clock = clock;
        this.json = json;
        this.meters = meters;
        this.paths = paths;
    }

    @Job(name = "assay job %0", retries = 2)
    public void run(String jobId) {
        var found = store.find(jobId);
        if (found.isEmpty() || found.get().status().terminal()) {
            return;
        }
        var job = found.get();
        if (!store.start(jobId, clock.millis())) {
            store.cancelQueued(jobId, clock.millis());
            return;
        }
        MDC.put("job_id", jobId);
        Timer.Sample sample = Timer.start(meters);
        String outcome = "failed";
        try {
            JobHandler handler = handlers.get(job.kind());
            if (handler == null) {
                fail(job, new JobRecord.Error(Problems.TYPE_PREFIX + "unknown-job", "no handler for " + job.kind()));
                return;
            }
            var result = handler.run(job, () -> new Reporter(jobId));
            tx.executeWithoutResult(s -> {
                Object summary = result.commit().apply(db);
                store.finish(jobId, JobStatus.SUCCEEDED, paths.hide(json.valueToTree(summary)), null, clock.millis());
            });
            outcome = "succeeded";
        } catch (Exception e) {
            if (cancelled(e)) {
                store.finish(jobId, JobStatus.CANCELLED, null, null, clock.millis());
                outcome = "cancelled";
            } else if (e instanceof AssayException a && a.kind() != AssayException.Kind.INTERNAL) {
                if (a instanceof io.assay.ml.registry.CorruptArtifactException) {
                    // the user sees why the job failed; only an operator can mend the data directory
                    log.warn("job {} ({}) failed on a damaged model file: {}", jobId, job.kind(), a.getMessage());
                }
                fail(job, new JobRecord.Error(Problems.TYPE_PREFIX + a.code(), a.getMessage()));
            } else {
                log.error("job {} ({}) failed", jobId, job.kind(), e);
                String detail = e instanceof AssayException a
                        ? a.getMessage()
                        : "internal error (" + e.getClass().getSimpleName() + "); see the server log for job " + jobId;
                fail(job, new JobRecord.Error(Problems.TYPE_PREFIX + "internal-error", detail));
            }
        } catch (Error e) {
            // an Error escaping to JobRunr would be retried and leave the job 'running' for good: it fails here
            log.error("job {} ({}) failed", jobId, job.kind(), e);
            fail(job, fatal(e, jobId));
        } finally {
            sample.stop(meters.timer("assay.jobs.duration", "kind", job.kind(), "outcome", outcome));
            MDC.remove("job_id");
        }
    }

    /**
     * The failure of a job that ended with an {@link Error}: running out of memory or stack is said in words (the same
     * input will fail the same way, so the job is not run again), anything else is an internal error.
     */
    static JobRecord.Error fatal(Error e, String jobId) {
        return switch (e) {
            case OutOfMemoryError m ->
                new JobRecord.Error(
                        Problems.TYPE_PREFIX + "out-of-memory",
                        "ran out of memory (" + m.getMessage() + "); the job needs more memory than the server has:"
                                + " use a smaller model or sample of the data, or give the server more heap"
                                + " (ASSAY_JAVA_OPTS=-Xmx…)");
            case StackOverflowError s ->
                new JobRecord.Error(
                        Problems.TYPE_PREFIX + "stack-overflow",
                        "ran out of stack: the job's input nests too deeply to process; see the server log for job "
                                + jobId);
            default ->
                new JobRecord.Error(
                        Problems.TYPE_PREFIX + "internal-error",
                        "internal error (" + e.getClass().getSimpleName() + "); see the server log for job " + jobId);
        };
    }

    private void fail(JobRecord job, JobRecord.Error raw) {
        var error = new JobRecord.Error(raw.type(), paths.hide(HttpWords.of(raw.detail())));
        JobHandler handler = handlers.get(job.kind());
        tx.executeWithoutResult(s -> {
            if (handler != null) {
                handler.failed(job, error, db);
            }
            store.finish(job.id(), JobStatus.FAILED, null, error, clock.millis());
        });
    }

    private static boolean cancelled(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JobCancelledException) {
                return true;
            }
        }
        return false;
    }

    /** Saves stage and percent at most four times a second and stops the work once the job is cancelled. */
    private final class Reporter implements Progress {
        private final String jobId;
        private long last;
        private String lastStage;

        Reporter(String jobId) {
            this.jobId = jobId;
        }

        @Override
        public synchronized void update(String stage, double fraction) {
            long now = System.nanoTime();
            if (now - last < PROGRESS_EVERY_NANOS && java.util.Objects.equals(stage, lastStage)) {
                return;
            }
            last = now;
            lastStage = stage;
            double percent = fraction < 0 ? -1 : Math.round(Math.clamp(fraction, 0, 1) * 1000) / 10.0;
            if (store.progress(jobId, paths.hide(stage), percent < 0 ? 0 : percent)) {
                throw new JobCancelledException(jobId);
            }
        }
    }
}
