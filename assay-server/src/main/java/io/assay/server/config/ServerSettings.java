package io.assay.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The service's settings ({@code assay.*} properties, or {@code ASSAY_*} environment variables): where data lives,
 * authentication, upload limits, how long results are kept, CORS, rate limits, which hosts {@code csv_url} may
 * fetch from, and background workers.
 */
@ConfigurationProperties("assay")
public record ServerSettings(
        Path dataDir,
        @DefaultValue Auth auth,
        @DefaultValue Upload upload,
        @DefaultValue("24h") Duration ttl,
        @DefaultValue("15m") Duration cleanupInterval,
        @DefaultValue Cors cors,
        @DefaultValue RateLimit rateLimit,
        @DefaultValue CsvUrl csvUrl,
        @DefaultValue Jobs jobs) {

    /**
     * @param enabled require an API key on every API call ({@code --no-auth} turns it off, on loopback only)
     * @param adminKey a known admin key to install at first start instead of generating one (from the environment or
     *     {@code ASSAY_AUTH_ADMIN_KEY_FILE}); never logged
     */
    public record Auth(@DefaultValue("true") boolean enabled, String adminKey) {}

    /** @param maxSize largest accepted upload */
    public record Upload(@DefaultValue("200MB") DataSize maxSize) {}

    /** @param allowedOrigins origins allowed to call the API from a browser (none by default) */
    public record Cors(@DefaultValue List<String> allowedOrigins) {}

    /**
     * Token buckets per API key (per client address for calls without a key). Requests that change something or start
     * work (uploads, training, analyses, detections, promotions, deletions) have the seed system's limits; reads (job
     * polling included) and predictions have a much higher limit of their own, so that a client polling a job or a
     * prediction service is not stopped by the limits meant for work.
     *
     * @param perHour requests per hour that change something or start work
     * @param perMinute requests per minute that change something or start work
     * @param uploadsPerMinute uploads per minute (also counted as work)
     * @param readsPerMinute reads (GET) and predictions per minute
     */
    public record RateLimit(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("100") long perHour,
            @DefaultValue("20") long perMinute,
            @DefaultValue("5") long uploadsPerMinute,
            @DefaultValue("1200") long readsPerMinute) {}

    /**
     * Which hosts a training request's {@code csv_url} may name.
     *
     * @param allowedHosts host names (or {@code *.suffix}) allowed; empty: any public host
     * @param allowPrivate also allow loopback, private, link-local and other internal addresses
     * @param timeout connect and read timeout
     */
    public record CsvUrl(
            @DefaultValue List<String> allowedHosts,
            @DefaultValue("false") boolean allowPrivate,
            @DefaultValue("30s") Duration timeout) {}

    /** @param waitForSeedRoutes how long a seed route that answered synchronously waits for its job */
    public record Jobs(@DefaultValue("10m") Duration waitForSeedRoutes) {}
}
