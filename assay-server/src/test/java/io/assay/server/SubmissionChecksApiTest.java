package io.assay.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A request the job would refuse is refused when it is submitted (400 or 409 problem+json), before any work and
 * without a job: bad model names and folds, unknown analysis parameters and mapped columns, excluded columns the file
 * lacks, and a dataset that could not be read, for every route that starts work on a dataset. On SQLite: the checks
 * are above the store.
 */
class SubmissionChecksApiTest {

    private final Database database = Database.SQLITE;

    Api analyst() {
        var admin = TestServer.shared(database).admin();
        return admin.as(admin.newUserKey("analyst"));
    }

    /** How many jobs the caller has: a refused request must not have started one. */
    private static int jobs(Api api) {
        return api.get("/api/v1/jobs?limit=1000").json().size();
    }

    @Test
    void aTrainingThatCannotBeRegisteredOrCrossValidatedIsRefusedBeforeItRuns() {
        var api = analyst();
        String dataset = ModelsApiTest.readyDataset(api);
        int before = jobs(api);
        var base = Map.of("dataset_id", dataset, "target", "Customer type", "model", "logistic_regression");

        var escape = api.post("/api/v1/models", with(base, "name", "../../etc"));
        assertThat(escape.status()).as(escape.toString()).isEqualTo(400);
        assertThat(escape.problem()).isEqualTo("invalid-option");
        assertThat(escape.json().get("detail").asString()).contains("'../../etc'");

        var huge = api.post("/api/v1/models", with(base, "name", "a/".repeat(2500)));
        assertThat(huge.status()).as(huge.toString()).isEqualTo(400);
        assertThat(huge.json().get("detail").asString().length())
                .as("a 5000-character name is not echoed whole")
                .isLessThan(400);

        for (int folds : new int[] {-3, 1, 100_000}) {
            var r = api.post("/api/v1/models", with(base, "folds", folds));
            assertThat(r.status()).as(r.toString()).isEqualTo(400);
            assertThat(r.json().get("detail").asString()).contains("folds").contains("0 (none) or between 2 and 20");
        }
        var seed = api.post(
                "/train",
                Map.of("dataset_id", dataset, "target", "Customer type", "model_name", "xgboost", "test_size", 3));
        assertThat(seed.status()).as(seed.toString()).isEqualTo(400);
        assertThat(jobs(api)).as("no job was started").isEqualTo(before);
    }

    @Test
    void anAnalysisLeakModelDetectionOrOrderAnalysisNamingWhatTheFileLacksIsRefusedBeforeItRuns() {
        var api = analyst();
        String dataset = ModelsApiTest.readyDataset(api);
        int before = jobs(api);
        var base = Map.<String, Object>of("dataset_id", dataset, "domain", "retail");

        var canonical = api.post("/api/v1/analyses", with(base, "mapping", Map.of("bogus", "Total")));
        assertThat(canonical.status()).as(canonical.toString()).isEqualTo(400);
        assertThat(canonical.json().get("detail").asString()).contains("'bogus' is not a column of retail");

        var param = api.post("/api/v1/analyses", with(base, "params", Map.of("bogus", "1")));
        assertThat(param.status()).as(param.toString()).isEqualTo(400);
        assertThat(param.json().get("detail").asString()).contains("not a parameter of retail");
        var norm = api.post("/api/v1/analyses", with(base, "params", Map.of("tax_rate", "abc")));
        assertThat(norm.status()).as(norm.toString()).isEqualTo(400);
        assertThat(norm.json().get("detail").asString())
                .isEqualTo("invalid parameter tax_rate 'abc': must be a number");

        var column = api.post("/api/v1/analyses", with(base, "mapping", Map.of("category", "nope")));
        assertThat(column.status() / 100).as(column.toString()).isEqualTo(4);
        assertThat(column.json().get("detail").asString()).contains("nope").contains("Product line");

        var leak = api.post(
                "/api/v1/domains/retail/leak-model",
                Map.of("dataset_id", dataset, "label", "Customer type", "params", Map.of("bogus", "1")));
        assertThat(leak.status()).as(leak.toString()).isEqualTo(400);
        assertThat(leak.json().get("detail").asString()).contains("not a parameter of retail");
        var unlabelled = api.post("/api/v1/domains/retail/leak-model", Map.of("dataset_id", dataset));
        assertThat(unlabelled.status()).as(unlabelled.toString()).isEqualTo(400);
        assertThat(unlabelled.json().get("detail").asString())
                .contains("no label column")
                .contains("supermarket_sales.csv");
        var label = api.post("/api/v1/domains/retail/leak-model", Map.of("dataset_id", dataset, "label", "nope"));
        assertThat(label.status() / 100).as(label.toString()).isEqualTo(4);
        assertThat(label.json().get("detail").asString()).contains("nope");

        var exclude = api.post("/api/v1/detections", Map.of("dataset_id", dataset, "exclude", List.of("nope")));
        assertThat(exclude.status() / 100).as(exclude.toString()).isEqualTo(4);
        assertThat(exclude.json().get("detail").asString()).contains("nope").contains("Product line");
        var orders = api.post(
                "/api/v1/commerce/affinity",
                Map.of("dataset_id", dataset, "mapping", Map.of("order", "nope", "item", "Product line")));
        assertThat(orders.status() / 100).as(orders.toString()).isEqualTo(4);
        assertThat(orders.json().get("detail").asString()).contains("nope").contains("Invoice ID");
        assertThat(jobs(api)).as("no job was started").isEqualTo(before);

        var good = api.post("/api/v1/analyses", with(base, "mapping", Map.of("category", "Product line")));
        assertThat(good.status())
                .as("a mapping of a real column is accepted: %s", good)
                .isEqualTo(202);
    }

