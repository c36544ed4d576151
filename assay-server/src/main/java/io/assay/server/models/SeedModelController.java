package io.assay.server.models;

import io.assay.ml.Task;
import io.assay.ml.Trainer;
import io.assay.ml.zoo.ModelZoo;
import io.assay.server.config.ServerSettings;
import io.assay.server.datasets.Datasets;
import io.assay.server.jobs.JobProblems;
import io.assay.server.jobs.JobStatus;
import io.assay.server.jobs.Jobs;
import io.assay.server.security.Caller;
import io.assay.server.web.ApiException;
import io.assay.server.web.MayAnswerLater;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The train/predict seed system's routes, field names and shapes, over the same use cases as {@code /api/v1/models}:
 * {@code GET /models} (the model types by kind), {@code POST /train} (answers when training is done, like the seed;
 * 202 with the job if it takes longer than {@code assay.jobs.wait-for-seed-routes}), {@code POST /predict},
 * {@code POST /save}, {@code GET /models/{model_id}}, {@code DELETE /models/{model_id}}. A {@code model_id} is
 * {@code name@version}.
 */
@RestController
@Tag(name = "seed: models", description = "The train/predict seed system's routes, for its existing clients")
class SeedModelController {

    /**
     * The seed's training request; {@code dataset_id} (an uploaded dataset) or {@code csv_url}.
     *
     * @param modelName a model type ({@code random_forest}, {@code xgboost} or the seed's {@code xgboost_model}...)
     * @param name the registered name (default: the model type)
     */
    record SeedTrain(
            String csvUrl,
            String datasetId,
            List<String> features,
            String target,
            Double testSize,
            String modelName,
            Map<String, Object> hyperparams,
            String name) {}

    /** @param data rows as arrays in the model's input column order, or as column → value objects */
    record SeedPredict(
            @NotNull String modelId,

            @NotNull @Size(max = 10_000) @ArraySchema(minItems = 1, maxItems = 10_000)
            List<JsonNode> data,

            Boolean explain) {}

    record SeedModelId(@NotNull String modelId) {}

    private final ModelService models;
    private final Datasets datasets;
    private final Jobs jobs;
    private final ServerSettings settings;

    SeedModelController(ModelService models, Datasets datasets, Jobs jobs, ServerSettings settings) {
        this.models = models;
        this.datasets = datasets;
        this.jobs = jobs;
        this.settings = settings;
    }

    @GetMapping("/models")
    @Operation(summary = "The model types, by kind (seed shape)")
    Map<String, Object> types() {
        var byKind = new LinkedHashMap<String, Object>();
        for (String kind : List.of("supervised", "unsupervised", "anomaly_detection")) {
            byKind.put(kind, new LinkedHashMap<String, Object>());
        }
        for (Trainer<?> t : ModelZoo.all()) {
            String kind = t.tasks().contains(Task.ANOMALY_DETECTION)
                    ? "anomaly_detection"
                    : t.tasks().contains(Task.CLUSTERING) ? "unsupervised" : "supervised";
            var info = new LinkedHashMap<String, Object>();
            info.put("name", t.name());
            info.put("description", t.description());
            info.put(
                    "tasks",
                    t.tasks().stream()
                            .map(x -> x.name().toLowerCase(Locale.ROOT))
                            .sorted()
                            .toList());
            info.put("hyperparameters", t.hyperparameters());
            @SuppressWarnings("unchecked")
            var group = (Map<String, Object>) byKind.get(kind);
            group.put(t.name(), info);
        }
        return byKind;
    }

