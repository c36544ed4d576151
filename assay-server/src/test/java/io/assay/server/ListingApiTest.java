package io.assay.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Lists and filters answer honestly (on SQLite; the store contract test pages on PostgreSQL too): a limit, offset or
 * filter value out of range or unknown is 400 naming the parameter and what it may be, never clamped or matched
 * against nothing; jobs, analyses and detections page with limit and offset.
 */
class ListingApiTest {

    private final Database database = Database.SQLITE;

    @Test
    void limitsOffsetsAndFiltersAreCheckedAndListsPage() {
        var admin = TestServer.shared(database).admin();
        var api = admin.as(admin.newUserKey("analyst"));
        String dataset = ModelsApiTest.readyDataset(api);
        var analysis = api.post("/api/v1/analyses", Map.of("dataset_id", dataset, "domain", "retail"));
        assertThat(analysis.status()).as(analysis.toString()).isEqualTo(202);
        String analysisId = analysis.json().get("analysis").get("id").asString();
        var detection = api.post("/api/v1/detections", Map.of("dataset_id", dataset));
        assertThat(detection.status()).as(detection.toString()).isEqualTo(202);
        String detectionId = detection.json().get("detection").get("id").asString();
        api.awaitJob(analysisId);
        api.awaitJob(detectionId);

        ModelsApiTest.train(api, dataset, "first", 3);
        ModelsApiTest.train(api, dataset, "second", 3);
        for (String path : new String[] {
            "/api/v1/jobs", "/api/v1/analyses", "/api/v1/detections", "/api/v1/datasets", "/api/v1/models"
        }) {
            for (String limit : new String[] {"-1", "0", "1001"}) {
                var r = api.get(path + "?limit=" + limit);
                assertThat(r.status()).as(path + "?limit=" + limit + ": " + r).isEqualTo(400);
                assertThat(r.problem()).isEqualTo("invalid-parameter");
                assertThat(r.json().get("detail").asString()).contains("'limit' must be between 1 and 1000");
            }
            var negative = api.get(path + "?offset=-1");
            assertThat(negative.status()).as(path + ": " + negative).isEqualTo(400);
            assertThat(negative.json().get("detail").asString()).contains("'offset'");
        }

        var versions = api.get("/api/v1/models?limit=1&offset=1").json();
        assertThat(versions.size()).isEqualTo(1);
        assertThat(versions.get(0).get("name").asString()).as("by name").isEqualTo("second");
        assertThat(api.get("/api/v1/models?offset=2").json()).isEmpty();

        var all = api.get("/api/v1/jobs").json();
        assertThat(all.size())
                .as("profile, analysis, detection and two trainings")
                .isEqualTo(5);
        var second = api.get("/api/v1/jobs?limit=1&offset=1").json();
        assertThat(second.size()).isEqualTo(1);
        assertThat(second.get(0).get("id").asString())
                .isEqualTo(all.get(1).get("id").asString());
        assertThat(api.get("/api/v1/jobs?offset=5").json()).isEmpty();
        assertThat(api.get("/api/v1/analyses?limit=1&offset=0")
                        .json()
                        .get(0)
                        .get("id")
                        .asString())
                .isEqualTo(analysisId);
        assertThat(api.get("/api/v1/detections?offset=1").json()).isEmpty();
        assertThat(api.get("/api/v1/datasets?limit=1").json().get(0).get("id").asString())
                .isEqualTo(dataset);
        assertThat(api.get("/api/v1/datasets?offset=1").json()).isEmpty();

        var kind = api.get("/api/v1/jobs?kind=bogus");
        assertThat(kind.status()).as(kind.toString()).isEqualTo(400);
        assertThat(kind.json().get("detail").asString())
                .contains("'kind' is one of")
                .contains("analyze")
                .contains("detect")
                .contains("not 'bogus'");
        var analyses = api.get("/api/v1/jobs?kind=analyze").json();
        assertThat(analyses.size()).isEqualTo(1);
        assertThat(analyses.get(0).get("id").asString()).isEqualTo(analysisId);
        var status = api.get("/api/v1/jobs?status=bogus");
        assertThat(status.status()).isEqualTo(400);
        assertThat(status.json().get("detail").asString())
                .contains("'status' is one of")
                .contains("succeeded");

        String findings = "/api/v1/analyses/" + analysisId + "/findings";
        var type = api.get(findings + "?type=nope");
        assertThat(type.status()).as(type.toString()).isEqualTo(400);
        assertThat(type.json().get("detail").asString())
                .contains("'type' is one of")
                .contains("unusual_pattern")
                .contains("missing_tax");
        assertThat(api.get(findings + "?type=missing_tax").status()).isEqualTo(200);
        for (String impact : new String[] {"NaN", "Infinity"}) {
            var r = api.get(findings + "?min_impact=" + impact);
            assertThat(r.status()).as(r.toString()).isEqualTo(400);
            assertThat(r.json().get("detail").asString()).contains("'min_impact' must be a finite number");
        }

        String anomalies = "/api/v1/detections/" + detectionId + "/anomalies";
        var severity = api.get(anomalies + "?severity=x");
        assertThat(severity.status()).as(severity.toString()).isEqualTo(400);
        assertThat(severity.json().get("detail").asString())
                .contains("'severity' is one of low, medium, high, critical");
        assertThat(api.get(anomalies + "?severity=HIGH").status()).isEqualTo(200);
        // a value the check accepts with spaces or in capitals filters as the plain value does
        String some =
                api.get(anomalies).json().get("items").get(0).get("severity").asString();
        long plain =
                api.get(anomalies + "?severity=" + some).json().get("total").asLong();
        assertThat(plain).isPositive();
        assertThat(api.get(anomalies + "?severity=%20" + some.toUpperCase(java.util.Locale.ROOT) + "%20")
                        .json()
                        .get("total")
                        .asLong())
                .isEqualTo(plain);
        assertThat(api.get(anomalies + "?min_score=NaN").status()).isEqualTo(400);
    }
}