    @Test
    void aDatasetThatCouldNotBeReadIsAConflictForEveryRouteThatWouldUseIt() throws Exception {
        var api = analyst();
        var up = api.upload("/api/v1/datasets", "march.xlsx", DatasetsApiTest.workbook(), "sheet", "April");
        var read = api.awaitJob(up.json().get("job").get("id").asString());
        assertThat(read.get("status").asString()).isEqualTo("failed");
        String id = up.json().get("dataset").get("id").asString();
        int before = jobs(api);

        var routes = Map.<String, Object>of(
                "/api/v1/models",
                Map.of("dataset_id", id, "target", "Quantity", "model", "linear_regression"),
                "/api/v1/analyses",
                Map.of("dataset_id", id, "domain", "retail"),
                "/api/v1/detections",
                Map.of("dataset_id", id),
                "/api/v1/domains/retail/leak-model",
                Map.of("dataset_id", id),
                "/api/v1/commerce/affinity",
                Map.of("dataset_id", id),
                "/api/v1/commerce/recommenders",
                Map.of("dataset_id", id, "name", "recs"),
                "/datasets/" + id + "/analyze",
                Map.of());
        routes.forEach((path, body) -> {
            var r = api.post(path, body);
            assertThat(r.status()).as(path + ": " + r).isEqualTo(409);
            assertThat(r.problem()).as(path).isEqualTo("dataset-failed");
        });
        assertThat(jobs(api)).as("no job was started").isEqualTo(before);
    }

    @Test
    void anUploadWithAFormFieldItDoesNotReadIsRefusedNamingTheAcceptedOnes() {
        var api = analyst();
        byte[] csv = "a,b\n1,2\n3,4\n".getBytes();
        var misspelt = api.upload("/api/v1/datasets", "t.csv", csv, "headerRow", "3");
        assertThat(misspelt.status()).as(misspelt.toString()).isEqualTo(400);
        assertThat(misspelt.problem()).isEqualTo("malformed-body");
        assertThat(misspelt.json().get("detail").asString())
                .isEqualTo("unknown field 'headerRow' (allowed: file, sheet, header_row)");
        var query = api.upload("/api/v1/datasets?bogus=1", "t.csv", csv);
        assertThat(query.status()).as(query.toString()).isEqualTo(400);
        var seed = api.upload("/api/upload", "t.csv", csv, "domain", "retail", "bogus", "1");
        assertThat(seed.status()).as(seed.toString()).isEqualTo(400);
        assertThat(seed.json().get("detail").asString())
                .isEqualTo("unknown field 'bogus' (allowed: file, domain, sheet, header_row)");
        var anomaly = api.upload("/datasets/upload", "t.csv", csv, "metod", "lof");
        assertThat(anomaly.status()).as(anomaly.toString()).isEqualTo(400);
        assertThat(anomaly.json().get("detail").asString()).contains("'metod'").contains("method");
        assertThat(api.get("/api/v1/datasets").json()).as("nothing was stored").isEmpty();
        assertThat(jobs(api)).isZero();

        var good = api.upload("/api/v1/datasets", "t.csv", csv);
        assertThat(good.status()).as(good.toString()).isEqualTo(202);
    }

    private static Map<String, Object> with(Map<String, ?> base, String key, Object value) {
        var out = new java.util.LinkedHashMap<String, Object>(base);
        out.put(key, value);
        return out;
    }
}
