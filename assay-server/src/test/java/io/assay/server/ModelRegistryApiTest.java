package io.assay.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.assay.app.Assay;
import io.assay.app.Models;
import io.assay.core.Progress;
import io.assay.core.ingest.Ingest;
import io.assay.testkit.SharedData;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The model registry behind the database, over real HTTP on SQLite and PostgreSQL: a keyed user's versions are rows
 * of {@code model_versions} (no index file), their stages change there, two trainings of one name at once get
 * distinct versions, and another user sees none of them; with {@code --no-auth} the data directory's registry (the
 * command line's) is served.
 */
@ParameterizedClass
@EnumSource(Database.class)
class ModelRegistryApiTest {

    @Parameter
    Database database;

    private static List<Map<String, Object>> rows(TestServer server, String name) {
        return server.context
                .getBean(JdbcClient.class)
                .sql("SELECT owner, version, stage, type, metrics FROM model_versions WHERE name = ? ORDER BY version")
                .param(name)
                .query()
                .listOfRows();
    }

    @Test
    void versionsAreRowsOfTheDatabaseAndStagesChangeThere() throws Exception {
        var server = TestServer.shared(database);
        var admin = server.admin();
        var api = admin.as(admin.newUserKey("analyst"));
        String dataset = ModelsApiTest.readyDataset(api);

        var first = ModelsApiTest.train(api, dataset, "db-churn", 5);
        assertThat(first.get("model_id").asString()).isEqualTo("db-churn@1");
        var stored = rows(server, "db-churn");
        assertThat(stored).hasSize(1);
        String owner = (String) stored.getFirst().get("owner");
        assertThat(stored.getFirst().get("stage")).isEqualTo("candidate");
        assertThat(stored.getFirst().get("type")).isEqualTo("xgboost");
        assertThat((String) stored.getFirst().get("metrics")).contains("accuracy");

        var modelsDir = server.dataDir.resolve("server").resolve("models").resolve(owner);
        assertThat(modelsDir.resolve("index.json"))
                .as("no index file: the index is in the database")
                .doesNotExist();
        try (Stream<java.nio.file.Path> files = Files.walk(modelsDir.resolve("artifacts"))) {
            assertThat(files.filter(Files::isRegularFile).count())
                    .as("the model document and the estimator stay files")
                    .isEqualTo(2);
        }

        assertThat(api.post("/api/v1/models/db-churn/versions/1/promote", "").status())
                .isEqualTo(200);
        assertThat(rows(server, "db-churn").getFirst().get("stage")).isEqualTo("production");
        assertThat(api.post("/api/v1/models/db-churn/versions/1/promote", "").status())
                .as("a refused change leaves the rows as they were")
                .isEqualTo(409);
        assertThat(rows(server, "db-churn").getFirst().get("stage")).isEqualTo("production");
        var rollback = api.post("/api/v1/models/db-churn/rollback", "");
        assertThat(rollback.status()).as(rollback.toString()).isEqualTo(409);
        assertThat(rollback.problem()).isEqualTo("nothing-to-roll-back");
        assertThat(rollback.json().get("detail").asString())
                .isEqualTo("db-churn has no archived version that was in production before db-churn@1 to roll back to;"
                        + " promote a version by its number instead");

        var predicted = api.post("/api/v1/models/db-churn/predict", Map.of("rows", List.of(ModelsApiTest.ROW)));
        assertThat(predicted.status()).as(predicted.toString()).isEqualTo(200);
        assertThat(predicted.json().get("model_id").asString()).isEqualTo("db-churn@1");

        var stranger = api.as(admin.newUserKey("analyst"));
        assertThat(stranger.get("/api/v1/models/db-churn").status()).isEqualTo(404);
        assertThat(stranger.get("/api/v1/models/db-churn/versions/1").status()).isEqualTo(404);
        assertThat(stranger.post("/api/v1/models/db-churn/predict", Map.of("rows", List.of(ModelsApiTest.ROW)))
                        .status())
                .isEqualTo(404);
        assertThat(stranger.delete("/api/v1/models/db-churn?force=true").status())
                .isEqualTo(404);
        assertThat(rows(server, "db-churn")).as("a stranger changed nothing").hasSize(1);

        assertThat(api.delete("/api/v1/models/db-churn?force=true").status()).isEqualTo(204);
        assertThat(rows(server, "db-churn")).isEmpty();
        try (Stream<java.nio.file.Path> files = Files.walk(modelsDir.resolve("artifacts"))) {
            assertThat(files.filter(Files::isRegularFile).count())
                    .as("deleting the last version deletes its files")
                    .isZero();
        }
    }

    @Test
    void twoTrainingsOfOneNameAtOnceGetDistinctVersions() {
        var server = TestServer.shared(database);
        var admin = server.admin();
        var api = admin.as(admin.newUserKey("analyst"));
        String dataset = ModelsApiTest.readyDataset(api);

        var jobs = new ArrayList<CompletableFuture<String>>();
        for (int i = 0; i < 3; i++) {
            jobs.add(CompletableFuture.supplyAsync(() -> ModelsApiTest.submitTraining(api, dataset, "race", 5)));
        }
        var versions = new ArrayList<Integer>();
        for (var job : jobs) {
            var done = api.awaitJob(job.join());
            assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("succeeded");
            versions.add(done.get("result").get("version").asInt());
        }
        assertThat(versions).containsExactlyInAnyOrder(1, 2, 3);
        assertThat(api.get("/api/v1/models/race").json()).hasSize(3);
    }

    @Test
    void withoutAuthenticationTheCommandLinesRegistryIsServed() throws Exception {
        try (var server = TestServer.start(database, Map.of("assay.auth.enabled", false))) {
            var local = server.anonymous();
            var assay = server.context.getBean(Assay.class);
            var file = SharedData.file("domains/supermarket_sales.csv");
            var trained = assay.models()
                    .train(
                            new Models.TrainRequest(
                                    file,
                                    Ingest.Options.defaults(),
                                    "Customer type",
                                    List.of("Unit price", "Quantity", "Product line", "Gender"),
                                    "xgboost",
                                    Map.of("n_estimators", "5"),
                                    null,
                                    0.2,
                                    0,
                                    42,
                                    "from-cli"),
                            Progress.NONE);
            assertThat(trained.version().id()).isEqualTo("from-cli@1");
            assertThat(server.dataDir.resolve("registry").resolve("index.json"))
                    .as("the command line's registry is the data directory's index file")
                    .exists();

            var listed = local.get("/api/v1/models/from-cli");
            assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
            var predicted = local.post("/api/v1/models/from-cli/predict", Map.of("rows", List.of(ModelsApiTest.ROW)));
            assertThat(predicted.status()).as(predicted.toString()).isEqualTo(200);
            assertThat(predicted.json().get("model_id").asString()).isEqualTo("from-cli@1");
            assertThat(rows(server, "from-cli"))
                    .as("nothing of the local caller's is in the database")
                    .isEmpty();
        }
    }
}
