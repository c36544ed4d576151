package io.assay.cli;

import io.assay.core.json.Json;
import io.assay.server.AssayServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The training runs of the ahead-of-time caches that {@code ./assay} starts with: the build runs this once per cache
 * under {@code -XX:AOTCacheOutput}, and the JDK keeps the classes it loaded and linked, the lambdas and string
 * concatenations it resolved and the method profiles it gathered, so that later runs start and reach compiled code
 * sooner. There are two caches because they pull in different worlds: {@code commands} (every command but
 * {@code serve}: a small archive that the shortest commands map cheaply) and {@code service} (Spring, Tomcat, the
 * database: {@code serve} is ready in half the time).
 *
 * <p>Each run is a small, complete use of the product in a scratch data directory: for {@code commands}, a generated
 * retail file is analysed for leakage (training the default leak model on first use), profiled, searched for
 * anomalies, and used to train and apply a model; for {@code service}, the service starts on a free loopback port,
 * takes an upload of such a file, profiles it and stops. A step that fails fails the build: a cache is only worth
 * having for commands that work.
 */
public final class StartupTraining {

    private StartupTraining() {}

    /** {@code args}: {@code commands|service SCRATCH_DIR}; the directory is left for the build to clean. */
    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 2 || !List.of("commands", "service").contains(args[0])) {
            System.err.println("usage: StartupTraining commands|service SCRATCH_DIR");
            System.exit(2);
        }
        Path dir = Files.createDirectories(Path.of(args[1]));
        String data = dir.resolve("retail.csv").toString();
        String out = dir.resolve("out").toString();
        Files.createDirectories(Path.of(out));
        var environment = new HashMap<>(System.getenv());
        environment.put("ASSAY_HOME", dir.resolve("home").toString());
        run(List.of("generate", "retail", "--rows", "20000", "--seed", "7", "--out", data), environment);
        if (args[0].equals("service")) {
            serve(dir.resolve("serve"), Path.of(data));
            return;
        }
        List<List<String>> commands = List.of(
                List.of(
                        "analyze",
                        data,
                        "--domain",
                        "retail",
                        "--anomalies",
                        out + "/findings.csv",
                        "--summary",
                        out + "/summary.json",
                        "--report",
                        out + "/report.docx"),
                List.of("profile", data, "--format", "json"),
                List.of("profile", data),
                List.of("detect", data, "-o", out + "/flagged.csv"),
                List.of("train", data, "--target", "payment_method", "--model", "xgboost", "--name", "training"),
                List.of("predict", "training", data, "-o", out + "/predictions.csv"));
        for (List<String> command : commands) {
            run(command, environment);
        }
    }

    private static void run(List<String> command, Map<String, String> environment) {
        var err = new StringWriter();
        int code = Main.run(
                command.toArray(String[]::new),
                new PrintWriter(Writer.nullWriter()),
                new PrintWriter(err, true),
                environment);
        if (code != 0) {
            fail("'assay " + String.join(" ", command) + "' exited with " + code + ": "
                    + err.toString().strip());
        }
    }

    /** Starts the service without API keys on a free loopback port, uploads {@code data}, reads its profile, stops. */
    private static void serve(Path home, Path data) throws IOException, InterruptedException {
        var quiet = Map.<String, Object>of("logging.level.root", "error", "assay.log-format", "plain");
        try (var context = AssayServer.start(new AssayServer.Options(0, "127.0.0.1", home, true, quiet));
                var http = HttpClient.newHttpClient()) {
            String base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
            expect(http, HttpRequest.newBuilder(URI.create(base + "/health")).build(), 200);
            expect(http, HttpRequest.newBuilder(URI.create(base + "/")).build(), 200);
            String boundary = "assay-startup-training";
            byte[] head = ("--" + boundary
                            + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"retail.csv\""
                            + "\r\nContent-Type: text/csv\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8);
            byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
            var upload = HttpRequest.newBuilder(URI.create(base + "/api/v1/datasets"))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.concat(
                            HttpRequest.BodyPublishers.ofByteArray(head),
                            HttpRequest.BodyPublishers.ofFile(data),
                            HttpRequest.BodyPublishers.ofByteArray(tail)))
                    .build();
            String id = Json.mapper()
                    .readTree(expect(http, upload, 202))
                    .get("dataset")
                    .get("id")
                    .asString();
            var profile = HttpRequest.newBuilder(URI.create(base + "/api/v1/datasets/" + id + "/profile"))
                    .build();
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            HttpResponse<Void> answer;
            // 409 while the upload is read, 429 if the polls outrun the rate limit: wait as the service asks
            while ((answer = http.send(profile, HttpResponse.BodyHandlers.discarding())).statusCode() != 200) {
                int status = answer.statusCode();
                if ((status != 409 && status != 429) || System.nanoTime() > deadline) {
                    fail("GET " + profile.uri().getPath() + " answered " + status);
                }
                Thread.sleep(
                        1000L * answer.headers().firstValueAsLong("Retry-After").orElse(1));
            }
            expect(
                    http,
                    HttpRequest.newBuilder(URI.create(base + "/api/v1/models")).build(),
                    200);
        }
    }

    private static String expect(HttpClient http, HttpRequest request, int status)
            throws IOException, InterruptedException {
        var response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != status) {
            fail(request.method() + " " + request.uri().getPath() + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }

    private static void fail(String reason) {
        System.err.println("start-up training: " + reason);
        System.exit(1);
    }
}