    @PostMapping("/train")
    @Operation(summary = "Train a model (seed shape): model_id, metrics, model_name, created_at, preview")
    @MayAnswerLater("still training after the wait: job_id, status and progress to poll at /api/v1/jobs/{id}")
    ResponseEntity<Map<String, Object>> train(@RequestBody SeedTrain body) {
        var caller = Caller.current();
        if (body.modelName() == null || body.modelName().isBlank()) {
            throw ApiException.badRequest("missing-parameter", "model_name is required, e.g. random_forest");
        }
        String type = body.modelName().trim().toLowerCase(Locale.ROOT).replaceFirst("_model$", "");
        String datasetId = body.datasetId();
        if (body.csvUrl() != null && !body.csvUrl().isBlank()) {
            if (datasetId != null && !datasetId.isBlank()) {
                throw ApiException.badRequest("invalid-request", "give dataset_id or csv_url, not both");
            }
            ModelZoo.trainer(type);
            var fetched = datasets.fetch(caller, "csv_url", body.csvUrl(), null);
            var read = jobs.await(caller, fetched.job().id(), settings.jobs().waitForSeedRoutes());
            if (read.status() != JobStatus.SUCCEEDED) {
                throw read.status().terminal()
                        ? JobProblems.of(read)
                        : ApiException.notYet(
                                "dataset-not-ready",
                                "the file at csv_url is still being read; retry with dataset_id "
                                        + fetched.dataset().id(),
                                Datasets.RETRY_AFTER_SECONDS);
            }
            datasetId = fetched.dataset().id();
        }
        if (datasetId == null || datasetId.isBlank()) {
            throw ApiException.badRequest("missing-parameter", "give dataset_id (an uploaded dataset) or csv_url");
        }
        var job = models.train(
                caller,
                new TrainBody(
                        datasetId,
                        body.target(),
                        body.features(),
                        type,
                        body.hyperparams(),
                        null,
                        body.testSize(),
                        null,
                        null,
                        body.name() == null || body.name().isBlank() ? type : body.name()));
        var done = jobs.await(caller, job.id(), settings.jobs().waitForSeedRoutes());
        if (done.status() == JobStatus.SUCCEEDED) {
            return ResponseEntity.ok(trained(done.result(), body.modelName()));
        }
        if (done.status().terminal()) {
            throw JobProblems.of(done);
        }
        var pending = new LinkedHashMap<String, Object>();
        pending.put("job_id", done.id());
        pending.put("status", done.status().label());
        pending.put("progress", done.progress());
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(pending);
    }

    /** The seed's metric names (scikit-learn's) for ours, added beside ours. */
    private static final Map<String, String> SEED_METRIC_NAMES = Map.of(
            "precision", "precision_macro",
            "recall", "recall_macro",
            "f1_score", "f1_macro",
            "r2_score", "r2",
            "silhouette_score", "silhouette",
            "davies_bouldin_score", "davies_bouldin");

    /** The seed's training response from the job's result. */
    private static Map<String, Object> trained(JsonNode result, String modelName) {
        var metrics = new LinkedHashMap<String, Object>();
        result.path("metrics").properties().forEach(e -> metrics.put(e.getKey(), e.getValue()));
        SEED_METRIC_NAMES.forEach((seed, ours) -> {
            if (metrics.containsKey(ours) && !metrics.containsKey(seed)) {
                metrics.put(seed, metrics.get(ours));
            }
        });
        var importance = new LinkedHashMap<String, Object>();
        for (JsonNode i : result.path("evaluation").path("importance")) {
            JsonNode value = i.path("model").isNull() || i.path("model").isMissingNode()
                    ? i.path("permutation")
                    : i.path("model");
            importance.put(i.path("column").asString(), value);
        }
        metrics.put("feature_importance", importance);
        var evaluation = result.path("evaluation");
        var summary = new LinkedHashMap<String, Object>();
        summary.put("task", result.path("task"));
        summary.put("train_rows", evaluation.path("train_rows"));
        summary.put("test_rows", evaluation.path("test_rows"));
        summary.put("notes", evaluation.path("notes"));
        summary.put("warnings", evaluation.path("warnings"));
        metrics.put("performance_summary", summary);
        var out = new LinkedHashMap<String, Object>();
        out.put("model_id", result.path("model_id").asString());
        out.put("metrics", metrics);
        out.put("model_name", modelName);
        out.put("created_at", result.path("created_at"));
        out.put("preview", result.path("preview"));
        return out;
    }

    /** {@code name@version}, or a name alone (its production version, else the latest). */
    record ModelId(String name, String version) {
        static ModelId parse(String id) {
            int at = id.lastIndexOf('@');
            return at < 0 ? new ModelId(id, null) : new ModelId(id.substring(0, at), id.substring(at + 1));
        }
    }

