package io.assay.server.models;

import io.assay.app.Assay;
import io.assay.app.Models;
import io.assay.core.Progress;
import io.assay.core.ingest.Dataset;
import io.assay.core.ingest.Ingest;
import io.assay.ml.Task;
import io.assay.server.datasets.Datasets;
import io.assay.server.jobs.JobContext;
import io.assay.server.jobs.JobHandler;
import io.assay.server.jobs.JobRecord;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Trains a model on an uploaded dataset and registers it as the next version of its name; the job's result names
 * the version, its headline metrics and feature importance, and predictions for the first rows as a preview. The
 * model's files are written first; the version is registered in the transaction that records the job's result, so a
 * version exists only for a training job that succeeded (a job killed midway leaves unreferenced files, no version).
 */
@Component
class TrainJob implements JobHandler {

    static final String KIND = "train";
    private static final int PREVIEW_ROWS = 5;

    private final Assay assay;
    private final ModelRegistries registries;
    private final Datasets datasets;
    private final JsonMapper json;

    TrainJob(Assay assay, ModelRegistries registries, Datasets datasets, JsonMapper json) {
        this.assay = assay;
        this.registries = registries;
        this.datasets = datasets;
        this.json = json;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Outcome run(JobRecord job, JobContext context) {
        TrainBody body = json.treeToValue(job.request(), TrainBody.class);
        var dataset = datasets.ready(job.owner(), body.datasetId());
        Path file = datasets.file(dataset);
        var request = new Models.TrainRequest(
                file,
                dataset.ingest(),
                body.target() == null || body.target().isBlank() ? null : body.target(),
                body.features(),
                body.model(),
                Hyperparameters.of(body.params()),
                body.task() == null || body.task().isBlank() ? null : Task.parse(body.task()),
                body.testSize() == null ? 0.2 : body.testSize(),
                body.folds() == null ? 0 : body.folds(),
                body.seed() == null ? 42 : body.seed(),
                body.name() == null || body.name().isBlank() ? null : body.name());
        var models = registries.of(job.owner());
        var fitted = models.fit(request, context.progress());
        List<ModelService.Row> preview;
        try (Dataset ds = Ingest.open(assay.engine(), file, dataset.ingest(), Progress.NONE)) {
            preview = ModelService.rows(fitted.model().predict(ds.toTable(0, PREVIEW_ROWS), false));
        }
        var staged = models.registry().stage(fitted.name(), fitted.model());
        return new Outcome(db -> {
            var v = models.registry().register(staged);
            var result = new LinkedHashMap<String, Object>();
            result.put("model_id", v.id());
            result.put("name", v.name());
            result.put("version", v.version());
            result.put("type", v.type());
            result.put("task", v.task());
            result.put("dataset_id", dataset.id());
            result.put("metrics", v.metrics());
            result.put("evaluation", ModelService.inHttpWords(fitted.model().evaluation()));
            result.put("preview", preview);
            result.put("created_at", v.createdAt());
            return result;
        });
    }
}
