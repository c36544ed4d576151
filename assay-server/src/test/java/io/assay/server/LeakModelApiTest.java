package io.assay.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code assay train-domain} over HTTP: a user retrains the retail leak model on a generated, labelled dataset; the
 * model is theirs (listed among their models, in production, invisible to another user) and their analyses run with
 * it; bad requests say why.
 */
class LeakModelApiTest {

    /** HTTP behaviour above the store: on SQLite only; the store contract tests try every query on PostgreSQL too. */
    private final Database database = Database.SQLITE;

    @Test
    void aUserRetrainsADomainsLeakModelThatOnlyTheirAnalysesUse() {
        var admin = TestServer.shared(database).admin();
        var api = admin.as(admin.newUserKey("analyst"));
        assertThat(api.get("/api/v1/domains").text()).contains("retail", "telecom");

        var generated = api.post(
                "/api/v1/datasets/generate", Map.of("domain", "retail", "rows", 4000, "leak_rate", 0.1, "seed", 11));
        assertThat(generated.status()).as(generated.toString()).isEqualTo(202);
        String dataset = generated.json().get("dataset").get("id").asString();
        api.awaitJob(generated.json().get("job").get("id").asString());

        var train = api.post("/api/v1/domains/supermarket/leak-model", Map.of("dataset_id", dataset));
        assertThat(train.status()).as(train.toString()).isEqualTo(202);
        var job = api.awaitJob(train.json().get("job").get("id").asString());
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("succeeded");
        var result = job.get("result");
        assertThat(result.get("model_id").asString()).isEqualTo("leakage-retail@1");
        assertThat(result.get("stage").asString()).isEqualToIgnoringCase("production");
        assertThat(result.get("domain").asString()).isEqualTo("retail");

        assertThat(api.get("/api/v1/models/leakage-retail").status()).isEqualTo(200);
        var stranger = admin.as(admin.newUserKey("analyst"));
        assertThat(stranger.get("/api/v1/models/leakage-retail").status())
                .as("another user does not see it")
                .isEqualTo(404);

        var analysis = api.post("/api/v1/analyses", Map.of("dataset_id", dataset, "domain", "retail"));
        assertThat(analysis.status()).as(analysis.toString()).isEqualTo(202);
        var done = api.awaitJob(analysis.json().get("job").get("id").asString());
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("succeeded");
        assertThat(done.get("result").get("metrics").get("anomalies_detected").asLong())
                .isPositive();

        var unknown = api.post("/api/v1/domains/bakery/leak-model", Map.of("dataset_id", dataset));
        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(400);
        var theirs = stranger.post("/api/v1/domains/retail/leak-model", Map.of("dataset_id", dataset));
        assertThat(theirs.status()).as("someone else's dataset is not found").isEqualTo(404);
        var viewer = admin.as(admin.newUserKey("viewer"));
        assertThat(viewer.post("/api/v1/domains/retail/leak-model", Map.of("dataset_id", dataset))
                        .status())
                .as("a viewer cannot train")
                .isEqualTo(403);
    }
}
