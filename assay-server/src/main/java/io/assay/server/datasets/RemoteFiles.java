package io.assay.server.datasets;

import io.assay.server.config.ServerSettings;
import io.assay.server.web.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Fetches a table a request names by URL (the seed's {@code csv_url}) into the upload staging area, within the
 * upload size limit. Only http and https; only hosts on the allow-list when one is configured; never a loopback,
 * private, link-local or otherwise internal address unless {@code assay.csv-url.allow-private}; redirects are not
 * followed (they could lead inside). The fetched file then goes through the same checks as an upload.
 */
@Component
class RemoteFiles {

    private final ServerSettings settings;
    private final HttpClient http;

    RemoteFiles(ServerSettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(settings.csvUrl().timeout())
                .build();
    }

    /** A fetched file: where it was staged and the name it had. */
    record Fetched(Path file, String name) {}

    /** Checks {@code url} against the rules; returns it parsed. */
    URI check(String url) {
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw refused(url, "it is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw refused(url, "only http and https URLs are fetched");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank() || uri.getUserInfo() != null) {
            throw refused(url, "it needs a host name and no user information");
        }
        var allowed = settings.csvUrl().allowedHosts();
        if (!allowed.isEmpty() && allowed.stream().noneMatch(a -> matches(a, host))) {
            throw refused(url, "its host is not on the allow-list (ASSAY_CSV_URL_ALLOWED_HOSTS)");
        }
        if (!settings.csvUrl().allowPrivate()) {
            try {
                for (InetAddress a : InetAddress.getAllByName(host)) {
                    if (internal(a)) {
                        throw refused(
                                url,
                                "it points to an internal address (" + a.getHostAddress()
                                        + "); set ASSAY_CSV_URL_ALLOW_PRIVATE=true to allow that");
                    }
                }
            } catch (UnknownHostException e) {
                throw refused(url, "its host name does not resolve");
            }
        }
        return uri;
    }

    static boolean matches(String allowed, String host) {
        String a = allowed.trim().toLowerCase(Locale.ROOT);
        String h = host.toLowerCase(Locale.ROOT);
        return a.startsWith("*.") ? h.endsWith(a.substring(1)) : h.equals(a);
    }

    /** Loopback, private, link-local, wildcard, multicast, carrier-grade NAT and IPv6 unique-local addresses. */
    static boolean internal(InetAddress a) {
        byte[] b = a.getAddress();
        boolean cgnat = b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
        boolean uniqueLocal = a instanceof Inet6Address && (b[0] & 0xfe) == 0xfc;
        return a.isLoopbackAddress()
                || a.isSiteLocalAddress()
                || a.isLinkLocalAddress()
                || a.isAnyLocalAddress()
                || a.isMulticastAddress()
                || cgnat
                || uniqueLocal;
    }

    /** Downloads {@code url} into {@code dir} (created), refusing more than the upload limit. */
    Fetched fetch(String url, Path dir) {
        URI uri = check(url);
        long limit = settings.upload().maxSize().toBytes();
        String name = Uploads.nameFromUrl(uri.getPath());
        try {
            Files.createDirectories(dir);
            Path target = Files.createTempFile(dir, "fetched-", ".part");
            var request = HttpRequest.newBuilder(uri)
                    .timeout(settings.csvUrl().timeout())
                    .GET()
                    .build();
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                if (response.statusCode() != 200) {
                    throw refused(url, "the server answered " + response.statusCode());
                }
                long declared =
                        response.headers().firstValueAsLong("Content-Length").orElse(-1);
                if (declared > limit) {
                    throw new ApiException(
                            HttpStatus.CONTENT_TOO_LARGE,
                            "upload-too-large",
                            "the file at csv_url is larger than the limit of " + limit + " bytes");
                }
                try (OutputStream out = Files.newOutputStream(target)) {
                    byte[] buffer = new byte[64 * 1024];
                    long total = 0;
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        total += n;
                        if (total > limit) {
                            throw new ApiException(
                                    HttpStatus.CONTENT_TOO_LARGE,
                                    "upload-too-large",
                                    "the file at csv_url is larger than the limit of " + limit + " bytes");
                        }
                        out.write(buffer, 0, n);
                    }
                }
            } catch (RuntimeException e) {
                Files.deleteIfExists(target);
                throw e;
            }
            return new Fetched(target, name);
        } catch (IOException e) {
            throw refused(url, "it could not be fetched (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted"));
        }
    }

    private static ApiException refused(String url, String why) {
        return ApiException.badRequest("csv-url-refused", "csv_url " + abbreviate(url) + " was not fetched: " + why);
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
