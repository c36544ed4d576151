package io.assay.server.models;

import io.assay.ml.registry.ModelVersion;
import io.assay.server.jobs.JobRecord;
import io.assay.server.security.Caller;
import io.assay.server.web.ApiException;
import io.assay.server.web.MayAnswerLater;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/models}: train (a job), list, versions, show, promote, roll back, best, delete, prune, predict. A
 * version is a number, {@code latest} (the highest number, whatever its stage: a rollback does not change it) or
 * {@code production}; none means production, else latest, which is what a client that follows promotions and
 * rollbacks wants.
 */
@RestController
@RequestMapping("/api/v1/models")
@Tag(name = "models", description = "Train, version, promote, roll back and predict with tabular models")
class ModelController {

    /**
     * @param rows the rows to predict, each column name → value (at most 10,000); or
     * @param datasetId an uploaded dataset to predict every row of, as a job writing {@code predictions.csv}
     * @param version a number, {@code latest} (the highest version number, whatever its stage: after a rollback, the
     *     version rolled back from), or {@code production} (empty: production, else latest)
     * @param explain add per-column contributions
     */
    record PredictBody(
            @Size(max = 10_000) @ArraySchema(minItems = 1, maxItems = 10_000)
            List<Map<String, Object>> rows,

            String datasetId,
            String version,
            boolean explain) {}

    /**
     * @param version the version to put back (empty: the version that was in production before the current one, by
     *     time, whatever its number)
     */
    record RollbackBody(Integer version) {}

    /**
     * @param keepLast keep the newest N versions of each model
     * @param keepDays keep versions younger than this many days
     */
    record PruneBody(Integer keepLast, Integer keepDays) {}

    private final ModelService models;

    ModelController(ModelService models) {
        this.models = models;
    }

    @PostMapping
    @Operation(
            summary = "Train a model on an uploaded dataset",
            description = "202 with the job; its result names the registered version, metrics and a preview")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, JobRecord> train(@Valid @RequestBody TrainBody body) {
        return Map.of("job", models.train(Caller.current(), body));
    }

    @GetMapping
    @Operation(
            summary = "Every version of every model of yours, by name then version",
            description = io.assay.server.jobs.Listing.PAGED_ALL)
    List<ModelVersion> list(
            @RequestParam(defaultValue = "" + io.assay.server.jobs.Listing.MAX_LIMIT) int limit,
            @RequestParam(defaultValue = "0") int offset) {
        return models.list(Caller.current(), limit, offset);
    }

    @GetMapping("/{name}")
    @Operation(summary = "The versions of a model, oldest first")
    List<ModelVersion> versions(@PathVariable String name) {
        return models.versions(Caller.current(), name);
    }

    @GetMapping("/{name}/versions/{version}")
    @Operation(summary = "A version: stage, metrics, provenance, and its full evaluation")
    ModelService.Shown show(@PathVariable String name, @PathVariable String version) {
        return models.show(Caller.current(), name, version);
    }

    @PostMapping("/{name}/versions/{version}/promote")
    @Operation(summary = "Put a version in production (the one there is archived)")
    ModelVersion promote(@PathVariable String name, @PathVariable int version) {
        return models.promote(Caller.current(), name, version);
    }

    @PostMapping("/{name}/rollback")
    @Operation(
            summary = "Put an earlier version back in production",
            description = "Without a version: the version that was in production before the current one (the archived"
                    + " version that left production most recently, whatever its number); a second rollback undoes"
                    + " the first. 409 nothing-to-roll-back when no archived version has been in production.")
    ModelVersion rollback(@PathVariable String name, @RequestBody(required = false) RollbackBody body) {
        return models.rollback(Caller.current(), name, body == null ? null : body.version());
    }

    @GetMapping("/{name}/best")
    @Operation(summary = "The version with the best value of a metric (highest, or lowest for errors)")
    ModelVersion best(@PathVariable String name, @RequestParam String metric) {
        return models.best(Caller.current(), name, metric);
    }

    @DeleteMapping("/{name}/versions/{version}")
    @Operation(summary = "Delete a version and its files (the production version only with force=true)")
    ResponseEntity<Void> delete(
            @PathVariable String name, @PathVariable int version, @RequestParam(defaultValue = "false") boolean force) {
        models.delete(Caller.current(), name, version, force);
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/{name}")
    @Operation(summary = "Delete every version of a model (with one in production only with force=true)")
    ResponseEntity<Void> deleteAll(@PathVariable String name, @RequestParam(defaultValue = "false") boolean force) {
        models.deleteAll(Caller.current(), name, force);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{name}/prune")
    @Operation(summary = "Delete the versions a retention rule does not keep (never the production one)")
    Map<String, List<ModelVersion>> prune(@PathVariable String name, @RequestBody PruneBody body) {
        if (body.keepLast() == null && body.keepDays() == null) {
            throw ApiException.badRequest(
                    "missing-parameter",
                    "give keep_last (how many of the newest versions to keep), keep_days (keep versions younger than"
                            + " this many days), or both");
        }
        return Map.of("deleted", models.prune(Caller.current(), name, body.keepLast(), body.keepDays()));
    }

    @PostMapping("/{name}/predict")
    @Operation(
            summary = "Predict rows, or every row of a dataset",
            description = "rows: column → value maps, answered at once; missing columns, unreadable values and"
                    + " unseen categories are handled and reported, not errors. dataset_id instead: 202 with the"
                    + " prediction job, whose file predictions.csv is at /api/v1/predictions/{id}/files/")
    @MayAnswerLater("dataset_id instead of rows: the prediction job")
    ResponseEntity<?> predict(@PathVariable String name, @Valid @RequestBody PredictBody body) {
        var caller = Caller.current();
        if (body.datasetId() != null) {
            if (body.rows() != null) {
                throw ApiException.badRequest("invalid-request", "give rows or dataset_id, not both");
            }
            JobRecord job = models.predictDataset(caller, name, body.version(), body.datasetId(), body.explain());
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("job", job));
        }
        if (body.rows() == null) {
            throw ApiException.badRequest("missing-parameter", "give rows to predict, or a dataset_id");
        }
        return ResponseEntity.ok(models.predict(caller, name, body.version(), body.rows(), body.explain()));
    }
}
