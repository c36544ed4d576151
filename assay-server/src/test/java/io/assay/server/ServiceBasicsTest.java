package io.assay.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Health in the seed's shape, probes, API docs, the dashboard page and metrics, on SQLite and PostgreSQL. */
@ParameterizedClass
@EnumSource(Database.class)
class ServiceBasicsTest {

    @Parameter
    Database database;

    @Test
    void healthHasTheSeedFieldsWithoutAKey() {
        var r = TestServer.shared(database).anonymous().get("/health");
        assertThat(r.status()).isEqualTo(200);
        var h = r.json();
        assertThat(h.get("status").asString()).isEqualTo("healthy");
        for (String field : new String[] {
            "timestamp", "version", "models_loaded", "active_sessions", "disk_space", "memory_usage", "uptime"
        }) {
            assertThat(h.has(field)).as(field).isTrue();
        }
        assertThat(h.get("database").asString()).isEqualTo("up");
    }

    @Test
    void livenessAndReadinessProbesAnswer() {
        var api = TestServer.shared(database).anonymous();
        assertThat(api.get("/actuator/health/liveness").json().get("status").asString())
                .isEqualTo("UP");
        assertThat(api.get("/actuator/health/readiness").json().get("status").asString())
                .isEqualTo("UP");
    }

    @Test
    void theOpenApiDocumentDescribesTheApiAndSwaggerUiIsServed() {
        var api = TestServer.shared(database).anonymous();
        var doc = api.get("/v3/api-docs");
        assertThat(doc.status()).isEqualTo(200);
        assertThat(doc.json().get("paths").has("/api/v1/datasets")).isTrue();
        assertThat(doc.json().get("paths").has("/api/v1/jobs/{id}/cancel")).isTrue();
        assertThat(api.get("/swagger-ui/index.html").status()).isEqualTo(200);
        assertThat(api.get("/").text()).contains("Assay").contains("swagger-ui.html");
    }

    @Test
    void prometheusMetricsNeedAnAdminKey() {
        var server = TestServer.shared(database);
        assertThat(server.anonymous().get("/actuator/prometheus").status()).isEqualTo(401);
        server.admin().get("/api/v1/datasets");
        var metrics = server.admin().get("/actuator/prometheus");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.text()).contains("http_server_requests_seconds");
    }

    @Test
    void anUnknownFieldIsRefusedByNameWithTheFieldsAllowed() {
        var api = TestServer.shared(database).admin();
        var train = api.post("/api/v1/models", "{\"dataset_id\":\"d\",\"model\":\"xgboost\",\"bogus\":1}");
        assertThat(train.status()).as(train.toString()).isEqualTo(400);
        assertThat(train.problem()).isEqualTo("malformed-body");
        assertThat(train.json().get("detail").asString())
                .contains("unknown field 'bogus'")
                .contains("allowed: ")
                .contains("dataset_id")
                .contains("test_size");
        var prune = api.post("/api/v1/models/churn/prune", "{\"keepLast\":5}");
        assertThat(prune.status()).as(prune.toString()).isEqualTo(400);
        assertThat(prune.json().get("detail").asString())
                .endsWith("unknown field 'keepLast' (allowed: keep_last, keep_days)");
        var none = api.post("/api/v1/models/churn/prune", "{}");
        assertThat(none.status()).as(none.toString()).isEqualTo(400);
        assertThat(none.problem()).isEqualTo("missing-parameter");
        assertThat(none.json().get("detail").asString()).contains("keep_last").contains("keep_days");
    }

    @Test
    void errorsNoControllerSeesAreProblemsToo() {
        var api = TestServer.shared(database).admin();
        for (var r : java.util.List.of(
                api.post("/api/v1/jobs//cancel", ""),
                api.get("/api/v1/analyses/x/files/..%2F..%2Fassay.db"),
                api.get("/api/v1/analyses/x/files/%2e%2e/%2e%2e/assay.db"),
                api.get("/api/v1/jobs/a%00b"))) {
            assertThat(r.status()).as(r.toString()).isBetween(400, 404);
            assertThat(r.header("Content-Type")).as(r.toString()).startsWith("application/problem+json");
            assertThat(r.problem()).as(r.toString()).isNotBlank();
            assertThat(r.json().get("detail").asString()).isNotBlank();
            assertThat(r.text()).doesNotContain("Tomcat").doesNotContain("timestamp");
        }
    }

    @Test
    void unknownRoutesGetA404Problem() {
        var r = TestServer.shared(database).admin().get("/api/v1/nothing-here");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.problem()).isEqualTo("not-found");
    }
}
