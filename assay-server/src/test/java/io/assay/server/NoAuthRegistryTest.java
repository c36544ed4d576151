package io.assay.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.assay.app.Assay;
import io.assay.app.Models;
import io.assay.core.Progress;
import io.assay.core.ingest.Ingest;
import io.assay.testkit.SharedData;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With {@code --no-auth} the local caller is served the data directory's registry, the one {@code assay train} and
 * {@code assay models} use, and nothing of theirs goes to the database (on SQLite: which registry is served is decided
 * above the store).
 */
class NoAuthRegistryTest {

    @Test
    void withoutAuthenticationTheCommandLinesRegistryIsServed() throws Exception {
        try (var server = TestServer.start(Database.SQLITE, Map.of("assay.auth.enabled", false))) {
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
            assertThat(ModelRegistryApiTest.rows(server, "from-cli"))
                    .as("nothing of the local caller's is in the database")
                    .isEmpty();
        }
    }
}
