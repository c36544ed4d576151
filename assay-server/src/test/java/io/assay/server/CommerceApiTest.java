package io.assay.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.assay.testkit.SharedData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Customer analytics over real HTTP: affinity, journey and customers as jobs on an uploaded online-retail export (its
 * first 20,000 lines), a recommender trained as a job, recommendations and similar products, and another user sees
 * none of it.
 */
class CommerceApiTest {

    static byte[] orders;

    @BeforeAll
    static void slice() {
        try (var lines = Files.lines(
                SharedData.file("domains/online_retail_uci_2010-12_to_2011-05.csv"), StandardCharsets.UTF_8)) {
            orders = (lines.limit(20_001).collect(Collectors.joining("\n")) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode run(Api api, String path, Map<String, Object> body) {
        var r = api.post(path, body);
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        var job = api.awaitJob(r.json().get("job").get("id").asString());
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("succeeded");
        return job.get("result");
    }

    @Test
    void theInstacartLayoutIsReadFromItsFilesUploadedOneByOne() {
        var admin = TestServer.shared(Database.SQLITE).admin();
        var api = admin.as(admin.newUserKey("analyst"));
        var ids = new java.util.LinkedHashMap<String, Object>();
        for (var file : Map.of(
                        "orders", "instacart/mini64/orders.csv",
                        "order_products_prior", "instacart/mini64/order_products__prior.csv",
                        "order_products_train", "instacart/mini64/order_products__train.csv",
                        "products", "instacart/products.csv")
                .entrySet()) {
            var up = api.upload("/api/v1/datasets", SharedData.file(file.getValue()));
            assertThat(up.status()).as(up.toString()).isEqualTo(202);
            api.awaitJob(up.json().get("job").get("id").asString());
            ids.put(file.getKey(), up.json().get("dataset").get("id").asString());
        }
        var affinity = run(api, "/api/v1/commerce/affinity", Map.of("layout", "instacart", "instacart", ids, "top", 1));
        // the reference (shared/data/instacart/reference/mini64/pairs_top20.csv): 973 baskets, top pair 5612 + 6182
        var top = affinity.get("result").get("pairs").get(0);
        assertThat(top.toString()).contains("5612", "6182", "Reduced Fat Milk");
        assertThat(affinity.toString()).contains("973");
        // rules need three different customers by default; min_customers 1 is the reference's basket-only floor
        assertThat(affinity.get("result").toString()).containsPattern("\"customer_?[fF]loor\":3");
        var basketFloor = run(
                api,
                "/api/v1/commerce/affinity",
                Map.of("layout", "instacart", "instacart", ids, "top", 1, "min_customers", 1));
        assertThat(basketFloor.get("result").toString()).containsPattern("\"customer_?[fF]loor\":1");

        var byName = api.post(
                "/api/v1/commerce/journey", Map.of("layout", "instacart", "instacart", Map.of("orders", "orders.csv")));
        assertThat(byName.status()).as(byName.toString()).isEqualTo(404);
        assertThat(byName.json().get("detail").asString())
                .isEqualTo("no dataset orders.csv: the Instacart layout names each file by its dataset's id (the"
                        + " dataset.id that POST /api/v1/datasets answered), not by its file name");

        var missing = api.post("/api/v1/commerce/journey", Map.of("layout", "instacart", "instacart", Map.of()));
        assertThat(missing.status()).as(missing.toString()).isEqualTo(400);
        assertThat(missing.json().get("detail").asString()).contains("instacart.orders");
        var noLines = api.post(
                "/api/v1/commerce/journey",
                Map.of("layout", "instacart", "instacart", Map.of("orders", ids.get("orders"))));
        assertThat(noLines.status()).as(noLines.toString()).isEqualTo(400);
        var stranger = admin.as(admin.newUserKey("analyst"));
        var theirs = stranger.post("/api/v1/commerce/journey", Map.of("layout", "instacart", "instacart", ids));
        assertThat(theirs.status()).as("another user's datasets are not found").isEqualTo(404);
    }

    @Test
    void analysesRecommendationsAndSimilarProductsOverHttp() {
        var admin = TestServer.shared(Database.SQLITE).admin();
        var api = admin.as(admin.newUserKey("analyst"));
        var up = api.upload("/api/v1/datasets", "online_retail.csv", orders);
        assertThat(up.status()).as(up.toString()).isEqualTo(202);
        String dataset = up.json().get("dataset").get("id").asString();
        api.awaitJob(up.json().get("job").get("id").asString());

        var affinity = run(
                api,
                "/api/v1/commerce/affinity",
                Map.of("dataset_id", dataset, "layout", "online_retail", "top", 5, "min_pairs", 5));
        assertThat(affinity.get("result").get("pairs")).hasSize(5);
        assertThat(affinity.get("result").get("pairs").get(0).get("lift").asDouble())
                .isPositive();
        assertThat(affinity.get("data").toString())
                .as("how the export was read is reported")
                .isNotEmpty();
        assertThat(affinity.get("data").get("files").get(0).asString())
                .as("the file's name, not where the server keeps it")
                .isEqualTo("online_retail.csv");

        var journey = run(api, "/api/v1/commerce/journey", Map.of("dataset_id", dataset, "layout", "online_retail"));
        assertThat(journey.get("result").get("summary")).isNotNull();
        var customers =
                run(api, "/api/v1/commerce/customers", Map.of("dataset_id", dataset, "layout", "online_retail"));
        assertThat(customers.get("result").get("customers")).isNotEmpty();
        String customer =
                customers.get("result").get("customers").get(0).get("customer").asString();

        var bad = api.post("/api/v1/commerce/horoscope", Map.of("dataset_id", dataset));
        assertThat(bad.status()).isEqualTo(400);

        var trained = run(
                api,
                "/api/v1/commerce/recommenders",
                Map.of(
                        "dataset_id",
                        dataset,
                        "layout",
                        "online_retail",
                        "name",
                        "shop",
                        "factors",
                        8,
                        "iterations",
                        3));
        assertThat(trained.get("result").get("version").asInt()).isEqualTo(1);
        assertThat(api.get("/api/v1/commerce/recommenders").json().toString()).contains("\"shop\"");

        var recs = api.get("/api/v1/commerce/recommenders/shop/customers/" + customer + "/recommendations?top=5");
        assertThat(recs.status()).as(recs.toString()).isEqualTo(200);
        assertThat(recs.json().get("items")).hasSize(5);
        String item = recs.json().get("items").get(0).get("item").asString();
        var similar = api.get("/api/v1/commerce/recommenders/shop/items/" + item + "/similar?top=3");
        assertThat(similar.status()).as(similar.toString()).isEqualTo(200);
        assertThat(similar.json()).hasSize(3);
        for (String path : new String[] {"/items/" + item, "/customers/" + customer}) {
            var none = api.get("/api/v1/commerce/recommenders/shop" + path + "/similar?top=-1");
            assertThat(none.status()).as(none.toString()).isEqualTo(400);
            assertThat(none.json().get("detail").asString()).contains("between 1 and 10000");
        }

        var stranger = api.as(admin.newUserKey("analyst"));
        assertThat(stranger.get("/api/v1/commerce/recommenders").json()).isEmpty();
        assertThat(stranger.get("/api/v1/commerce/recommenders/shop/items/" + item + "/similar")
                        .status())
                .isEqualTo(404);
    }
}
