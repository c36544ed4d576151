package io.assay.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What the web layer answers when a request is refused before or outside a controller's own checks: each says what was
 * wrong in the request's words (never a Java type or a parser's internals), with the fitting status; and a client that
 * hangs up midway through a download is no error of the service's.
 */
class WebEdgeTest {

    /** HTTP behaviour above the store: on SQLite only. */
    private final Database database = Database.SQLITE;

    private Api analyst() {
        var admin = TestServer.shared(database).admin();
        return admin.as(admin.newUserKey("analyst"));
    }

    private static String detail(Api.Response r) {
        return r.json().get("detail").asString();
    }

    @Test
    void aRequestWithHugeHeadersGets431() throws Exception {
        var api = analyst();
        var request = HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/models"))
                .header("Authorization", "Bearer " + api.key())
                .header("X-Padding", "a".repeat(200_000))
                .GET()
                .build();
        try (var client = HttpClient.newHttpClient()) {
            var r = client.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(431);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(r.body())
                    .contains("headers-too-large")
                    .contains("request headers")
                    .doesNotContain("'//'");
        }
    }

    @Test
    void aMultipartUploadSaysWhichOfItsPartsWasTooLarge() {
        var api = analyst();
        String boundary = "edge-boundary";
        String tail = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\n"
                + "a,b\n1,2\n\r\n--" + boundary + "--\r\n";

        String hugeHeader = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\""
                + "\r\nX-Padding: " + "a".repeat(100_000) + "\r\n\r\na,b\n1,2\n\r\n--" + boundary + "--\r\n";
        var header = multipart(api, boundary, hugeHeader);
        assertThat(header.status()).as(header.toString()).isEqualTo(413);
        assertThat(detail(header)).contains("headers").doesNotContain("limit of 5 MB");

        var parts = new StringBuilder();
        for (int i = 0; i < 2_000; i++) {
            parts.append("--")
                    .append(boundary)
                    .append("\r\nContent-Disposition: form-data; name=\"f")
                    .append(i)
                    .append("\"\r\n\r\nx\r\n");
        }
        var many = multipart(api, boundary, parts + tail);
        assertThat(many.status()).as(many.toString()).isEqualTo(413);
        assertThat(detail(many)).contains("too many parts").doesNotContain("limit of 5 MB");
    }

