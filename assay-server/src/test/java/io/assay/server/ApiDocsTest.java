package io.assay.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI document a client generator or Swagger UI reads says what the service really does: the field names the
 * server reads, the API key and how it is sent, 202 for work that becomes a job, and problem+json errors.
 */
class ApiDocsTest {

    static JsonNode doc;

    @BeforeAll
    static void read() {
        var r = TestServer.shared(Database.SQLITE).anonymous().get("/v3/api-docs");
        assertThat(r.status()).isEqualTo(200);
        doc = r.json();
    }

    @Test
    void theYamlFormOfTheDocumentIsAsPublicAsTheJson() {
        var r = TestServer.shared(Database.SQLITE).anonymous().get("/v3/api-docs.yaml");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.text()).startsWith("openapi: ");
    }

    /** Every property name of a schema and the schemas it refers to, as "Schema.property". */
    private static void properties(JsonNode schema, Set<String> seen, List<String> out) {
        if (schema == null || schema.isMissingNode() || schema.isNull()) {
            return;
        }
        if (schema.has("$ref")) {
            String name = schema.get("$ref").asString().replace("#/components/schemas/", "");
            if (seen.add(name)) {
                var target = doc.path("components").path("schemas").path(name);
                target.path("properties").propertyNames().forEach(p -> out.add(name + "." + p));
                target.path("properties").forEach(p -> properties(p, seen, out));
                properties(target.path("items"), seen, out);
            }
            return;
        }
        schema.path("properties").forEach(p -> properties(p, seen, out));
        properties(schema.path("items"), seen, out);
    }

    @Test
    void everyRequestBodyFieldIsNamedAsTheServerReadsIt() {
        var names = new ArrayList<String>();
        var seen = new HashSet<String>();
        doc.path("paths")
                .forEach(item -> item.forEach(op -> op.path("requestBody")
                        .path("content")
                        .forEach(media -> properties(media.path("schema"), seen, names))));
        assertThat(names).contains("PruneBody.keep_last", "PruneBody.keep_days", "TrainBody.dataset_id");
        assertThat(names)
                .as("snake_case, as the server reads bodies")
                .allSatisfy(n -> assertThat(n.substring(n.indexOf('.') + 1)).doesNotContainPattern("[A-Z]"));
    }

    @Test
    void saysWhatItIsAndHowToSendTheKey() {
        assertThat(doc.path("info").path("title").asString()).isEqualTo("Assay API");
        assertThat(doc.path("info").path("version").asString()).isNotEqualTo("v0");
        var scheme = doc.path("components").path("securitySchemes").path("apiKey");
        assertThat(scheme.path("type").asString()).isEqualTo("http");
        assertThat(scheme.path("scheme").asString()).isEqualTo("bearer");
        assertThat(doc.path("security").toString()).contains("apiKey");
        assertThat(doc.path("paths")
                        .path("/health")
                        .path("get")
                        .path("security")
                        .isEmpty())
                .as("health needs no key")
                .isTrue();
        assertThat(doc.path("paths").path("/health").path("get").has("security"))
                .isTrue();
    }

    @Test
    void workThatBecomesAJobIs202AndErrorsAreProblems() {
        var paths = doc.path("paths");
        for (String path : List.of(
                "/api/v1/models",
                "/api/v1/datasets",
                "/api/v1/analyses",
                "/api/v1/detections",
                "/api/v1/jobs/{id}/cancel")) {
            var responses = paths.path(path).path("post").path("responses");
            assertThat(responses.has("202")).as(path + " " + responses).isTrue();
            assertThat(responses.has("200")).as(path).isFalse();
        }
        var predict = paths.path("/api/v1/models/{name}/predict").path("post").path("responses");
        assertThat(predict.has("200")).isTrue();
        assertThat(predict.has("202")).isTrue();
        var train = paths.path("/api/v1/models").path("post").path("responses");
        assertThat(train.path("400").path("content").has("application/problem+json"))
                .isTrue();
        assertThat(train.path("429").path("content").has("application/problem+json"))
                .isTrue();
        assertThat(paths.path("/api/v1/models")
                        .path("get")
                        .path("responses")
                        .path("200")
                        .path("content")
                        .has("*/*"))
                .as("answers are JSON, not */*")
                .isFalse();
        assertThat(doc.path("components")
                        .path("schemas")
                        .path("Problem")
                        .path("properties")
                        .has("detail"))
                .isTrue();
    }

    @Test
    void everyDeleteDocumentsThe204ItAnswers() {
        var deletes = new ArrayList<String>();
        doc.path("paths").properties().forEach(e -> {
            var delete = e.getValue().path("delete");
            if (e.getKey().startsWith("/api/v1/") && !delete.isMissingNode()) {
                deletes.add(e.getKey());
                assertThat(delete.path("responses").has("204")).as(e.getKey()).isTrue();
                assertThat(delete.path("responses").has("200")).as(e.getKey()).isFalse();
            }
        });
        assertThat(deletes)
                .contains(
                        "/api/v1/datasets/{id}",
                        "/api/v1/models/{name}",
                        "/api/v1/models/{name}/versions/{version}",
                        "/api/v1/admin/keys/{id}");
        // and the service does answer so
        var admin = TestServer.shared(Database.SQLITE).admin();
        String user = "docs" + System.nanoTime();
        assertThat(admin.post("/api/v1/admin/users", java.util.Map.of("name", user))
                        .status())
                .isEqualTo(201);
        var key = admin.post("/api/v1/admin/keys", java.util.Map.of("user", user, "role", "viewer"));
        String id = key.json().path("key").path("id").asString();
        assertThat(admin.delete("/api/v1/admin/keys/" + id).status()).isEqualTo(204);
        var upload = admin.upload("/api/v1/datasets", "small.csv", "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8));
        String dataset = upload.json().path("dataset").path("id").asString();
        admin.awaitJob(upload.json().path("job").path("id").asString());
        assertThat(admin.delete("/api/v1/datasets/" + dataset).status()).isEqualTo(204);
    }

    @Test
    void hyperparametersAndRowsTakePlainValuesAndRowsAreOneToTenThousand() {
        var schemas = doc.path("components").path("schemas");
        for (String body : List.of("TrainBody", "DetectBody", "AnalyzeBody", "LeakModelBody")) {
            var value = schemas.path(body).path("properties").path("params").path("additionalProperties");
            assertThat(value.path("type").toString())
                    .as(body)
                    .contains("string", "number", "boolean")
                    .doesNotContain("object");
        }
        var rows = schemas.path("PredictBody").path("properties").path("rows");
        assertThat(rows.path("items").path("additionalProperties").path("type").toString())
                .doesNotContain("object");
        assertThat(rows.path("minItems").asInt()).isEqualTo(1);
        assertThat(rows.path("maxItems").asInt()).isEqualTo(10_000);
        assertThat(schemas.path("SeedPredict")
                        .path("properties")
                        .path("data")
                        .path("minItems")
                        .asInt())
                .isEqualTo(1);
    }

    @Test
    void bodiesAreDocumentedAsJsonOnly() {
        assertThat(doc.path("paths").toString()).doesNotContain("yaml");
    }
}
