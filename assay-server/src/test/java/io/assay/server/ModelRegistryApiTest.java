package io.assay.server;

import static org.assertj.core.api.Assertions.assertThat;

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
 * distinct versions, and another user sees none of them. ({@code --no-auth}, the command line's registry:
 * {@link NoAuthRegistryTest}.)
 */
@ParameterizedClass
@EnumSource(Database.class)
class ModelRegistryApiTest {

    @Parameter
    Database database;

    static List<Map<String, Object>> rows(TestServer server, String name) {
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

        // a rollback finds the version that left production last by its stored time, on either database
        assertThat(ModelsApiTest.train(api, dataset, "db-churn", 5)
                        .get("version")
                        .asInt())
                .isEqualTo(2);
        assertThat(api.post("/api/v1/models/db-churn/versions/2/promote", "").status())
                .isEqualTo(200);
        var afterPromotion = rows(server, "db-churn");
        assertThat(afterPromotion).extracting(r -> r.get("stage")).containsExactly("archived", "production");
        assertThat(leftProduction(server, "db-churn", 1))
                .as("the time v1 left production is stored")
                .isNotNull();
        assertThat(leftProduction(server, "db-churn", 2)).isNull();
        var back = api.post("/api/v1/models/db-churn/rollback", "");
        assertThat(back.status()).as(back.toString()).isEqualTo(200);
        assertThat(back.json().get("version").asInt()).isEqualTo(1);
        assertThat(rows(server, "db-churn")).extracting(r -> r.get("stage")).containsExactly("production", "archived");
        assertThat(leftProduction(server, "db-churn", 2))
                .as("v2 left production after v1 did")
                .isGreaterThan(leftProduction(server, "db-churn", 1));

        var stranger = api.as(admin.newUserKey("analyst"));
        assertThat(stranger.get("/api/v1/models/db-churn").status()).isEqualTo(404);
        assertThat(stranger.get("/api/v1/models/db-churn/versions/1").status()).isEqualTo(404);
        assertThat(stranger.post("/api/v1/models/db-churn/predict", Map.of("rows", List.of(ModelsApiTest.ROW)))
                        .status())
                .isEqualTo(404);
        assertThat(stranger.delete("/api/v1/models/db-churn?force=true").status())
                .isEqualTo(404);
        assertThat(rows(server, "db-churn")).as("a stranger changed nothing").hasSize(2);

        assertThat(api.delete("/api/v1/models/db-churn?force=true").status()).isEqualTo(204);
        assertThat(rows(server, "db-churn")).isEmpty();
        try (Stream<java.nio.file.Path> files = Files.walk(modelsDir.resolve("artifacts"))) {
            assertThat(files.filter(Files::isRegularFile).count())
                    .as("deleting the last version deletes its files")
                    .isZero();
        }
    }

    private static Long leftProduction(TestServer server, String name, int version) {
        return server.context
                .getBean(JdbcClient.class)
                .sql("SELECT left_production_at FROM model_versions WHERE name = ? AND version = ?")
                .params(name, version)
                .query((rs, n) -> {
                    long at = rs.getLong(1);
                    return rs.wasNull() ? null : at;
                })
                .list()
                .getFirst();
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
}
