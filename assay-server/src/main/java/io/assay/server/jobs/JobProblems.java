package io.assay.server.jobs;

import io.assay.server.web.ApiException;
import io.assay.server.web.Problems;
import org.springframework.http.HttpStatus;

/** A failed or cancelled job's error as the problem a synchronous (seed) route answers with. */
public final class JobProblems {

    private JobProblems() {}

    public static ApiException of(JobRecord job) {
        var error = job.error();
        if (error == null) {
            return new ApiException(
                    HttpStatus.CONFLICT,
                    "job-" + job.status().label(),
                    "the job was " + job.status().label());
        }
        String code = error.type().replace(Problems.TYPE_PREFIX, "");
        return new ApiException(
                java.util.Set.of("internal-error", "out-of-memory", "stack-overflow")
                                .contains(code)
                        ? HttpStatus.INTERNAL_SERVER_ERROR
                        : HttpStatus.UNPROCESSABLE_CONTENT,
                code,
                error.detail());
    }
}
