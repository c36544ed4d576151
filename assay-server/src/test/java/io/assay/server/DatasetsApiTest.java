package io.assay.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.assay.testkit.SharedData;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Datasets over real HTTP: upload, background read and profile, list, show, delete (on SQLite). */
class DatasetsApiTest {

    /** HTTP behaviour above the store: on SQLite only; the store contract tests try every query on PostgreSQL too. */
    private final Database database = Database.SQLITE;

    Api analyst() {
        var admin = TestServer.shared(database).admin();
        return admin.as(admin.newUserKey("analyst"));
    }

    @Test
    void uploadIsAcceptedAtOnceAndReadAndProfiledInTheBackground() {
        var api = analyst();
        var r = api.upload("/api/v1/datasets", SharedData.file("domains/supermarket_sales.csv"));
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        String id = r.json().get("dataset").get("id").asString();
        assertThat(r.json().get("dataset").get("status").asString()).isEqualTo("processing");
        assertThat(r.json().get("dataset").get("sha256").asString()).hasSize(64);

        var job = api.awaitJob(r.json().get("job").get("id").asString());
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("succeeded");
        assertThat(job.path("progress").asDouble()).as(job.toString()).isEqualTo(100.0);
        assertThat(job.get("result").get("rows").asLong()).isEqualTo(1000);

        var d = api.get("/api/v1/datasets/" + id).json();
        assertThat(d.get("status").asString()).isEqualTo("ready");
        assertThat(d.get("rows").asLong()).isEqualTo(1000);
        assertThat(d.get("columns").asInt()).isEqualTo(17);
        assertThat(d.has("file")).as("the server's file path is not shown").isFalse();

        var profile = api.get("/api/v1/datasets/" + id + "/profile").json();
        assertThat(profile.get("rows").asLong()).isEqualTo(1000);
        assertThat(profile.get("columns")).hasSize(17);
        assertThat(profile.get("quality").get("overall_score").asDouble()).isBetween(0.0, 100.0);
        assertThat(profile.get("ingest").get("file").asString()).isEqualTo("supermarket_sales.csv");
        var invoice = profile.get("columns").get(0);
        assertThat(invoice.get("name").asString()).isEqualTo("Invoice ID");
        assertThat(invoice.get("role").asString()).isEqualTo("identifier");
        assertThat(invoice.get("identifier").get("uniqueness").asDouble()).isEqualTo(1.0);
        assertThat(profile.get("columns").get(7).get("role").asString()).isEqualTo("attribute");
        assertThat(profile.get("columns").get(7).get("numeric").get("mean").asDouble())
                .isEqualTo(5.51);

        assertThat(api.get("/api/v1/datasets").json().findValuesAsString("id")).contains(id);
        assertThat(api.delete("/api/v1/datasets/" + id).status()).isEqualTo(204);
        var gone = api.get("/api/v1/datasets/" + id);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.problem()).isEqualTo("dataset-not-found");
    }

    /** A workbook whose first sheet is notes and whose second holds the table. */
    static byte[] workbook() throws java.io.IOException {
        var out = new java.io.ByteArrayOutputStream();
        try (var wb = new org.dhatim.fastexcel.Workbook(out, "assay-test", "1.0")) {
            var notes = wb.newWorksheet("Notes");
            notes.value(0, 0, "About");
            notes.value(1, 0, "sales of March");
            var sales = wb.newWorksheet("Sales");
            sales.value(0, 0, "Order");
            sales.value(0, 1, "Quantity");
            sales.value(0, 2, "Unit price");
            for (int r = 1; r <= 6; r++) {
                sales.value(r, 0, "A-" + r);
                sales.value(r, 1, r);
                sales.value(r, 2, 2.5 * r);
            }
        }
        return out.toByteArray();
    }

    @Test
    void anUploadChoosesTheWorksheetOfAWorkbookToRead() throws Exception {
        var api = analyst();
        byte[] xlsx = workbook();
        var chosen = api.upload("/api/v1/datasets", "march.xlsx", xlsx, "sheet", "Sales");
        assertThat(chosen.status()).as(chosen.toString()).isEqualTo(202);
        assertThat(chosen.json().get("dataset").get("sheet").asString()).isEqualTo("Sales");
        var job = api.awaitJob(chosen.json().get("job").get("id").asString());
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("succeeded");
        var d = api.get("/api/v1/datasets/"
                        + chosen.json().get("dataset").get("id").asString())
                .json();
        assertThat(d.get("rows").asLong()).as(d.toString()).isEqualTo(6);
        assertThat(d.get("columns").asInt()).isEqualTo(3);

        var first = api.upload("/api/v1/datasets", "march.xlsx", xlsx);
        api.awaitJob(first.json().get("job").get("id").asString());
        var notes = api.get("/api/v1/datasets/"
                        + first.json().get("dataset").get("id").asString())
                .json();
        assertThat(notes.get("columns").asInt())
                .as("without a sheet, the first one")
                .isEqualTo(1);

        var missing = api.upload("/api/v1/datasets", "march.xlsx", xlsx, "sheet", "April");
        var failed = api.awaitJob(missing.json().get("job").get("id").asString());
        assertThat(failed.get("status").asString()).isEqualTo("failed");
        assertThat(failed.get("error").get("detail").asString())
                .contains("April")
                .contains("Sales");

        var csv = api.upload("/api/v1/datasets", "a.csv", "x,y\n1,2\n".getBytes(), "sheet", "Sales");
        assertThat(csv.status()).as(csv.toString()).isEqualTo(400);
        assertThat(csv.json().get("detail").asString()).contains("'sheet'").contains("a.csv");
    }

    @Test
    void aDatasetStillBeingReadAsksTheClientToRetry() {
        var api = analyst();
        // the job queue picks the upload up and reads its 30,000 rows after the request that follows it at once
        var r = api.upload("/api/v1/datasets", SharedData.file("domains/credit_card_billing_payments_default_uci.csv"));
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        String id = r.json().get("dataset").get("id").asString();
        var early = api.post(
                "/api/v1/models", Map.of("dataset_id", id, "target", "LIMIT_BAL", "model", "linear_regression"));
        assertThat(early.status()).as(early.toString()).isEqualTo(409);
        assertThat(early.problem()).isEqualTo("dataset-not-ready");
        assertThat(early.header("Retry-After")).isEqualTo("2");
        for (var start : List.of(
                api.post("/api/v1/analyses", Map.of("dataset_id", id, "domain", "retail")),
                api.post("/api/v1/detections", Map.of("dataset_id", id)))) {
            assertThat(start.status())
                    .as("every route that starts work on it: %s", start)
                    .isEqualTo(409);
            assertThat(start.problem()).isEqualTo("dataset-not-ready");
            assertThat(start.header("Retry-After")).isEqualTo("2");
        }
        var job = api.awaitJob(r.json().get("job").get("id").asString());
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("succeeded");
        assertThat(api.delete("/api/v1/datasets/" + id).status()).isEqualTo(204);
    }

    @Test
    void aGeneratedTableBecomesADatasetAndBadRequestsSayWhy() {
        var api = analyst();
        var r = api.post(
                "/api/v1/datasets/generate", Map.of("domain", "telecom", "rows", 2000, "leak_rate", 0.1, "seed", 3));
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        assertThat(r.json().get("dataset").get("name").asString()).isEqualTo("telecom-2000-seed3.csv");
        var job = api.awaitJob(r.json().get("job").get("id").asString());
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("succeeded");
        var profile = api.get(
                        "/api/v1/datasets/" + r.json().get("dataset").get("id").asString() + "/profile")
                .json();
        assertThat(profile.get("rows").asLong()).isEqualTo(2000);
        assertThat(profile.get("columns").findValuesAsString("name"))
                .contains("account_id", "bill_amount", "payment_status");

        var tooMany = api.post("/api/v1/datasets/generate", Map.of("domain", "retail", "rows", 5_000_000));
        assertThat(tooMany.status()).as(tooMany.toString()).isEqualTo(400);
        assertThat(tooMany.json().get("detail").asString()).contains("1000000").doesNotContain("Exception");
        var unknown = api.post("/api/v1/datasets/generate", Map.of("domain", "bakery"));
        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(400);
        assertThat(unknown.json().get("detail").asString()).contains("retail and telecom");
    }

    @Test
    void aFileThatCannotBeReadFailsItsJobWithTheReasonAndTheDatasetSaysWhy() {
        var api = analyst();
        var r = api.upload("/api/v1/datasets", "header_only.csv", "a,b,c\n".getBytes());
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        var job = api.awaitJob(r.json().get("job").get("id").asString());
        String id = r.json().get("dataset").get("id").asString();
        var d = api.get("/api/v1/datasets/" + id).json();
        if (job.get("status").asString().equals("failed")) {
            assertThat(job.get("error").get("type").asString()).startsWith("urn:assay:problem:");
            assertThat(d.get("status").asString()).isEqualTo("failed");
            assertThat(d.get("error_message").asString()).isNotBlank();
            var profile = api.get("/api/v1/datasets/" + id + "/profile");
            assertThat(profile.status()).isEqualTo(409);
            assertThat(profile.problem()).isEqualTo("dataset-failed");
        } else {
            assertThat(d.get("rows").asLong()).isZero();
        }
    }

    @Test
    void jobsCanBeListedAndFinishedJobsCannotBeCancelled() {
        var api = analyst();
        var r = api.upload("/api/v1/datasets", SharedData.file("domains/telco_customer_churn_ibm.csv"));
        String jobId = r.json().get("job").get("id").asString();
        api.awaitJob(jobId);
        assertThat(api.get("/api/v1/jobs?status=succeeded").json().findValuesAsString("id"))
                .contains(jobId);
        var cancel = api.post("/api/v1/jobs/" + jobId + "/cancel", "{}");
        assertThat(cancel.status()).isEqualTo(409);
        assertThat(cancel.problem()).isEqualTo("job-finished");
    }
}
