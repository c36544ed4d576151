package io.assay.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.assay.testkit.AwkwardFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The upload's {@code header_row} field beside {@code sheet}: a two-sheet workbook (a cover, then 1,000 online-retail
 * order lines below a title block with the header in row 5) reads from the given row for the profile and for the
 * customer analytics, which also honour the sheet; a bad value or a file that is no workbook is a 400, an empty row
 * fails the reading job with one line.
 */
class WorkbookHeaderRowApiTest {

    private static final int LINES = 1000;

    private static JsonNode ready(Api api, Api.Response upload) {
        assertThat(upload.status()).as(upload.toString()).isEqualTo(202);
        var job = api.awaitJob(upload.json().get("job").get("id").asString());
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("succeeded");
        return upload.json().get("dataset");
    }

    private static JsonNode journey(Api api, String dataset) {
        var r = api.post("/api/v1/commerce/journey", Map.of("dataset_id", dataset, "layout", "online_retail"));
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        var job = api.awaitJob(r.json().get("job").get("id").asString());
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("succeeded");
        return job.get("result");
    }

    @Test
    void theGivenHeaderRowAndSheetServeTheProfileAndTheCustomerAnalytics() throws IOException {
        var admin = TestServer.shared(Database.SQLITE).admin();
        var api = admin.as(admin.newUserKey("analyst"));
        var lines = AwkwardFiles.orderLines(LINES);
        byte[] book = AwkwardFiles.orderLinesWorkbook(lines);

        var dataset =
                ready(api, api.upload("/api/v1/datasets", "orders.xlsx", book, "sheet", "Orders", "header_row", "5"));
        assertThat(dataset.get("header_row").asInt()).isEqualTo(5);
        String id = dataset.get("id").asString();
        var shown = api.get("/api/v1/datasets/" + id).json();
        assertThat(shown.get("columns").asInt()).isEqualTo(8);
        assertThat(shown.get("rows").asLong()).isEqualTo(LINES);
        assertThat(api.get("/api/v1/datasets/" + id + "/profile").text()).contains("InvoiceNo", "UnitPrice");

        String csv = ready(
                        api,
                        api.upload(
                                "/api/v1/datasets",
                                "orders.csv",
                                (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8)))
                .get("id")
                .asString();
        var fromBook = journey(api, id);
        var fromCsv = journey(api, csv);
        assertThat(fromBook.get("data").get("lines_read").asLong()).isEqualTo(LINES);
        assertThat(fromBook.get("result")).isEqualTo(fromCsv.get("result"));
    }

    @Test
    void badHeaderRowsAreOneLine() throws IOException {
        var admin = TestServer.shared(Database.SQLITE).admin();
        var api = admin.as(admin.newUserKey("analyst"));
        byte[] book = AwkwardFiles.orderLinesWorkbook(AwkwardFiles.orderLines(LINES));

        var zero = api.upload("/api/v1/datasets", "orders.xlsx", book, "header_row", "0");
        assertThat(zero.status()).as(zero.toString()).isEqualTo(400);
        assertThat(zero.json().get("detail").asString())
                .isEqualTo("'header_row' 0: give the row number Excel shows, from 1 to 1048576");
        var word = api.upload("/api/v1/datasets", "orders.xlsx", book, "header_row", "five");
        assertThat(word.status()).as(word.toString()).isEqualTo(400);
        assertThat(word.json().get("detail").asString()).contains("not 'five'");
        var csv = api.upload(
                "/api/v1/datasets", "orders.csv", "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8), "header_row", "2");
        assertThat(csv.status()).as(csv.toString()).isEqualTo(400);
        assertThat(csv.json().get("detail").asString())
                .isEqualTo("'header_row' names the header row of a workbook sheet (.xlsx); orders.csv is csv");

        var empty = api.upload("/api/v1/datasets", "orders.xlsx", book, "sheet", "Orders", "header_row", "4");
        assertThat(empty.status()).as(empty.toString()).isEqualTo(202);
        var failed = api.awaitJob(empty.json().get("job").get("id").asString());
        assertThat(failed.get("status").asString()).isEqualTo("failed");
        assertThat(failed.get("error").get("detail").asString())
                .isEqualTo("invalid header row '4': row 4 of sheet 'Orders' is empty");
    }
}
