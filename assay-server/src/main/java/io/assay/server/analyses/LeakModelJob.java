package io.assay.server.analyses;

import io.assay.app.RevenueLeakage;
import io.assay.server.datasets.DatasetRecord;
import io.assay.server.datasets.Datasets;
import io.assay.server.jobs.JobContext;
import io.assay.server.jobs.JobHandler;
import io.assay.server.jobs.JobRecord;
import io.assay.server.models.Hyperparameters;
import io.assay.server.models.ModelRegistries;
import java.util.LinkedHashMap;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Retrains a domain's leak model on the owner's labelled dataset. The model is registered in the owner's registry as
 * {@code leakage-<domain>} and put in production in the transaction that records the job's result, so the owner's
 * later analyses use it and nobody else's do.
 */
@Component
class LeakModelJob implements JobHandler {

    static final String KIND = "train-domain";

    private final ModelRegistries registries;
    private final Datasets datasets;
    private final JsonMapper json;

    LeakModelJob(ModelRegistries registries, Datasets datasets, JsonMapper json) {
        this.registries = registries;
        this.datasets = datasets;
        this.json = json;
    }

    @Override
    public String kind() {
        return KIND;
    }

    static RevenueLeakage.TrainDomainRequest request(LeakModelBody body, DatasetRecord dataset) {
        return new RevenueLeakage.TrainDomainRequest(
                java.nio.file.Path.of(dataset.file()),
                dataset.ingest(),
                body.domain(),
                body.mapping(),
                Hyperparameters.of(body.params()),
                body.label() == null || body.label().isBlank() ? null : body.label(),
                null,
                body.seed() == null ? 42 : body.seed());
    }

    @Override
    public Outcome run(JobRecord job, JobContext context) {
        LeakModelBody body = json.treeToValue(job.request(), LeakModelBody.class);
        var dataset = datasets.ready(job.owner(), body.datasetId());
        var fitted = registries.leakage(job.owner()).fitDomain(request(body, dataset), context.progress());
        var registry = registries.of(job.owner()).registry();
        var staged = registry.stage(fitted.name(), fitted.model());
        return new Outcome(db -> {
            var v = registry.register(staged);
            v = registry.promote(v.name(), v.version());
            var result = new LinkedHashMap<String, Object>();
            result.put("model_id", v.id());
            result.put("name", v.name());
            result.put("version", v.version());
            result.put("stage", v.stage());
            result.put("domain", body.domain());
            result.put("dataset_id", dataset.id());
            result.put("metrics", v.metrics());
            result.put("created_at", v.createdAt());
            return result;
        });
    }
}
