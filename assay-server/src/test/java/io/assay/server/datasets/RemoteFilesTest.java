package io.assay.server.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.assay.server.config.ServerSettings;
import io.assay.server.web.ApiException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/**
 * DNS rebinding: a host name that resolves to a public address when the URL is checked and to a loopback address
 * when the connection is made must not reach the loopback service.
 */
class RemoteFilesTest {

    private static final byte[] SECRET = "id,secret\n1,internal only\n".getBytes(StandardCharsets.UTF_8);

    private HttpServer internal;
    private final AtomicInteger hits = new AtomicInteger();

    @TempDir
    Path dir;

    @BeforeEach
    void startInternalService() throws IOException {
        internal = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        internal.createContext("/data.csv", e -> {
            hits.incrementAndGet();
            e.sendResponseHeaders(200, SECRET.length);
            e.getResponseBody().write(SECRET);
            e.close();
        });
        internal.start();
    }

    @AfterEach
    void stop() {
        internal.stop(0);
    }

    /** Answers a public address the first time and the loopback address after that. */
    private static DnsResolver rebinding() {
        var calls = new AtomicInteger();
        return new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                byte[] address = calls.getAndIncrement() == 0
                        ? new byte[] {93, (byte) 184, (byte) 215, 14}
                        : new byte[] {127, 0, 0, 1};
                return new InetAddress[] {InetAddress.getByAddress(host, address)};
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
    }

    private static ServerSettings settings(boolean allowPrivate) {
        return new ServerSettings(
                Path.of("unused"),
                new ServerSettings.Auth(true, null),
                new ServerSettings.Upload(DataSize.ofMegabytes(1)),
                Duration.ofHours(24),
                Duration.ofMinutes(15),
                new ServerSettings.Cors(List.of()),
                new ServerSettings.RateLimit(false, 100, 20, 5, 1200),
                new ServerSettings.CsvUrl(List.of(), allowPrivate, Duration.ofSeconds(5)),
                new ServerSettings.Jobs(Duration.ofMinutes(1)));
    }

    @Test
    void aHostThatRebindsToLoopbackAfterTheCheckIsRefused() throws IOException {
        String url = "http://files.example.test:" + internal.getAddress().getPort() + "/data.csv";
        try (var remote = new RemoteFiles(settings(false), rebinding())) {
            assertThatThrownBy(() -> remote.fetch("csv_url", url, dir))
                    .isInstanceOf(ApiException.class)
                    .hasMessageContaining("internal address (127.0.0.1)");
        }
        assertThat(hits).as("the internal service was never reached").hasValue(0);
        try (var files = Files.list(dir)) {
            assertThat(files).as("nothing is left in the staging area").isEmpty();
        }
    }

    @Test
    void withPrivateAddressesAllowedTheSameFileIsFetched() throws IOException {
        String url = "http://files.example.test:" + internal.getAddress().getPort() + "/data.csv";
        try (var remote = new RemoteFiles(settings(true), rebinding())) {
            var fetched = remote.fetch("csv_url", url, dir);
            assertThat(fetched.name()).isEqualTo("data.csv");
            assertThat(Files.readAllBytes(fetched.file())).isEqualTo(SECRET);
        }
        assertThat(hits).hasValue(1);
    }
}