    private static Api.Response multipart(Api api, String boundary, String body) {
        return Api.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/datasets"))
                .header("Authorization", "Bearer " + api.key())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    @Test
    void bodiesOfTheWrongShapeAreExplainedInTheRequestsWords() {
        var api = analyst();
        var longNumber = api.post(
                "/api/v1/models",
                "{\"dataset_id\":\"d\",\"model\":\"xgboost\",\"test_size\":1" + "0".repeat(5000) + "}");
        assertThat(longNumber.status()).isEqualTo(400);
        assertThat(detail(longNumber))
                .isEqualTo("a number in the request body is too long (more than 1000 digits)")
                .doesNotContain("StreamReadConstraints");
        var longInRow = api.post("/api/v1/models/any/predict", "{\"rows\":[{\"x\":1" + "0".repeat(5000) + "}]}");
        assertThat(detail(longInRow)).isEqualTo("a number in 'rows[0]' is too long (more than 1000 digits)");

        var wrongType = api.post("/api/v1/models", "{\"dataset_id\":\"d\",\"model\":\"xgboost\",\"test_size\":\"x\"}");
        assertThat(detail(wrongType))
                .as("the JSON is valid; a field has the wrong type")
                .doesNotContain("not valid JSON")
                .endsWith("'test_size' must be a number");
        assertThat(detail(api.post("/api/v1/models", "{\"dataset_id\":")))
                .startsWith("the request body is not valid JSON: ");

        var blank = api.post("/api/v1/models", "{\"dataset_id\":\" \",\"model\":\"xgboost\"}");
        assertThat(blank.status()).isEqualTo(400);
        assertThat(detail(blank)).isEqualTo("dataset_id: must not be blank");

        var object = api.post(
                "/api/v1/models",
                Map.of(
                        "dataset_id",
                        ModelsApiTest.readyDataset(api),
                        "target",
                        "Gender",
                        "model",
                        "random_forest",
                        "params",
                        Map.of("n_estimators", Map.of("a", 1))));
        assertThat(object.status()).isEqualTo(400);
        assertThat(detail(object))
                .doesNotContain("{a=1}")
                .contains("n_estimators")
                .contains("not an object");

        var noBody = Api.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/models/churn/prune"))
                .header("Authorization", "Bearer " + api.key())
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(noBody.status()).isEqualTo(400);
        assertThat(detail(noBody)).isEqualTo("this operation needs a JSON body, an object with keep_last, keep_days");
    }

    @Test
    void bodiesAreJsonOnly() {
        var api = analyst();
        var yaml = Api.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/v1/models"))
                .header("Authorization", "Bearer " + api.key())
                .header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString("dataset_id: d\nmodel: xgboost\n")));
        assertThat(yaml.status()).as(yaml.toString()).isEqualTo(415);
        assertThat(detail(yaml)).endsWith("; use [application/json, application/*+json]");
    }

    @Test
    void aClientThatHangsUpMidwayThroughADownloadIsNoError() throws Exception {
        var api = analyst();
        String prediction = bigPrediction(api);
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger advice = (Logger) LoggerFactory.getLogger("io.assay.server.web.ProblemAdvice");
        var events = new ListAppender<ILoggingEvent>();
        events.start();
        root.addAppender(events);
        Level before = advice.getLevel();
        advice.setLevel(Level.DEBUG);
        try {
            String path = "/api/v1/predictions/" + prediction + "/files/predictions.csv";
            try (var socket = new Socket()) {
                socket.setReceiveBufferSize(4096);
                var base = URI.create(api.base());
                socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 10_000);
                socket.setSoTimeout(30_000);
                socket.getOutputStream()
                        .write(("GET " + path + " HTTP/1.1\r\nHost: " + base.getAuthority()
                                        + "\r\nAuthorization: Bearer " + api.key() + "\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                byte[] start = socket.getInputStream().readNBytes(64);
                assertThat(new String(start, StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 200");
                socket.setSoLinger(true, 0); // close with a reset, as a client that gives up does
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline && noneSays(events.list, "closed the connection")) {
                Api.sleep(50);
            }
            assertThat(events.list)
                    .as("the service noticed the client going away")
                    .anyMatch(e -> e.getFormattedMessage().contains("closed the connection"));
            assertThat(events.list)
                    .as("and logged no error or warning about it")
                    .noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN)
                            && (e.getFormattedMessage().contains(path)
                                    || e.getFormattedMessage().contains("ExceptionHandler")
                                    || e.getFormattedMessage().contains("No converter")));
        } finally {
            advice.setLevel(before);
            root.detachAppender(events);
        }
    }

    private static boolean noneSays(List<ILoggingEvent> events, String text) {
        return List.copyOf(events).stream()
                .noneMatch(e -> e.getFormattedMessage().contains(text));
    }

    /**
     * A finished prediction job whose predictions.csv (some 9 MB) is far larger than what the sockets between the
     * service and a client buffer, so that a download cut short fails on the service's side while it writes.
     */
    private static String bigPrediction(Api api) {
        var csv = new ByteArrayOutputStream();
        csv.writeBytes("x,y\n".getBytes(StandardCharsets.US_ASCII));
        var random = new Random(7);
        for (int i = 0; i < 250_000; i++) {
            double x = random.nextDouble() * 100;
            csv.writeBytes(String.format(Locale.ROOT, "%.3f,%.3f\n", x, 2 * x + random.nextGaussian())
                    .getBytes(StandardCharsets.US_ASCII));
        }
        var upload = api.upload("/api/v1/datasets", "line.csv", csv.toByteArray());
        assertThat(upload.status()).as(upload.toString()).isEqualTo(202);
        assertThat(api.awaitJob(upload.json().get("job").get("id").asString())
                        .get("status")
                        .asString())
                .isEqualTo("succeeded");
        String dataset = upload.json().get("dataset").get("id").asString();
        var train = api.post(
                "/api/v1/models",
                Map.of("dataset_id", dataset, "target", "y", "model", "linear_regression", "name", "line"));
        assertThat(train.status()).as(train.toString()).isEqualTo(202);
        var trained = api.awaitJob(train.json().get("job").get("id").asString());
        assertThat(trained.get("status").asString()).as(trained.toString()).isEqualTo("succeeded");
        var predict = api.post("/api/v1/models/line/predict", Map.of("dataset_id", dataset));
        assertThat(predict.status()).as(predict.toString()).isEqualTo(202);
        String job = predict.json().get("job").get("id").asString();
        var done = api.awaitJob(job);
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("succeeded");
        return job;
    }
}
