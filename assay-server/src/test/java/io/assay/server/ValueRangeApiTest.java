package io.assay.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.assay.testkit.AwkwardFiles;
import io.assay.testkit.SharedData;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Training over HTTP on a file with an absurd but finite value (1e+300 in {@code Total}): the job fails with the
 * one-line reason and the version trained before on clean data stays the only one; the seed's synchronous route
 * answers 422 problem+json.
 */
class ValueRangeApiTest {

    private static String dataset(Api api, Api.Response upload) {
        assertThat(upload.status()).as(upload.toString()).isEqualTo(202);
        var job = api.awaitJob(upload.json().get("job").get("id").asString());
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("succeeded");
        return upload.json().get("dataset").get("id").asString();
    }

    private static Api.Response train(Api api, String dataset, String model) {
        return api.post(
                "/api/v1/models",
                Map.of("dataset_id", dataset, "target", "Total", "model", model, "name", "totals-" + model));
    }

    @Test
    void aTargetBeyondTheRangeFailsTheJobAndKeepsTheEarlierVersion() throws IOException {
        var admin = TestServer.shared(Database.SQLITE).admin();
        var api = admin.as(admin.newUserKey("analyst"));
        String clean = dataset(api, api.upload("/api/v1/datasets", SharedData.file("domains/supermarket_sales.csv")));
        String absurd = dataset(api, api.upload("/api/v1/datasets", "absurd.csv", AwkwardFiles.salesWithAbsurdTotal()));

        for (String model : new String[] {"linear_regression", "xgboost"}) {
            var first = api.awaitJob(
                    train(api, clean, model).json().get("job").get("id").asString());
            assertThat(first.get("status").asString()).as(first.toString()).isEqualTo("succeeded");

            var failed = api.awaitJob(
                    train(api, absurd, model).json().get("job").get("id").asString());
            assertThat(failed.get("status").asString()).as(failed.toString()).isEqualTo("failed");
            assertThat(failed.get("error").get("type").asString()).endsWith("value-out-of-range");
            assertThat(failed.get("error").get("detail").asString())
                    .startsWith("column 'Total' holds 1e+300 (row 5; 1 value(s) beyond ±1e+38");

            var versions = api.get("/api/v1/models/totals-" + model).json();
            assertThat(versions.size()).as(versions.toString()).isEqualTo(1);
            assertThat(versions.get(0).get("metrics").toString()).doesNotContain("Infinity", "NaN");
        }

        var rating = api.awaitJob(api.post(
                        "/api/v1/models",
                        Map.of("dataset_id", clean, "target", "Rating", "model", "linear_regression", "name", "rating"))
                .json()
                .get("job")
                .get("id")
                .asString());
        assertThat(rating.get("status").asString()).as(rating.toString()).isEqualTo("succeeded");
        var predicted = api.post(
                "/api/v1/models/rating/predict",
                Map.of(
                        "rows",
                        java.util.List.of(
                                Map.of("Total", 548.97, "Quantity", 7, "Unit price", 74.69),
                                Map.of("Total", 1e300, "Quantity", 7, "Unit price", 74.69))));
        assertThat(predicted.status()).as(predicted.toString()).isEqualTo(200);
        var rows = predicted.json().get("predictions");
        assertThat(rows.get(0).get("prediction").isNumber())
                .as(predicted.toString())
                .isTrue();
        assertThat(rows.get(1).get("prediction").isNull())
                .as(predicted.toString())
                .isTrue();
        assertThat(predicted.json().get("not_predicted").get(0).get("column").asString())
                .isEqualTo("Total");
        assertThat(predicted.json().get("not_predicted").get(0).get("first_row").asLong())
                .isEqualTo(2);

        var seed =
                api.post("/train", Map.of("dataset_id", absurd, "target", "Total", "model_name", "linear_regression"));
        assertThat(seed.status()).as(seed.toString()).isEqualTo(422);
        assertThat(seed.problem()).isEqualTo("value-out-of-range");
        assertThat(seed.json().get("detail").asString()).startsWith("column 'Total' holds 1e+300");
    }
}
