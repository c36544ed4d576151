package io.assay.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.assay.testkit.SharedData;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The seed's {@code POST /train} with {@code csv_url}: internal addresses and other schemes are refused by default;
 * with private addresses allowed, the file is fetched, content-checked like an upload, read and trained on.
 */
class CsvUrlTest {

    @Test
    void internalAddressesAndOtherSchemesAreRefusedByDefault() {
        var admin = TestServer.shared(Database.SQLITE).admin();
        var api = admin.as(admin.newUserKey("analyst"));
        for (String url : List.of(
                "http://127.0.0.1:8080/data.csv",
                "http://localhost/data.csv",
                "http://10.1.2.3/data.csv",
                "http://169.254.169.254/latest/meta-data",
                "http://[::1]/data.csv",
                "file:///etc/passwd",
                "ftp://example.org/data.csv")) {
            var r = api.post("/train", Map.of("csv_url", url, "target", "y", "model_name", "xgboost"));
            assertThat(r.status()).as(url + " " + r).isEqualTo(400);
            assertThat(r.problem()).as(url).isEqualTo("csv-url-refused");
            assertThat(r.json().get("detail").asString()).startsWith("csv_url ");
            var fromUrl = api.post("/api/v1/datasets/from-url", Map.of("url", url));
            assertThat(fromUrl.status()).as(url + " " + fromUrl).isEqualTo(400);
            assertThat(fromUrl.problem()).as("each route names its own field").isEqualTo("url-refused");
            assertThat(fromUrl.json().get("detail").asString())
                    .startsWith("url ")
                    .doesNotContain("csv_url");
        }
    }

    @Test
    void aCsvAtAnAllowedUrlIsFetchedCheckedAndTrainedOn() throws IOException {
        byte[] csv = Files.readAllBytes(SharedData.file("domains/supermarket_sales.csv"));
        byte[] binary = new byte[4096];
        binary[0] = (byte) 0x89;
        binary[1] = 'P';
        binary[2] = 'N';
        binary[3] = 'G';
        binary[4] = 0x0d;
        binary[5] = 0x0a;
        binary[6] = 0x1a;
        binary[7] = 0x0a;
        HttpServer files = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        files.createContext("/sales.csv", e -> {
            e.sendResponseHeaders(200, csv.length);
            e.getResponseBody().write(csv);
            e.close();
        });
        files.createContext("/renamed.csv", e -> {
            e.sendResponseHeaders(200, binary.length);
            e.getResponseBody().write(binary);
            e.close();
        });
        files.createContext("/moved.csv", e -> {
            e.getResponseHeaders().add("Location", "http://169.254.169.254/");
            e.sendResponseHeaders(302, -1);
            e.close();
        });
        files.start();
        String base = "http://127.0.0.1:" + files.getAddress().getPort();
        try (var server = TestServer.start(
                Database.SQLITE, Map.of("assay.csv-url.allow-private", true, "assay.rate-limit.enabled", false))) {
            var admin = server.admin();
            var api = admin.as(admin.newUserKey("analyst"));
            var trained = api.post(
                    "/train",
                    Map.of(
                            "csv_url",
                            base + "/sales.csv",
                            "features",
                            List.of("Unit price", "Quantity", "Product line"),
                            "target",
                            "Customer type",
                            "model_name",
                            "logistic_regression"));
            assertThat(trained.status()).as(trained.toString()).isEqualTo(200);
            assertThat(trained.json().get("model_id").asString()).isEqualTo("logistic_regression@1");
            assertThat(api.get("/api/v1/datasets").json().findValuesAsString("name"))
                    .contains("sales.csv");

            var v1 = api.post("/api/v1/datasets/from-url", Map.of("url", base + "/sales.csv"));
            assertThat(v1.status()).as(v1.toString()).isEqualTo(202);
            assertThat(api.awaitJob(v1.json().get("job").get("id").asString())
                            .get("status")
                            .asString())
                    .isEqualTo("succeeded");

            var renamed = api.post(
                    "/train", Map.of("csv_url", base + "/renamed.csv", "target", "y", "model_name", "xgboost"));
            assertThat(renamed.status()).as(renamed.toString()).isEqualTo(415);
            assertThat(renamed.problem()).isEqualTo("content-mismatch");
            var moved =
                    api.post("/train", Map.of("csv_url", base + "/moved.csv", "target", "y", "model_name", "xgboost"));
            assertThat(moved.status()).as("redirects are not followed").isEqualTo(400);
            assertThat(moved.problem()).isEqualTo("csv-url-refused");
        } finally {
            files.stop(0);
        }
    }
}
