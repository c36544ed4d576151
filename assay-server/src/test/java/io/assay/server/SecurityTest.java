package io.assay.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.assay.testkit.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** API keys, roles and ownership over real HTTP, on SQLite and PostgreSQL. */
@ParameterizedClass
@EnumSource(Database.class)
class SecurityTest {

    @Parameter
    Database database;

    @Test
    void callsWithoutAKeyOrWithAWrongKeyGet401ProblemJson() {
        var server = TestServer.shared(database);
        var none = server.anonymous().get("/api/v1/datasets");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.header("Content-Type")).startsWith("application/problem+json");
        assertThat(none.problem()).isEqualTo("unauthenticated");
        var wrong = server.anonymous().as("assay_not-a-real-key-000000000000").get("/api/v1/datasets");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.problem()).isEqualTo("invalid-api-key");
    }

    @Test
    void othersDatasetsAndJobsAreInvisible() {
        var admin = TestServer.shared(database).admin();
        var alice = admin.as(admin.newUserKey("analyst"));
        var bob = admin.as(admin.newUserKey("analyst"));
        var up = alice.upload("/api/v1/datasets", SharedData.file("domains/supermarket_sales.csv"));
        String id = up.json().get("dataset").get("id").asString();
        String job = up.json().get("job").get("id").asString();
        alice.awaitJob(job);

        assertThat(bob.get("/api/v1/datasets/" + id).status()).isEqualTo(404);
        assertThat(bob.get("/api/v1/datasets/" + id + "/profile").status()).isEqualTo(404);
        assertThat(bob.delete("/api/v1/datasets/" + id).status()).isEqualTo(404);
        assertThat(bob.get("/api/v1/jobs/" + job).status()).isEqualTo(404);
        assertThat(bob.get("/api/v1/datasets").json().findValuesAsString("id")).doesNotContain(id);
        assertThat(admin.get("/api/v1/datasets/" + id).status())
                .as("even an admin key of another user does not see it")
                .isEqualTo(404);
        assertThat(alice.get("/api/v1/datasets/" + id).status()).isEqualTo(200);
    }

    @Test
    void aViewerReadsItsOwnersDataButCannotChangeIt() {
        var admin = TestServer.shared(database).admin();
        String user = "viewer-owner-" + System.nanoTime();
        admin.post("/api/v1/admin/users", java.util.Map.of("name", user));
        var analyst = admin.as(admin.keyFor(user, "analyst"));
        var viewer = admin.as(admin.keyFor(user, "viewer"));
        var up = analyst.upload("/api/v1/datasets", SharedData.file("domains/supermarket_sales.csv"));
        String id = up.json().get("dataset").get("id").asString();
        assertThat(viewer.get("/api/v1/datasets/" + id).status()).isEqualTo(200);
        var denied = viewer.delete("/api/v1/datasets/" + id);
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.problem()).isEqualTo("forbidden");
        assertThat(viewer.upload("/api/v1/datasets", SharedData.file("domains/supermarket_sales.csv"))
                        .status())
                .isEqualTo(403);
        assertThat(analyst.get("/api/v1/admin/keys").status()).isEqualTo(403);
    }

    @Test
    void aRevokedKeyStopsWorkingAtOnceAndSecretsAreNeverListed() {
        var admin = TestServer.shared(database).admin();
        var created = admin.post(
                "/api/v1/admin/keys", java.util.Map.of("user", "admin", "role", "viewer", "label", "to revoke"));
        assertThat(created.status()).isEqualTo(201);
        String secret = created.json().get("secret").asString();
        String id = created.json().get("key").get("id").asString();
        assertThat(admin.as(secret).get("/api/v1/datasets").status()).isEqualTo(200);
        var listed = admin.get("/api/v1/admin/keys");
        assertThat(listed.json().findValuesAsString("id")).contains(id);
        assertThat(listed.text()).doesNotContain(secret).doesNotContain("secret");
        assertThat(admin.delete("/api/v1/admin/keys/" + id).status()).isEqualTo(204);
        assertThat(admin.as(secret).get("/api/v1/datasets").status()).isEqualTo(401);
    }

    @Test
    void responsesCarrySecurityHeadersAndARequestId() {
        var r = TestServer.shared(database).admin().get("/api/v1/datasets");
        assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(r.header("Content-Security-Policy")).contains("default-src 'self'");
        assertThat(r.header("X-Request-Id")).isNotBlank();
    }
}
