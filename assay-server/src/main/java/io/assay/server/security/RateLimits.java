package io.assay.server.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.assay.server.config.ServerSettings;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Token buckets (Bucket4j) per API key, or per client address for calls without a key: requests that change something
 * or start work per hour and per minute, uploads per minute, and reads and predictions per minute. Buckets of idle clients are forgotten after two hours. Each node keeps its own
 * buckets (with N nodes behind a balancer a client gets up to N times the limits).
 */
@Component
public class RateLimits {

    /** The outcome for one request: allowed, or how long to wait. */
    public record Verdict(boolean allowed, long remaining, long retryAfterSeconds) {}

    private final ServerSettings.RateLimit limits;
    private final Cache<String, Bucket> work = buckets();
    private final Cache<String, Bucket> uploads = buckets();
    private final Cache<String, Bucket> reads = buckets();

    public RateLimits(ServerSettings settings) {
        this.limits = settings.rateLimit();
    }

    public boolean enabled() {
        return limits.enabled();
    }

    /** A request that changes something or starts work. */
    public Verdict work(String client) {
        return take(
                work,
                client,
                () -> Bucket.builder()
                        .addLimit(l -> l.capacity(limits.perHour()).refillGreedy(limits.perHour(), Duration.ofHours(1)))
                        .addLimit(l ->
                                l.capacity(limits.perMinute()).refillGreedy(limits.perMinute(), Duration.ofMinutes(1)))
                        .build());
    }

    /** A read (job polling included) or a prediction. */
    public Verdict read(String client) {
        return take(reads, client, () -> perMinute(limits.readsPerMinute()));
    }

    public Verdict upload(String client) {
        return take(uploads, client, () -> perMinute(limits.uploadsPerMinute()));
    }

    private static Cache<String, Bucket> buckets() {
        return Caffeine.newBuilder()
                .expireAfterAccess(Duration.ofHours(2))
                .maximumSize(1_000_000)
                .build();
    }

    private static Bucket perMinute(long tokens) {
        return Bucket.builder()
                .addLimit(l -> l.capacity(tokens).refillGreedy(tokens, Duration.ofMinutes(1)))
                .build();
    }

    private static Verdict take(Cache<String, Bucket> buckets, String client, Supplier<Bucket> bucket) {
        return verdict(buckets.get(client, k -> bucket.get()).tryConsumeAndReturnRemaining(1));
    }

    private static Verdict verdict(ConsumptionProbe p) {
        long wait = (p.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L;
        return new Verdict(p.isConsumed(), p.getRemainingTokens(), p.isConsumed() ? 0 : Math.max(1, wait));
    }
}
