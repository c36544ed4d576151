package io.assay.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * A gzip upload that would expand without bound (a decompression bomb) is refused at upload with a one-line problem,
 * and nothing of it is kept; an ordinary gzip CSV is accepted and read.
 */
class CompressedUploadTest {

    @Test
    void aDecompressionBombIsRefusedAtUploadAndNothingIsKept() throws Exception {
        var server = TestServer.shared(Database.SQLITE);
        var admin = server.admin();
        var api = admin.as(admin.newUserKey("analyst"));
        // 40 MB of one repeated line: a few tens of KB of gzip, far beyond 100-fold
        byte[] bomb = gzip("id,amount\n" + "1,2.50\n".repeat(40 * 1024 * 1024 / 7));
        assertThat(bomb.length).isLessThan(200_000);

        var refused = api.upload("/api/v1/datasets", "orders.csv.gz", bomb);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.problem()).isEqualTo("invalid-file");
        assertThat(refused.json().get("detail").asString())
                .startsWith("orders.csv.gz: expands more than 100-fold")
                .contains("decompression bomb");
        var listed = api.get("/api/v1/datasets").json();
        assertThat(listed.isArray()).as(listed.toString()).isTrue();
        assertThat(listed).as("no dataset was made of it").isEmpty();
        try (var files = Files.walk(server.dataDir.resolve("uploads"))) {
            assertThat(files.filter(f -> f.getFileName().toString().equals("orders.csv.gz")))
                    .as("the refused file is not kept")
                    .isEmpty();
        }

        var ordinary = api.upload("/api/v1/datasets", "orders.csv.gz", gzip("id,amount\n1,2.50\n2,3.75\n"));
        assertThat(ordinary.status()).as(ordinary.toString()).isEqualTo(202);
        var job = api.awaitJob(ordinary.json().get("job").get("id").asString());
        assertThat(job.get("result").get("rows").asLong()).as(job.toString()).isEqualTo(2);
    }

    private static byte[] gzip(String text) throws Exception {
        var out = new ByteArrayOutputStream();
        try (var gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
