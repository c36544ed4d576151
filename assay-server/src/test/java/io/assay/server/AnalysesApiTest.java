package io.assay.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.assay.testkit.SharedData;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Revenue-leakage analyses over real HTTP (on SQLite): v1 analysis as a job with its result, filtered and
 * sorted findings and downloads; the leakage seed's upload, results and download routes; others see nothing.
 */
class AnalysesApiTest {

    /** HTTP behaviour above the store: on SQLite only; the store contract tests try every query on PostgreSQL too. */
    private final Database database = Database.SQLITE;

    Api analyst() {
        var admin = TestServer.shared(database).admin();
        return admin.as(admin.newUserKey("analyst"));
    }

    @Test
    void analysisRunsAsAJobAndItsFindingsAreFilteredSortedAndDownloadable() {
        var api = analyst();
        String dataset = ModelsApiTest.readyDataset(api);
        var r = api.post("/api/v1/analyses", Map.of("dataset_id", dataset, "domain", "retail"));
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        String id = r.json().get("analysis").get("id").asString();
        var job = api.awaitJob(r.json().get("job").get("id").asString());
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("succeeded");

        var a = api.get("/api/v1/analyses/" + id).json();
        JsonNode metrics = a.get("result").get("metrics");
        assertThat(metrics.get("total_rows").asLong()).isEqualTo(1000);
        long detected = metrics.get("anomalies_detected").asLong();
        assertThat(a.get("result").has("column_mapping")).isTrue();
        assertThat(a.get("result").get("summary").asString()).isNotBlank();

        var all = api.get("/api/v1/analyses/" + id + "/findings?size=1000").json();
        long total = all.get("total").asLong();
        assertThat(total).isGreaterThanOrEqualTo(detected);
        if (total > 1) {
            var items = all.get("items");
            assertThat(items.get(0).get("revenue_impact").asDouble())
                    .as("largest impact first")
                    .isGreaterThanOrEqualTo(items.get(1).get("revenue_impact").asDouble());
            String type = items.get(0).get("type").asString();
            var ofType =
                    api.get("/api/v1/analyses/" + id + "/findings?type=" + type).json();
            assertThat(ofType.get("items").findValuesAsString("type")).containsOnly(type);
            double big = items.get(0).get("revenue_impact").asDouble();
            assertThat(api.get("/api/v1/analyses/" + id + "/findings?min_impact=" + big)
                            .json()
                            .get("total")
                            .asLong())
                    .isLessThanOrEqualTo(total);
        }
        assertThat(api.get("/api/v1/analyses/" + id + "/findings?sort=vibes").status())
                .isEqualTo(400);
        assertThat(api.get("/api/v1/analyses/" + id + "/findings?severity=apocalyptic")
                        .status())
                .isEqualTo(400);

        var csv = api.get("/api/v1/analyses/" + id + "/files/findings.csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.text()).startsWith("row_index,type,severity");
        var docx = api.get("/api/v1/analyses/" + id + "/files/report.docx");
        assertThat(docx.status()).isEqualTo(200);
        assertThat(docx.bytes()[0]).as("a DOCX is a zip").isEqualTo((byte) 'P');
        var xlsx = api.get("/api/v1/analyses/" + id + "/files/findings.xlsx");
        assertThat(xlsx.status()).isEqualTo(200);
        assertThat(api.get("/api/v1/analyses/" + id + "/files/assay.db").status())
                .isEqualTo(404);

        var exported =
                TestServer.shared(database).admin().get("/actuator/prometheus").text();
        assertThat(exported)
                .as("rows analysed, findings, money at risk and job durations are exported")
                .contains("assay_rows_analysed_total{kind=\"analyze\"")
                .contains("assay_findings_total{")
                .contains("assay_money_at_risk_total{domain=\"retail\"")
                .contains("assay_jobs_duration_seconds_count{kind=\"analyze\"");

        var stranger = api.as(TestServer.shared(database).admin().newUserKey("analyst"));
        assertThat(stranger.get("/api/v1/analyses/" + id).status()).isEqualTo(404);
        assertThat(stranger.get("/api/results/" + id).status()).isEqualTo(404);
    }

    @Test
    void anUnknownDomainIsRefusedAtOnce() {
        var api = analyst();
        String dataset = ModelsApiTest.readyDataset(api);
        var r = api.post("/api/v1/analyses", Map.of("dataset_id", dataset, "domain", "astrology"));
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().get("detail").asString()).contains("retail");
    }

    @Test
    void aFileTheAnalysisCannotUseIsAProblemInTheRequestsWords() {
        var api = analyst();
        var rows = new StringBuilder("colour,size\n");
        for (int i = 0; i < 50; i++) {
            rows.append(i % 2 == 0 ? "red," : "blue,").append(i).append('\n');
        }
        var up = api.upload("/api/upload", "shapes.csv", rows.toString().getBytes(), "domain", "supermarket");
        assertThat(up.status()).as("a failed analysis is not a 200: %s", up).isEqualTo(422);
        assertThat(up.header("Content-Type")).startsWith("application/problem+json");
        assertThat(up.problem()).isEqualTo("missing-column");
        assertThat(up.json().get("detail").asString())
                .as("the HTTP field, not the command's option")
                .contains("(map one with \"mapping\": {\"")
                .doesNotContain("--map");
    }

    @Test
    void seedClientsUploadReadResultsAndDownloadReports() {
        var api = analyst();
        var up = api.upload("/api/upload", SharedData.file("domains/supermarket_sales.csv"), "domain", "supermarket");
        assertThat(up.status()).as(up.toString()).isEqualTo(200);
        assertThat(up.json().get("status").asString()).isEqualTo("completed");
        String session = up.json().get("session_id").asString();

        var results = api.get("/api/results/" + session).json();
        assertThat(results.get("session_id").asString()).isEqualTo(session);
        assertThat(results.get("domain").asString()).isEqualTo("retail");
        assertThat(results.get("metrics").get("total_rows").asLong()).isEqualTo(1000);
        assertThat(results.get("metrics").has("anomaly_rate")).isTrue();
        assertThat(results.get("metrics").has("confidence_avg")).isTrue();
        assertThat(results.get("summary").asString()).isNotBlank();
        assertThat(results.has("visualization_data")).isTrue();
        assertThat(results.get("anomalies").isArray()).isTrue();

        var report = api.get("/api/download_detailed_report/" + session);
        assertThat(report.status()).isEqualTo(200);
        assertThat(report.header("Content-Type")).contains("wordprocessingml");
        var anomalies = api.get("/api/download_anomalies/" + session);
        assertThat(anomalies.status()).isEqualTo(200);
        assertThat(anomalies.header("Content-Type")).startsWith("text/csv");
        assertThat(anomalies.text().lines().count())
                .isEqualTo(results.get("anomalies").size() + 1L);
    }
}
