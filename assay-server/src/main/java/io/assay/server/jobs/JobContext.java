package io.assay.server.jobs;

import io.assay.core.Progress;

/** What a running job can do besides its work: report progress (which also notices cancellation). */
public interface JobContext {

    /**
     * Progress for the domain code: stage and fraction are saved (throttled) for the job's status; when the job has
     * been cancelled the next update throws {@link JobCancelledException}, which stops the work.
     */
    Progress progress();
}
