package io.assay.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * Uploads that must be refused, each with a clear problem+json and nothing left behind: renamed binaries, unknown
 * extensions, oversized and empty files, malformed requests; and names that try to escape the upload directory.
 */
class HostileUploadTest {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H'};

    /** HTTP behaviour above the store: on SQLite only; the store contract tests try every query on PostgreSQL too. */
    private final Database database = Database.SQLITE;

    Api analyst() {
        var admin = TestServer.shared(database).admin();
        return admin.as(admin.newUserKey("analyst"));
    }

    @Test
    void aRenamedImageIsRefusedBeforeAnythingReadsIt() {
        var api = analyst();
        var r = api.upload("/api/v1/datasets", "sales.csv", PNG);
        assertThat(r.status()).as(r.toString()).isEqualTo(415);
        assertThat(r.problem()).isEqualTo("content-mismatch");
        assertThat(r.json().get("detail").asString()).contains("image/png");
        assertThat(api.get("/api/v1/datasets").json()).isEmpty();
    }

    @Test
    void binaryDataAndArchivesNamedCsvAreRefused() {
        var api = analyst();
        byte[] binary = new byte[4096];
        new java.util.Random(7).nextBytes(binary);
        assertThat(api.upload("/api/v1/datasets", "data.csv", binary).status()).isEqualTo(415);
        byte[] zip = {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0};
        assertThat(api.upload("/api/v1/datasets", "data.csv", zip).status()).isEqualTo(415);
        byte[] notAWorkbook = "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8);
        assertThat(api.upload("/api/v1/datasets", "book.xlsx", notAWorkbook).problem())
                .isEqualTo("content-mismatch");
    }

    @Test
    void unsupportedExtensionsAreRefusedWithTheSupportedList() {
        var r = analyst().upload("/api/v1/datasets", "tool.exe", "MZ".getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).isEqualTo(415);
        assertThat(r.problem()).isEqualTo("unsupported-format");
        assertThat(r.json().get("detail").asString()).contains(".csv").contains(".xlsx");
    }

