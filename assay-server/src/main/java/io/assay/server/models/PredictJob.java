package io.assay.server.models;

import io.assay.app.Models;
import io.assay.server.datasets.Datasets;
import io.assay.server.jobs.JobContext;
import io.assay.server.jobs.JobHandler;
import io.assay.server.jobs.JobRecord;
import io.assay.server.results.ResultFiles;
import java.util.LinkedHashMap;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Predicts every row of an uploaded dataset with a registered model, as {@code assay predict} does: the dataset's
 * columns plus the prediction (and a probability per class for classifiers, the anomaly flag for detectors) go to
 * {@value #PREDICTIONS} in the job's result directory, streamed slice by slice; the job's result says how many rows,
 * the prediction counts and what the pipeline had to fill or map.
 */
@Component
class PredictJob implements JobHandler {

    static final String KIND = "predict";
    static final String PREDICTIONS = "predictions.csv";

    /**
     * A stored prediction request: the version was resolved when it was submitted.
     *
     * @param explain add per-column contributions
     */
    record Request(String name, int version, String datasetId, boolean explain) {}

    private final ModelRegistries registries;
    private final Datasets datasets;
    private final ResultFiles results;
    private final JsonMapper json;

    PredictJob(ModelRegistries registries, Datasets datasets, ResultFiles results, JsonMapper json) {
        this.registries = registries;
        this.datasets = datasets;
        this.results = results;
        this.json = json;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Outcome run(JobRecord job, JobContext context) {
        Request r = json.treeToValue(job.request(), Request.class);
        var dataset = datasets.ready(job.owner(), r.datasetId());
        var dir = results.directory(job.owner(), job.id());
        var predicted = registries
                .of(job.owner())
                .predict(
                        new Models.PredictRequest(
                                r.name(),
                                Integer.toString(r.version()),
                                datasets.file(dataset),
                                dataset.ingest(),
                                dir.resolve(PREDICTIONS),
                                r.explain()),
                        context.progress());
        var out = new LinkedHashMap<String, Object>();
        out.put("model_id", predicted.version().id());
        out.put("name", predicted.version().name());
        out.put("version", predicted.version().version());
        out.put("dataset_id", dataset.id());
        out.put("rows", predicted.rows());
        out.put("prediction_counts", predicted.predictionCounts());
        out.put("report", predicted.report());
        out.put("not_predicted", predicted.outOfRange());
        out.put("files", List.of(PREDICTIONS));
        return new Outcome(db -> out);
    }

    @Override
    public void failed(JobRecord job, JobRecord.Error error, JdbcClient db) {
        results.delete(job.owner(), job.id());
    }
}
