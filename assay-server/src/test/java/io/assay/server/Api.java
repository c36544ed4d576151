package io.assay.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real HTTP client for one API key against a running service. */
final class Api {

    /** A response: status, headers, and the body as JSON (null when it is not JSON). */
    record Response(int status, java.net.http.HttpHeaders headers, byte[] bytes) {
        JsonNode json() {
            try {
                return JSON.readTree(bytes);
            } catch (RuntimeException e) {
                return null;
            }
        }

        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        /** The stable problem type's code, for problem+json responses. */
        String problem() {
            var j = json();
            return j == null || !j.has("type") ? null : j.get("type").asString().replace("urn:assay:problem:", "");
        }

        @Override
        public String toString() {
            return status + " " + text();
        }
    }

    static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * Where {@link TestServer}s keep their data: no response of any test may name a path there (a client sees file
     * names, never where the server keeps them).
     */
    private static final String TEST_DATA_DIRS = "/assay-server-test-";

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final String base;
    private final String key;

    Api(String base, String key) {
        this.base = base;
        this.key = key;
    }

    Api as(String otherKey) {
        return new Api(base, otherKey);
    }

    String base() {
        return base;
    }

    String key() {
        return key;
    }

    Response get(String path) {
        return send(request(path).GET());
    }

    Response delete(String path) {
        return send(request(path).DELETE());
    }

    Response post(String path, Object body) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        body instanceof String s ? s : JSON.writeValueAsString(body))));
    }

    Response upload(String path, String fileName, byte[] content, String... fields) {
        String boundary = "----assay" + UUID.randomUUID();
        var out = new ByteArrayOutputStream();
        for (int i = 0; i + 1 < fields.length; i += 2) {
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fields[i] + "\"\r\n\r\n"
                            + fields[i + 1] + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        out.writeBytes(content);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(request(path)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())));
    }

    Response upload(String path, Path file, String... fields) {
        try {
            return upload(path, file.getFileName().toString(), Files.readAllBytes(file), fields);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpRequest.Builder request(String path) {
        var b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return b;
    }

    static Response send(HttpRequest.Builder b) {
        try {
            var r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            var response = new Response(r.statusCode(), r.headers(), r.body());
            String seen = new String(r.body(), StandardCharsets.ISO_8859_1);
            if (seen.contains(TEST_DATA_DIRS)) {
                throw new AssertionError("a response shows the server's file system: " + response);
            }
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits for a job to finish and returns it. */
    JsonNode awaitJob(String jobId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            var job = get("/api/v1/jobs/" + jobId).json();
            String status = job.get("status").asString();
            if (status.equals("succeeded") || status.equals("failed") || status.equals("cancelled")) {
                return job;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("job " + jobId + " did not finish: " + job);
            }
            sleep(100);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Creates a user with a key of {@code role} (this client must hold an admin key) and returns the key. */
    String newUserKey(String role) {
        String name = "u" + UUID.randomUUID().toString().substring(0, 8);
        var u = post("/api/v1/admin/users", java.util.Map.of("name", name));
        if (u.status() != 201) {
            throw new AssertionError(u.toString());
        }
        return keyFor(name, role);
    }

    String keyFor(String user, String role) {
        var k = post("/api/v1/admin/keys", java.util.Map.of("user", user, "role", role, "label", "test"));
        if (k.status() != 201) {
            throw new AssertionError(k.toString());
        }
        return k.json().get("secret").asString();
    }
}
