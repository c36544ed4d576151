package io.assay.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A training job on the supermarket file for {@code Total}, whose tax, cost and gross income are fixed shares of it:
 * the job's result and the version's evaluation carry the target-leakage warning, in the request's words.
 */
class TrainingWarningsApiTest {

    @Test
    void theLeakageWarningReachesTheJobsResultAndTheVersionInTheRequestsWords() {
        var admin = TestServer.shared(Database.SQLITE).admin();
        var api = admin.as(admin.newUserKey("analyst"));
        String dataset = ModelsApiTest.readyDataset(api);
        var job = api.awaitJob(api.post(
                        "/api/v1/models",
                        Map.of(
                                "dataset_id",
                                dataset,
                                "target",
                                "Total",
                                "model",
                                "linear_regression",
                                "name",
                                "totals"))
                .json()
                .get("job")
                .get("id")
                .asString());
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("succeeded");
        var warning = job.get("result").get("evaluation").get("warnings").get(0);
        assertThat(warning.get("kind").asString()).isEqualTo("target_leakage");
        assertThat(warning.get("columns").toString()).contains("Tax 5%", "cogs", "gross income");
        assertThat(warning.get("message").asString())
                .contains("alone predict 'Total' almost perfectly")
                .contains("list the columns to use with 'features'")
                .doesNotContain("--");
        var shown = api.get("/api/v1/models/totals/versions/1").json();
        assertThat(shown.get("evaluation").get("warnings").get(0).get("message").asString())
                .isEqualTo(warning.get("message").asString());
    }
}
