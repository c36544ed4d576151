package io.assay.server.jobs;

/** Thrown from a cancelled job's progress callback to stop its work. */
public final class JobCancelledException extends RuntimeException {
    public JobCancelledException(String jobId) {
        super("job " + jobId + " was cancelled", null, false, false);
    }
}
