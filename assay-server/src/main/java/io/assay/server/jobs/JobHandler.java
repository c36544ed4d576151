package io.assay.server.jobs;

import java.util.function.Function;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One kind of background work (profile a dataset, train a model, run an analysis). {@link #run} does the long work
 * without writing results; the {@link Outcome} it returns writes them in the same transaction that marks the job
 * succeeded, so a crash or a failure leaves earlier results as they were. Re-running a job after a crash is safe.
 */
public interface JobHandler {

    String kind();

    Outcome run(JobRecord job, JobContext context) throws Exception;

    /** Records a failure on the job's subject (e.g. a dataset's status), in the transaction that fails the job. */
    default void failed(JobRecord job, JobRecord.Error error, JdbcClient db) {}

    /**
     * @param commit writes the results (inside the job's final transaction) and returns a small JSON-able summary
     *     shown as the job's result
     */
    record Outcome(Function<JdbcClient, Object> commit) {}
}
