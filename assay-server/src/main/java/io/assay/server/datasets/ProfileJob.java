package io.assay.server.datasets;

import io.assay.app.Assay;
import io.assay.core.profile.Profiler;
import io.assay.server.jobs.JobContext;
import io.assay.server.jobs.JobHandler;
import io.assay.server.jobs.JobRecord;
import io.assay.server.web.ApiException;
import java.nio.file.Path;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Reads an uploaded file (types, row issues) and profiles it; the dataset becomes ready, or failed with the reason. */
@Component
class ProfileJob implements JobHandler {

    static final String KIND = "profile";

    private final Assay assay;
    private final DatasetStore store;
    private final JsonMapper json;

    ProfileJob(Assay assay, DatasetStore store, JsonMapper json) {
        this.assay = assay;
        this.store = store;
        this.json = json;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Outcome run(JobRecord job, JobContext context) {
        String id = job.request().get("dataset_id").asString();
        var dataset = store.find(id).orElseThrow(() -> ApiException.notFound("dataset", id));
        var profile = assay.profile(
                new Assay.ProfileRequest(Path.of(dataset.file()), dataset.ingest(), Profiler.Options.defaults()),
                context.progress());
        ObjectNode tree = json.valueToTree(profile);
        if (tree.get("ingest") instanceof ObjectNode ingest) {
            ingest.put("file", dataset.name());
        }
        String text = json.writeValueAsString(tree);
        return new Outcome(db -> {
            DatasetStore.ready(db, id, profile.rows(), profile.columns().size(), text);
            return Map.of(
                    "dataset_id",
                    id,
                    "rows",
                    profile.rows(),
                    "columns",
                    profile.columns().size());
        });
    }

    @Override
    public void failed(JobRecord job, JobRecord.Error error, JdbcClient db) {
        DatasetStore.failed(db, job.request().get("dataset_id").asString(), error.type(), error.detail());
    }
}
