package io.assay.server.detections;

import io.assay.anomaly.Threshold;
import io.assay.app.Detections;
import io.assay.server.datasets.DatasetRecord;
import io.assay.server.datasets.Datasets;
import io.assay.server.jobs.JobContext;
import io.assay.server.jobs.JobHandler;
import io.assay.server.jobs.JobRecord;
import io.assay.server.models.Hyperparameters;
import io.assay.server.models.ModelRegistries;
import io.assay.server.results.ResultFiles;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fits an anomaly detector on an uploaded dataset (registering it in the owner's registry on request) or applies one
 * saved there, and flags the unusual rows: the flagged rows (most anomalous first, explained) go to {@value #FLAGGED}
 * and {@value #FLAGGED_XLSX}, every row's score to {@value #SCORES}, in the job's result directory, written only when
 * the run succeeds; the job's result is the summary and the detector saved or applied. A detector to save is
 * registered in the transaction that records the job's result: a job killed midway leaves no version.
 */
@Component
class DetectJob implements JobHandler {

    static final String KIND = "detect";
    static final String FLAGGED = "flagged.json";
    static final String SCORES = "scores.csv";
    static final String FLAGGED_XLSX = "flagged.xlsx";

    private final MeterRegistry meters;
    private final ModelRegistries registries;
    private final Datasets datasets;
    private final ResultFiles results;
    private final JsonMapper json;

    DetectJob(
            ModelRegistries registries, Datasets datasets, ResultFiles results, JsonMapper json, MeterRegistry meters) {
        this.meters = meters;
        this.registries = registries;
        this.datasets = datasets;
        this.results = results;
        this.json = json;
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** The use case's request for {@code body} on {@code file}; validates everything before any work. */
    static Detections.DetectRequest request(DetectBody body, DatasetRecord dataset, Path flagged, Path scores) {
        Threshold threshold = body.threshold() == null
                ? null
                : new Threshold(
                        Threshold.Rule.parse(body.threshold().rule()),
                        body.threshold().value());
        return new Detections.DetectRequest(
                Path.of(dataset.file()),
                dataset.ingest(),
                body.method(),
                Hyperparameters.of(body.params()),
                body.exclude(),
                body.label(),
                threshold,
                body.seed() == null ? 42 : body.seed(),
                body.modelName(),
                body.modelVersion(),
                body.save(),
                flagged,
                scores,
                body.topFeatures() == null ? 3 : body.topFeatures(),
                Detections.TOP);
    }

    @Override
    public Outcome run(JobRecord job, JobContext context) {
        DetectBody body = json.treeToValue(job.request(), DetectBody.class);
        DatasetRecord dataset = datasets.find(job.owner(), body.datasetId());
        Path dir = results.directory(job.owner(), job.id());
        var detections = registries.detections(job.owner());
        var request = request(body, dataset, dir.resolve(FLAGGED), dir.resolve(SCORES));
        var result = detections.detectStaged(request, context.progress());
        var files = new java.util.ArrayList<>(java.util.List.of(FLAGGED, SCORES));
        if (detections.flaggedSpreadsheet(
                dir.resolve(FLAGGED),
                dir.resolve(FLAGGED_XLSX),
                result.summary().flagged(),
                request.topFeatures())) {
            files.add(FLAGGED_XLSX);
        }
        meters.counter("assay.rows.analysed", "kind", KIND)
                .increment(result.summary().rows());
        meters.counter("assay.findings", "kind", KIND, "domain", "anomaly")
                .increment(result.summary().flagged());
        var out = new LinkedHashMap<String, Object>();
        out.put("dataset_id", dataset.id());
        out.put("summary", result.summary());
        out.put("report", result.report());
        out.put("top", result.top());
        out.put("files", files);
        return new Outcome(db -> {
            out.put(
                    "detector",
                    result.staged() == null
                            ? result.detector()
                            : detections.registry().models().register(result.staged()));
            return out;
        });
    }

    @Override
    public void failed(JobRecord job, JobRecord.Error error, JdbcClient db) {
        results.delete(job.owner(), job.id());
    }
}