    @PostMapping("/predict")
    @Operation(summary = "Predict rows (seed shape): data as arrays in input column order, or objects")
    Map<String, Object> predict(@Valid @RequestBody SeedPredict body) {
        var caller = Caller.current();
        var id = ModelId.parse(body.modelId());
        var v = models.find(caller, id.name(), id.version());
        List<String> columns = models.load(caller, v).spec().inputColumns();
        var rows = new ArrayList<Map<String, Object>>(body.data().size());
        for (JsonNode row : body.data()) {
            var map = new LinkedHashMap<String, Object>();
            if (row.isArray()) {
                if (row.size() != columns.size()) {
                    throw ApiException.badRequest(
                            "wrong-row-length",
                            "a row has " + row.size() + " values; the model reads " + columns.size() + ": "
                                    + String.join(", ", columns));
                }
                for (int c = 0; c < columns.size(); c++) {
                    map.put(columns.get(c), scalar(row.get(c)));
                }
            } else if (row.isObject()) {
                row.properties().forEach(e -> map.put(e.getKey(), scalar(e.getValue())));
            } else {
                throw ApiException.badRequest("invalid-row", "each row of data is an array or an object");
            }
            rows.add(map);
        }
        var p = models.predict(
                caller, v.name(), Integer.toString(v.version()), rows, Boolean.TRUE.equals(body.explain()));
        var out = new LinkedHashMap<String, Object>();
        out.put("model_id", v.id());
        out.put(
                "predictions",
                p.predictions().stream().map(ModelService.Row::prediction).toList());
        if (p.predictions().stream().anyMatch(r -> r.probabilities() != null)) {
            out.put(
                    "probabilities",
                    p.predictions().stream()
                            .map(ModelService.Row::probabilities)
                            .toList());
        }
        if (p.predictions().stream().anyMatch(r -> r.isAnomaly() != null)) {
            out.put(
                    "is_anomaly",
                    p.predictions().stream().map(ModelService.Row::isAnomaly).toList());
        }
        if (p.predictions().stream().anyMatch(r -> r.contributions() != null)) {
            out.put(
                    "contributions",
                    p.predictions().stream()
                            .map(ModelService.Row::contributions)
                            .toList());
        }
        out.put("report", p.report());
        if (!p.notPredicted().isEmpty()) {
            out.put("not_predicted", p.notPredicted());
        }
        return out;
    }

    private static Object scalar(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            return v.numberValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isString()) {
            return v.asString();
        }
        throw ApiException.badRequest("invalid-value", "values are numbers, text, true/false or null");
    }

    @PostMapping("/save")
    @Operation(summary = "Keep a model (seed shape): models are stored in the registry when trained")
    Map<String, Object> save(@Valid @RequestBody SeedModelId body) {
        var id = ModelId.parse(body.modelId());
        var v = models.find(Caller.current(), id.name(), id.version());
        var out = new LinkedHashMap<String, Object>();
        out.put("model_id", v.id());
        out.put("saved", true);
        out.put("storage", "registry");
        out.put("message", "model " + v.id() + " is stored in the model registry (checksummed artifacts)");
        return out;
    }

    @GetMapping("/models/{modelId}")
    @Operation(summary = "A trained model's information (seed shape)")
    Map<String, Object> show(@PathVariable String modelId) {
        var id = ModelId.parse(modelId);
        var shown = models.show(Caller.current(), id.name(), id.version());
        var v = shown.version();
        var out = new LinkedHashMap<String, Object>();
        out.put("model_id", v.id());
        out.put("model_name", v.type());
        out.put("name", v.name());
        out.put("version", v.version());
        out.put("stage", v.stage());
        out.put("task", v.task());
        out.put("target", v.target());
        out.put("features", shown.inputColumns());
        out.put("hyperparams", v.options());
        out.put("metrics", v.metrics());
        out.put("evaluation", shown.evaluation());
        out.put("created_at", v.createdAt());
        return out;
    }

    @DeleteMapping("/models/{modelId}")
    @Operation(summary = "Delete a trained model version (seed shape)")
    Map<String, Object> delete(@PathVariable String modelId) {
        var id = ModelId.parse(modelId);
        var caller = Caller.current();
        var v = models.find(caller, id.name(), id.version());
        models.delete(caller, v.name(), v.version(), true);
        return Map.of("model_id", v.id(), "message", "model " + v.id() + " deleted");
    }
}
