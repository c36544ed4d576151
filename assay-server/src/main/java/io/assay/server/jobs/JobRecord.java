package io.assay.server.jobs;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * One background job as stored and as shown: what it works on, its state, progress in percent and the stage it is
 * at, and when it is done its result or its error.
 *
 * @param subject the dataset, model or result the job works on
 * @param progress 0..100
 * @param result what the job produced (ids and a summary), when it succeeded
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobRecord(
        String id,
        @JsonIgnore String owner,
        String kind,
        String subject,
        JobStatus status,
        String stage,
        double progress,
        int attempts,
        boolean cancelRequested,
        @JsonIgnore JsonNode request,
        JsonNode result,
        Error error,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        Instant expiresAt) {

    /** Why a job failed: a stable type (as in problem+json) and one line. */
    public record Error(String type, String detail) {}
}
