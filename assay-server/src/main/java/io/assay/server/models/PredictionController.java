package io.assay.server.models;

import io.assay.server.jobs.JobRecord;
import io.assay.server.jobs.JobStatus;
import io.assay.server.jobs.Jobs;
import io.assay.server.results.ResultFiles;
import io.assay.server.security.Caller;
import io.assay.server.web.Downloads;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.core.io.Resource;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/predictions}: the dataset-wide predictions started by {@code POST /api/v1/models/{name}/predict} with
 * a {@code dataset_id}; a prediction is its job (same id), its file is {@code predictions.csv}.
 */
@RestController
@RequestMapping("/api/v1/predictions")
@Tag(name = "models", description = "Train, version, promote, roll back and predict with tabular models")
class PredictionController {

    private final Jobs jobs;
    private final ResultFiles results;

    PredictionController(Jobs jobs, ResultFiles results) {
        this.jobs = jobs;
        this.results = results;
    }

    private JobRecord prediction(String id) {
        return jobs.get(Caller.current(), id, PredictJob.KIND, "prediction");
    }

    @GetMapping("/{id}")
    @Operation(summary = "A dataset-wide prediction: its job's status, progress and result (rows, counts, report)")
    JobRecord get(@PathVariable String id) {
        return prediction(id);
    }

    @GetMapping("/{id}/files/{file}")
    @Operation(summary = "Download predictions.csv: the dataset's columns plus the predictions")
    ResponseEntity<Resource> download(@PathVariable String id, @PathVariable String file) {
        var job = prediction(id);
        if (job.status() != JobStatus.SUCCEEDED) {
            throw Jobs.notFinished("prediction", job, "files");
        }
        return Downloads.file(results.file(job.owner(), job.id(), file));
    }
}
