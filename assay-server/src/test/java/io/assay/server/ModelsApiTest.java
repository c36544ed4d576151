package io.assay.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.assay.testkit.SharedData;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Models over real HTTP (on SQLite): train as a job on an uploaded dataset, versions, promote, best,
 * roll back, predict rows (v1 and the seed's routes), delete; and another user's models are invisible.
 */
class ModelsApiTest {

    static final Map<String, Object> ROW =
            Map.of("Unit price", 74.69, "Quantity", 7, "Product line", "Health and beauty", "Gender", "Female");

    /** HTTP behaviour above the store: on SQLite only; the store contract tests try every query on PostgreSQL too. */
    private final Database database = Database.SQLITE;

    Api analyst() {
        var admin = TestServer.shared(database).admin();
        return admin.as(admin.newUserKey("analyst"));
    }

    static String readyDataset(Api api) {
        var r = api.upload("/api/v1/datasets", SharedData.file("domains/supermarket_sales.csv"));
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        var job = api.awaitJob(r.json().get("job").get("id").asString());
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("succeeded");
        return r.json().get("dataset").get("id").asString();
    }

    static JsonNode train(Api api, String dataset, String name, int rounds) {
        var job = api.awaitJob(submitTraining(api, dataset, name, rounds));
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("succeeded");
        return job.get("result");
    }

    /** Asks for an XGBoost model of the customer type and returns the training job's id. */
    static String submitTraining(Api api, String dataset, String name, int rounds) {
        var r = api.post(
                "/api/v1/models",
                Map.of(
                        "dataset_id",
                        dataset,
                        "target",
                        "Customer type",
                        "features",
                        List.of("Unit price", "Quantity", "Product line", "Gender"),
                        "model",
                        "xgboost",
                        "params",
                        Map.of("n_estimators", rounds, "max_depth", 3),
                        "name",
                        name));
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        return r.json().get("job").get("id").asString();
    }

    @Test
    void trainVersionsPromoteBestRollbackPredictAndDelete() {
        var api = analyst();
        String dataset = readyDataset(api);

        var first = train(api, dataset, "members", 5);
        assertThat(first.get("model_id").asString()).isEqualTo("members@1");
        assertThat(first.get("metrics").get("accuracy").asDouble()).isBetween(0.0, 1.0);
        assertThat(first.get("preview")).hasSize(5);
        assertThat(first.get("preview").get(0).get("prediction").asString()).isIn("Member", "Normal");
        var second = train(api, dataset, "members", 20);
        assertThat(second.get("version").asInt()).isEqualTo(2);

        var versions = api.get("/api/v1/models/members").json();
        assertThat(versions).hasSize(2);
        assertThat(versions.get(0).get("stage").asString()).isEqualTo("candidate");

        var shown = api.get("/api/v1/models/members/versions/1").json();
        assertThat(shown.get("evaluation").get("test_rows").asLong()).isEqualTo(200);
        assertThat(shown.get("input_columns").size()).isEqualTo(4);

        var promoted = api.post("/api/v1/models/members/versions/2/promote", "");
        assertThat(promoted.status()).as(promoted.toString()).isEqualTo(200);
        assertThat(promoted.json().get("stage").asString()).isEqualTo("production");
        assertThat(api.post("/api/v1/models/members/versions/1/promote", "")
                        .json()
                        .get("stage")
                        .asString())
                .isEqualTo("production");
        var rolled = api.post("/api/v1/models/members/rollback", "");
        assertThat(rolled.status()).as(rolled.toString()).isEqualTo(200);
        assertThat(rolled.json().get("version").asInt())
                .as("rollback puts back the version in production before, not a lower number")
                .isEqualTo(2);
        var named = api.post("/api/v1/models/members/rollback", Map.of("version", 1));
        assertThat(named.json().get("version").asInt()).as(named.toString()).isEqualTo(1);
        assertThat(api.post("/api/v1/models/members/rollback", "")
                        .json()
                        .get("version")
                        .asInt())
                .as("a rollback undoes the one before")
                .isEqualTo(2);

        var best = api.get("/api/v1/models/members/best?metric=accuracy").json();
        double a1 = first.get("metrics").get("accuracy").asDouble();
        double a2 = second.get("metrics").get("accuracy").asDouble();
        assertThat(best.get("version").asInt()).isEqualTo(a1 > a2 ? 1 : 2);

        var predicted = api.post(
                "/api/v1/models/members/predict", Map.of("rows", List.of(ROW, Map.of("Quantity", 1)), "explain", true));
        assertThat(predicted.status()).as(predicted.toString()).isEqualTo(200);
        var rows = predicted.json().get("predictions");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get("prediction").asString()).isIn("Member", "Normal");
        assertThat(rows.get(0).get("probabilities").size()).isEqualTo(2);
        assertThat(rows.get(0).get("contributions").has("Unit price")).isTrue();
        assertThat(predicted.json().get("version").asInt())
                .as("the production version serves")
                .isEqualTo(2);
        var partial = api.post("/api/v1/models/members/predict", Map.of("rows", List.of(Map.of("Quantity", 1))));
        assertThat(partial.status()).as(partial.toString()).isEqualTo(200);
        assertThat(partial.json().get("report").get("missing_columns").toString())
                .as("missing columns are reported, not an error")
                .contains("Unit price");

        var inProduction = api.delete("/api/v1/models/members/versions/2");
        assertThat(inProduction.status()).isEqualTo(409);
        assertThat(api.delete("/api/v1/models/members/versions/1").status()).isEqualTo(204);
        assertThat(api.get("/api/v1/models/members").json()).hasSize(1);
        var wholeInProduction = api.delete("/api/v1/models/members");
        assertThat(wholeInProduction.status()).isEqualTo(409);
        assertThat(wholeInProduction.json().get("detail").asString())
                .contains("members@2")
                .contains("force");
        assertThat(api.delete("/api/v1/models/members?force=true").status()).isEqualTo(204);
        var gone = api.get("/api/v1/models/members");
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.problem()).isEqualTo("model-not-found");
    }

    @Test
    void predictsEveryRowOfADatasetAsAJobWithADownloadableFile() {
        var api = analyst();
        String dataset = readyDataset(api);
        train(api, dataset, "whole", 5);

        var r = api.post("/api/v1/models/whole/predict", Map.of("dataset_id", dataset));
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        String id = r.json().get("job").get("id").asString();
        var job = api.awaitJob(id);
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("succeeded");
        var result = job.get("result");
        assertThat(result.get("model_id").asString()).isEqualTo("whole@1");
        assertThat(result.get("rows").asLong()).isEqualTo(1000);
        long counted = 0;
        for (var count : result.get("prediction_counts")) {
            counted += count.asLong();
        }
        assertThat(counted).as("every row has a prediction").isEqualTo(1000);
        assertThat(api.get("/api/v1/predictions/" + id).json().get("status").asString())
                .isEqualTo("succeeded");

        var file = api.get("/api/v1/predictions/" + id + "/files/predictions.csv");
        assertThat(file.status()).as(file.toString()).isEqualTo(200);
        assertThat(file.header("Content-Type")).startsWith("text/csv");
        var lines = file.text().lines().toList();
        assertThat(lines).hasSize(1001);
        assertThat(lines.getFirst())
                .contains("Invoice ID", "Customer type", "prediction", "probability_Member", "probability_Normal");

        var both = api.post("/api/v1/models/whole/predict", Map.of("dataset_id", dataset, "rows", List.of(ROW)));
        assertThat(both.status()).isEqualTo(400);
        var neither = api.post("/api/v1/models/whole/predict", Map.of("version", "1"));
        assertThat(neither.status()).isEqualTo(400);
        assertThat(neither.problem()).isEqualTo("missing-parameter");
        var noDataset = api.post("/api/v1/models/whole/predict", Map.of("dataset_id", "nope"));
        assertThat(noDataset.status()).isEqualTo(404);
        assertThat(noDataset.problem()).isEqualTo("dataset-not-found");

        var stranger = api.as(TestServer.shared(database).admin().newUserKey("analyst"));
        assertThat(stranger.get("/api/v1/predictions/" + id).status()).isEqualTo(404);
        assertThat(stranger.get("/api/v1/predictions/" + id + "/files/predictions.csv")
                        .status())
                .isEqualTo(404);
        assertThat(stranger.post("/api/v1/models/whole/predict", Map.of("dataset_id", dataset))
                        .status())
                .isEqualTo(404);
    }

    @Test
    void badTrainingRequestsAreRefusedBeforeAnyJobStarts() {
        var api = analyst();
        String dataset = readyDataset(api);
        var unknownModel = api.post(
                "/api/v1/models", Map.of("dataset_id", dataset, "target", "Customer type", "model", "deep_magic"));
        assertThat(unknownModel.status()).isEqualTo(400);
        assertThat(unknownModel.json().get("detail").asString()).contains("xgboost");
        var badParam = api.post(
                "/api/v1/models",
                Map.of(
                        "dataset_id",
                        dataset,
                        "target",
                        "Customer type",
                        "model",
                        "xgboost",
                        "params",
                        Map.of("max_depth", "deep")));
        assertThat(badParam.status()).as(badParam.toString()).isEqualTo(400);
        assertThat(badParam.json().get("detail").asString()).contains("max_depth");
        var noTarget = api.post("/api/v1/models", Map.of("dataset_id", dataset, "target", "Nope", "model", "xgboost"));
        assertThat(noTarget.status()).as(noTarget.toString()).isEqualTo(400);
        assertThat(noTarget.json().get("detail").asString()).contains("'Nope'", "Customer type");
        var missingTarget = api.post("/api/v1/models", Map.of("dataset_id", dataset, "model", "xgboost"));
        assertThat(missingTarget.status()).as(missingTarget.toString()).isEqualTo(400);
        assertThat(missingTarget.problem()).isEqualTo("missing-parameter");
        assertThat(missingTarget.json().get("detail").asString())
                .startsWith("'target' is required")
                .doesNotContain("--target");
        var clustering = api.post(
                "/api/v1/models",
                Map.of("dataset_id", dataset, "model", "kmeans", "features", List.of("Date", "Time", "Quantity")));
        assertThat(clustering.status()).as("clustering needs no target").isEqualTo(202);
        var clustered = api.awaitJob(clustering.json().get("job").get("id").asString());
        assertThat(clustered.get("status").asString()).as(clustered.toString()).isEqualTo("succeeded");
        String groups = clustered.get("result").get("name").asString();

        // the file writes dates as 1/5/2019 (%m/%d/%Y): rows sent as JSON may too, or in ISO
        var dated = api.post(
                "/api/v1/models/" + groups + "/predict",
                Map.of(
                        "rows",
                        List.of(
                                Map.of("Branch", "A", "Date", "1/5/2019", "Time", "13:08", "Quantity", 3),
                                Map.of("Date", "01/05/2019", "Time", "13:08", "Quantity", 3),
                                Map.of("Date", "2019-01-05", "Time", "13:08", "Quantity", 3))));
        assertThat(dated.status()).as(dated.toString()).isEqualTo(200);
        assertThat(dated.json().get("report").get("type_changes"))
                .as(dated.toString())
                .isEmpty();
        var predictions = dated.json().get("predictions");
        assertThat(predictions.get(1).get("prediction"))
                .isEqualTo(predictions.get(0).get("prediction"));
        assertThat(predictions.get(2).get("prediction"))
                .isEqualTo(predictions.get(0).get("prediction"));
        var unreadable = api.post(
                "/api/v1/models/" + groups + "/predict",
                Map.of("rows", List.of(Map.of("Date", "the fifth of January", "Quantity", 3))));
        assertThat(unreadable.json().get("report").get("type_changes").toString())
                .contains("Date")
                .contains("unreadable values");
        var noFeature = api.post(
                "/api/v1/models",
                Map.of(
                        "dataset_id",
                        dataset,
                        "target",
                        "Customer type",
                        "model",
                        "xgboost",
                        "features",
                        List.of("Quantity", "Colour")));
        assertThat(noFeature.status()).as(noFeature.toString()).isEqualTo(400);
        assertThat(noFeature.json().get("detail").asString()).contains("'Colour'");
        var noDataset = api.post("/api/v1/models", Map.of("dataset_id", "nope", "model", "xgboost"));
        assertThat(noDataset.status()).isEqualTo(404);
        assertThat(noDataset.problem()).isEqualTo("dataset-not-found");
    }

    @Test
    void seedClientsTrainPredictShowSaveAndDelete() {
        var api = analyst();
        String dataset = readyDataset(api);

        var types = api.get("/models").json();
        assertThat(types.get("supervised").has("xgboost")).isTrue();
        assertThat(types.get("unsupervised").has("kmeans")).isTrue();
        assertThat(types.get("anomaly_detection").has("isolation_forest")).isTrue();

        var trained = api.post(
                "/train",
                Map.of(
                        "dataset_id",
                        dataset,
                        "features",
                        List.of("Unit price", "Quantity", "Product line", "Gender"),
                        "target",
                        "Customer type",
                        "test_size",
                        0.25,
                        "model_name",
                        "xgboost_model",
                        "hyperparams",
                        Map.of("n_estimators", 10, "learning_rate", 0.1)));
        assertThat(trained.status()).as(trained.toString()).isEqualTo(200);
        var body = trained.json();
        String id = body.get("model_id").asString();
        assertThat(id).isEqualTo("xgboost@1");
        assertThat(body.get("model_name").asString()).isEqualTo("xgboost_model");
        assertThat(body.get("metrics").get("accuracy").asDouble()).isBetween(0.0, 1.0);
        assertThat(body.get("metrics").get("f1_score").asDouble())
                .isEqualTo(body.get("metrics").get("f1_macro").asDouble());
        assertThat(body.get("metrics").has("precision")).isTrue();
        assertThat(body.get("metrics").get("feature_importance").has("Unit price"))
                .isTrue();
        assertThat(body.get("metrics")
                        .get("performance_summary")
                        .get("test_rows")
                        .asLong())
                .isEqualTo(250);
        assertThat(body.has("created_at")).isTrue();
        assertThat(body.get("preview")).isNotEmpty();

        var predicted = api.post(
                "/predict",
                Map.of("model_id", id, "data", List.of(List.of(74.69, 7, "Health and beauty", "Female"), ROW)));
        assertThat(predicted.status()).as(predicted.toString()).isEqualTo(200);
        assertThat(predicted.json().get("predictions")).hasSize(2);
        assertThat(predicted.json().get("predictions").get(0).asString())
                .as("an array row and the same row as an object predict alike")
                .isEqualTo(predicted.json().get("predictions").get(1).asString());
        var wrongLength = api.post("/predict", Map.of("model_id", id, "data", List.of(List.of(1, 2))));
        assertThat(wrongLength.status()).isEqualTo(400);
        assertThat(wrongLength.problem()).isEqualTo("wrong-row-length");

        var info = api.get("/models/" + id).json();
        assertThat(info.get("model_name").asString()).isEqualTo("xgboost");
        assertThat(info.get("features").size()).isEqualTo(4);
        assertThat(api.post("/save", Map.of("model_id", id)).json().get("saved").asBoolean())
                .isTrue();

        var stranger = TestServer.shared(database).admin().newUserKey("analyst");
        assertThat(api.as(stranger).get("/models/" + id).status())
                .as("another user's model is not found")
                .isEqualTo(404);
        assertThat(api.as(stranger)
                        .post("/predict", Map.of("model_id", id, "data", List.of(ROW)))
                        .status())
                .isEqualTo(404);
        assertThat(api.as(stranger).get("/api/v1/models").json()).isEmpty();

        assertThat(api.delete("/models/" + id).status()).isEqualTo(200);
        assertThat(api.get("/models/" + id).status()).isEqualTo(404);
    }
}
