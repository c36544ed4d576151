package io.assay.server.jobs;

import io.assay.server.config.ServerSettings;
import io.assay.server.security.Caller;
import io.assay.server.web.ApiException;
import io.assay.server.web.Problems;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jobrunr.scheduling.JobScheduler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Background jobs as users see them: submit (answered at once with the job's id; JobRunr runs it on the same
 * database, surviving restarts), status with progress, cancellation, and waiting (for the seed routes that answered
 * synchronously). A user sees only their own jobs.
 */
@Service
public class Jobs {

    private final JobStore store;
    private final JobScheduler scheduler;
    private final Clock clock;
    private final ServerSettings settings;
    private final JsonMapper json;
    private final TransactionTemplate tx;
    private final ObjectProvider<JobHandler> handlers;

    Jobs(
            ObjectProvider<JobHandler> handlers,
            JobStore store,
            JobScheduler scheduler,
            Clock clock,
            ServerSettings settings,
            JsonMapper json,
            TransactionTemplate tx) {
        this.tx = tx;
        this.handlers = handlers;
        this.store = store;
        this.scheduler = scheduler;
        this.clock = clock;
        this.settings = settings;
        this.json = json;
    }

    /**
     * Records a job and queues it.
     *
     * @param request the job's parameters (read back by its handler)
     */
    public JobRecord submit(Caller caller, String kind, String subject, Object request) {
        return submit(caller, kind, subject, request, () -> {});
    }

    /**
     * Records a job together with {@code alsoInTransaction} (e.g. the dataset row it works on) in one transaction,
     * then queues it. Never call this inside a transaction: the queue lives in the same database, and SQLite has
     * one writer.
     */
    public JobRecord submit(Caller caller, String kind, String subject, Object request, Runnable alsoInTransaction) {
        var now = clock.instant();
        var job = new JobRecord(
                UUID.randomUUID().toString(),
                caller.owner(),
                kind,
                subject,
                JobStatus.QUEUED,
                "queued",
                0,
                0,
                false,
                json.valueToTree(request),
                null,
                null,
                now,
                null,
                null,
                now.plus(settings.ttl()));
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("jobs are submitted outside transactions");
        }
        tx.executeWithoutResult(s -> {
            alsoInTransaction.run();
            store.insert(job);
        });
        try {
            scheduler.<JobRunner>enqueue(UUID.fromString(job.id()), r -> r.run(job.id()));
        } catch (RuntimeException e) {
            store.finish(
                    job.id(),
                    JobStatus.FAILED,
                    null,
                    new JobRecord.Error(Problems.TYPE_PREFIX + "queue-unavailable", "the job could not be queued"),
                    clock.millis());
            throw e;
        }
        return job;
    }

    public JobRecord get(Caller caller, String id) {
        return store.find(caller.owner(), id).orElseThrow(() -> ApiException.notFound("job", id));
    }

    /**
     * The caller's job {@code id} of {@code kind}, shown to users as a {@code what} (an analysis, a detection, a
     * prediction): anything else is 404 "no {@code what} {@code id}".
     */
    public JobRecord get(Caller caller, String id, String kind, String what) {
        return store.find(caller.owner(), id)
                .filter(j -> j.kind().equals(kind))
                .orElseThrow(() -> ApiException.notFound(what, id));
    }

    /**
     * 409 {@code <what>-not-finished} for a job that has not succeeded, saying what that means for what the caller
     * asked ({@code missing}, e.g. "files"): a queued or running one will have it (retry later), a failed or cancelled
     * one never will (and why: its job's error).
     */
    public static ApiException notFinished(String what, JobRecord job, String missing) {
        String id = job.id();
        String message = switch (job.status()) {
            case FAILED ->
                what + " " + id + " failed, so it has no " + missing
                        + (job.error() == null ? "" : ": " + job.error().detail())
                        + " (its job: GET /api/v1/jobs/" + id + ")";
            case CANCELLED -> what + " " + id + " was cancelled, so it has no " + missing;
            default ->
                what + " " + id + " is " + job.status().label() + "; its " + missing
                        + " are ready when it has succeeded: retry later";
        };
        return ApiException.conflict(what.replace(' ', '-') + "-not-finished", message);
    }

    /** How a list of jobs (analyses, detections) is paged, for the API's documentation. */
    public static final String PAGED =
            "limit: 1 to " + Listing.MAX_LIMIT + " (default 100); offset: how many of the newest to"
                    + " skip (default 0), to page on; a value out of range is 400";

    /**
     * {@code caller}'s jobs, newest first, optionally of one status and kind: {@code limit} (1 to
     * {@value Listing#MAX_LIMIT}) of them after skipping {@code offset}; a limit, offset or kind out of range is refused
     * (400), never clamped.
     */
    public List<JobRecord> list(Caller caller, JobStatus status, String kind, int limit, int offset) {
        Listing.window(limit, offset);
        String k = Listing.oneOf(
                "kind",
                kind,
                handlers.orderedStream().map(JobHandler::kind).sorted().toList());
        return store.list(caller.owner(), status == null ? null : status.name(), k, limit, offset);
    }

    /** Cancels a queued job at once, or asks a running one to stop at its next progress report. */
    public JobRecord cancel(Caller caller, String id) {
        var job = get(caller, id);
        if (job.status().terminal()) {
            throw ApiException.conflict(
                    "job-finished", "job " + id + " has already " + job.status().label() + "; nothing to cancel");
        }
        store.requestCancel(id);
        if (store.cancelQueued(id, clock.millis()) == 1) {
            scheduler.delete(UUID.fromString(id));
        }
        return get(caller, id);
    }

    /** Waits until the job has finished or {@code timeout} has passed, and returns its state. */
    public JobRecord await(Caller caller, String id, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 20;
        while (true) {
            var job = get(caller, id);
            if (job.status().terminal() || System.nanoTime() > deadline) {
                return job;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return job;
            }
            pause = Math.min(500, pause * 2);
        }
    }

    /**
     * Deletes finished jobs past their expiry time and hands each to {@code beforeDelete} first (to delete its files);
     * returns how many.
     */
    public int deleteExpired(java.util.function.Consumer<JobRecord> beforeDelete) {
        var expired = store.expired(clock.millis());
        for (var job : expired) {
            beforeDelete.accept(job);
            store.delete(job.id());
        }
        return expired.size();
    }

    /** Jobs queued or running on any node. */
    public int active() {
        return store.countActive();
    }
}
