package io.assay.server.jobs;

import io.assay.server.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/jobs}: status, progress and cancellation of background work. */
@RestController
@RequestMapping("/api/v1/jobs")
@Tag(name = "jobs", description = "Background work: status, progress in percent and stage, result, cancellation")
class JobController {

    private final Jobs jobs;

    JobController(Jobs jobs) {
        this.jobs = jobs;
    }

    @GetMapping
    @Operation(
            summary = "Your jobs, newest first",
            description = Jobs.PAGED + "; status and kind filter (an unknown one is 400)")
    List<JobRecord> list(
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String kind,
            @RequestParam(defaultValue = "100") int limit,
            @RequestParam(defaultValue = "0") int offset) {
        String s = Listing.oneOf(
                "status",
                status,
                java.util.Arrays.stream(JobStatus.values())
                        .map(JobStatus::label)
                        .toList());
        return jobs.list(Caller.current(), s == null ? null : JobStatus.parse(s), kind, limit, offset);
    }

    @GetMapping("/{id}")
    @Operation(summary = "A job's status, progress, result or error")
    JobRecord get(@PathVariable String id) {
        return jobs.get(Caller.current(), id);
    }

    @PostMapping("/{id}/cancel")
    @Operation(summary = "Cancel a queued or running job")
    @ResponseStatus(HttpStatus.ACCEPTED)
    JobRecord cancel(@PathVariable String id) {
        return jobs.cancel(Caller.current(), id);
    }
}