    @Test
    void aFileOverTheUploadLimitGets413() {
        byte[] big = "x,y\n1,2\n".repeat(800_000).getBytes(StandardCharsets.UTF_8); // 6.4 MB, limit 5 MB
        var r = analyst().upload("/api/v1/datasets", "big.csv", big);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.problem()).isEqualTo("upload-too-large");
        assertThat(r.json().get("detail").asString()).isEqualTo("the upload is larger than the limit of 5 MB");
    }

    @Test
    void aClientThatSendsAFileSomewhatOverTheLimitToTheEndReadsThe413AndACleanClose() throws Exception {
        // a browser, or HttpClient without Expect: 100-continue, sends the whole body before it reads the answer:
        // the service answers 413 at once but must go on reading (and dropping) the body, because closing a socket
        // with unread bytes resets the connection and the client then sees "Broken pipe" instead of the 413
        var upload = RawUpload.of(TestServer.shared(database), analystKey(), 6_400_000);
        byte[] request = upload.request();
        int firstPart = 5_500_000;
        try (var socket = upload.connect()) {
            var out = socket.getOutputStream();
            out.write(request, 0, firstPart);
            out.flush();
            assertThat(RawUpload.readResponse(socket))
                    .startsWith("HTTP/1.1 413")
                    .contains("upload-too-large");
            assertThat(RawUpload.stillOpenAfter(socket, java.time.Duration.ofSeconds(1)))
                    .as("the connection is still open for the rest of the body")
                    .isTrue();
            out.write(request, firstPart, request.length - firstPart);
            out.flush();
            assertThat(socket.getInputStream().read())
                    .as("a clean end of stream, not a reset")
                    .isEqualTo(-1);
        }
    }

    @Test
    void aClientThatAsksBeforeSendingGets413WithoutSendingTheBody() {
        // curl sends Expect: 100-continue for files over 1 MB: it must get the 413 instead of a 100 Continue
        var api = analyst();
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(api.base() + "/api/v1/datasets"))
                .header("Authorization", "Bearer " + api.key())
                .header("Content-Type", "multipart/form-data; boundary=" + RawUpload.BOUNDARY)
                .expectContinue(true)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(RawUpload.body(6_400_000)))
                .build();
        try (var client = java.net.http.HttpClient.newHttpClient()) {
            var r = client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(413);
            assertThat(r.body()).contains("upload-too-large");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aHostileMultiGigabyteUploadIsAnsweredAndCutOffEarly() throws Exception {
        var server = TestServer.shared(database);
        var upload = RawUpload.of(server, analystKey(), 4L << 30); // claims 4 GB
        try (var socket = upload.connect()) {
            var answer = java.util.concurrent.CompletableFuture.supplyAsync(() -> RawUpload.readStatusLine(socket));
            long sent = upload.sendUntilRefused(socket);
            // the service reads at most twice its 5 MB limit before it closes; the rest is socket buffers
            assertThat(sent).isLessThan(10_000_000L + 24_000_000L);
            assertThat(answer.get(30, java.util.concurrent.TimeUnit.SECONDS)).startsWith("HTTP/1.1 413");
        }
        for (String kept : new String[] {"tmp/uploads", "uploads"}) { // where multipart parts and datasets go
            var dir = server.dataDir.resolve(kept);
            if (Files.isDirectory(dir)) {
                try (var files = Files.walk(dir)) {
                    assertThat(files.filter(Files::isRegularFile)
                                    .mapToLong(p -> p.toFile().length()))
                            .allMatch(size -> size <= 5L << 20);
                }
            }
        }
    }

    private String analystKey() {
        return analyst().key();
    }

    @Test
    void emptyFilesAndRequestsWithoutAFileAreRefused() {
        var api = analyst();
        assertThat(api.upload("/api/v1/datasets", "empty.csv", new byte[0]).problem())
                .isEqualTo("empty-upload");
        var noFile = api.post("/api/v1/datasets", "{}");
        assertThat(noFile.status()).isEqualTo(415);
        assertThat(noFile.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void aNameThatClimbsDirectoriesIsSanitised() throws Exception {
        var server = TestServer.shared(database);
        var api = analyst();
        var r = api.upload("/api/v1/datasets", "../../../etc/pass wd;rm -rf.csv", "a,b\n1,2\n".getBytes());
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        String name = r.json().get("dataset").get("name").asString();
        assertThat(name).isEqualTo("pass_wd_rm_-rf.csv");
        try (var files = Files.walk(server.dataDir)) {
            assertThat(files.filter(p -> p.getFileName().toString().equals(name)))
                    .allMatch(p -> p.startsWith(server.dataDir.resolve("uploads")));
        }
    }

    @Test
    void malformedJsonGetsAProblemWithoutAStackTrace() {
        var r = analyst().post("/api/v1/jobs/x/cancel", "{not json");
        assertThat(r.status()).isIn(400, 404);
        assertThat(r.text()).doesNotContain("Exception").doesNotContain("at io.assay");
    }

    @Test
    void wronglyTypedFieldsAreExplainedInWordsNotJavaTypes() {
        var api = analyst();
        var huge = api.post("/api/v1/datasets/generate", "{\"domain\":\"retail\",\"rows\":999999999999}");
        assertThat(huge.status()).isEqualTo(400);
        assertThat(huge.json().get("detail").asString())
                .as("the JSON is valid: its number does not fit the field")
                .isEqualTo("the request body does not fit this operation: 'rows' is too large");
        var words = api.post("/api/v1/datasets/generate", "{\"domain\":\"retail\",\"rows\":\"lots\"}");
        assertThat(words.json().get("detail").asString()).endsWith("'rows' must be a whole number");
        var notRows = api.post("/api/v1/models/any/predict", "{\"rows\":\"x\"}");
        assertThat(notRows.status()).isEqualTo(400);
        assertThat(notRows.json().get("detail").asString())
                .endsWith("'rows' must be a list of objects")
                .doesNotContain("java");
    }
}
