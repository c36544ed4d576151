package io.assay.server.datasets;

import io.assay.server.config.ServerSettings;
import io.assay.server.web.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Fetches a table a request names by URL (the seed's {@code csv_url}) into the upload staging area, within the
 * upload size limit. Only http and https; only hosts on the allow-list when one is configured; never a loopback,
 * private, link-local or otherwise internal address unless {@code assay.csv-url.allow-private}; redirects are not
 * followed (they could lead inside). The addresses are checked by the resolver the connection itself uses, so a host
 * name that resolves to a public address for the check and to an internal one for the connection (DNS rebinding)
 * is refused too. The fetched file then goes through the same checks as an upload.
 */
@Component
class RemoteFiles implements AutoCloseable {

    private final ServerSettings settings;
    private final DnsResolver dns;
    private final CloseableHttpClient http;

    @Autowired
    RemoteFiles(ServerSettings settings) {
        this(settings, SystemDefaultDnsResolver.INSTANCE);
    }

    /** With the name resolution given ({@code system}): the tests stand in a resolver whose answers change. */
    RemoteFiles(ServerSettings settings, DnsResolver system) {
        this.settings = settings;
        this.dns = new VettedResolver(system, settings.csvUrl().allowPrivate());
        var timeout = Timeout.of(settings.csvUrl().timeout());
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(dns)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(timeout)
                                .setSocketTimeout(timeout)
                                .build())
                        .build())
                .setDefaultRequestConfig(
                        RequestConfig.custom().setResponseTimeout(timeout).build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .build();
    }

    @Override
    public void close() throws IOException {
        http.close();
    }

    /** Refuses, at every resolution, a host name with an internal address among its answers. */
    private record VettedResolver(DnsResolver system, boolean allowPrivate) implements DnsResolver {

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            InetAddress[] all = system.resolve(host);
            if (!allowPrivate) {
                for (InetAddress a : all) {
                    if (internal(a)) {
                        throw new InternalAddressException(a);
                    }
                }
            }
            return all;
        }

        @Override
        public String resolveCanonicalHostname(String host) throws UnknownHostException {
            return system.resolveCanonicalHostname(host);
        }
    }

    /** A host name that resolved to an internal address. */
    private static final class InternalAddressException extends UnknownHostException {
        private static final long serialVersionUID = 1L;

        InternalAddressException(InetAddress address) {
            super("it points to an internal address (" + address.getHostAddress()
                    + "); set ASSAY_CSV_URL_ALLOW_PRIVATE=true to allow that");
        }
    }

    /** A fetched file: where it was staged and the name it had. */
    record Fetched(Path file, String name) {}

    /** Checks {@code url}, given in the request's {@code field}, against the rules; returns it parsed. */
    URI check(String field, String url) {
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw refused(field, url, "it is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw refused(field, url, "only http and https URLs are fetched");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank() || uri.getUserInfo() != null) {
            throw refused(field, url, "it needs a host name and no user information");
        }
        var allowed = settings.csvUrl().allowedHosts();
        if (!allowed.isEmpty() && allowed.stream().noneMatch(a -> matches(a, host))) {
            throw refused(field, url, "its host is not on the allow-list (ASSAY_CSV_URL_ALLOWED_HOSTS)");
        }
        try {
            dns.resolve(host);
        } catch (InternalAddressException e) {
            throw refused(field, url, e.getMessage());
        } catch (UnknownHostException e) {
            throw refused(field, url, "its host name does not resolve");
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

    /**
     * Downloads {@code url} into {@code dir} (created), refusing more than the upload limit; errors name the request's
     * {@code field} ({@code url} of {@code /api/v1/datasets/from-url}, the seed's {@code csv_url}).
     */
    Fetched fetch(String field, String url, Path dir) {
        URI uri = check(field, url);
        long limit = settings.upload().maxSize().toBytes();
        String name = Uploads.nameFromUrl(uri.getPath());
        try {
            Files.createDirectories(dir);
            Path target = Files.createTempFile(dir, "fetched-", ".part");
            try {
                http.execute(new HttpGet(uri), response -> {
                    if (response.getCode() != 200) {
                        throw refused(field, url, "the server answered " + response.getCode());
                    }
                    var entity = response.getEntity();
                    if (entity == null) {
                        throw refused(field, url, "the server sent no file");
                    }
                    if (entity.getContentLength() > limit) {
                        throw tooLarge(field, limit);
                    }
                    try (InputStream in = entity.getContent();
                            OutputStream out = Files.newOutputStream(target)) {
                        byte[] buffer = new byte[64 * 1024];
                        long total = 0;
                        for (int n; (n = in.read(buffer)) > 0; ) {
                            total += n;
                            if (total > limit) {
                                throw tooLarge(field, limit);
                            }
                            out.write(buffer, 0, n);
                        }
                    }
                    return null;
                });
            } catch (RuntimeException | IOException e) {
                Files.deleteIfExists(target);
                throw e;
            }
            return new Fetched(target, name);
        } catch (InternalAddressException e) {
            throw refused(field, url, e.getMessage());
        } catch (IOException e) {
            throw refused(field, url, "it could not be fetched (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static ApiException tooLarge(String field, long limit) {
        return new ApiException(
                HttpStatus.CONTENT_TOO_LARGE,
                "upload-too-large",
                "the file at " + field + " is larger than the limit of " + limit + " bytes");
    }

    private static ApiException refused(String field, String url, String why) {
        return ApiException.badRequest(
                field.replace('_', '-') + "-refused", field + " " + abbreviate(url) + " was not fetched: " + why);
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
