package io.assay.bench.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * An open-model HTTP load: requests leave at evenly spaced instants ({@code 1/rate} apart) whatever the server's
 * latency, and each latency is counted from the instant the request was due, not from when it left, so that a slow
 * response cannot hide the requests that queue behind it (the "coordinated omission" correction of wrk2). A closed
 * client such as {@code hey -c 50 -q 20} instead starts its 50 workers' tickers together and sends bursts of 50
 * requests every 50 ms: the figure then measures how fast a burst drains, not the latency at a steady 1,000 req/s.
 *
 * <pre>java -cp ... io.assay.bench.server.ConstantRateLoad URL RATE SECONDS WARMUP_SECONDS BODY.json [Header: value]...</pre>
 *
 * Runs a warm-up at the same rate first (not counted), then prints the achieved rate, the status codes, errors, and latency percentiles in milliseconds.
 */
public final class ConstantRateLoad {

    private ConstantRateLoad() {}

    /** What one run measured. */
    record Result(long sent, double seconds, Map<Integer, Long> statuses, long errors, Histogram latencyMicros) {}

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length < 5) {
            System.err.println("usage: ConstantRateLoad URL RATE SECONDS WARMUP_SECONDS BODY.json [Header: value]...");
            System.exit(2);
        }
        var url = URI.create(args[0]);
        int rate = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        int warmup = Integer.parseInt(args[3]);
        byte[] body = Files.readAllBytes(Path.of(args[4]));
        var request = HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 5; i < args.length; i++) {
            int colon = args[i].indexOf(':');
            request.header(
                    args[i].substring(0, colon).trim(),
                    args[i].substring(colon + 1).trim());
        }
        try (var client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build()) {
            if (warmup > 0) {
                run(client, request.build(), rate, warmup);
            }
            var r = run(client, request.build(), rate, seconds);
            Histogram h = r.latencyMicros();
            System.out.printf(
                    Locale.ROOT,
                    "open model: %d requests due at %d req/s over %.1f s (%.1f req/s sent)%n",
                    r.sent(),
                    rate,
                    r.seconds(),
                    r.sent() / r.seconds());
            System.out.println("statuses: " + r.statuses() + ", errors (no response): " + r.errors());
            System.out.printf(
                    Locale.ROOT,
                    "latency from the due instant, ms: p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n",
                    h.getValueAtPercentile(50) / 1000.0,
                    h.getValueAtPercentile(90) / 1000.0,
                    h.getValueAtPercentile(99) / 1000.0,
                    h.getValueAtPercentile(99.9) / 1000.0,
                    h.getMaxValue() / 1000.0);
        }
    }

    static Result run(HttpClient client, HttpRequest request, int rate, int seconds) throws InterruptedException {
        long total = (long) rate * seconds;
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        var latency = new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(1), 3);
        var statuses = new ConcurrentHashMap<Integer, LongAdder>();
        var errors = new LongAdder();
        var done = new CountDownLatch((int) total);
        long start = System.nanoTime();
        for (long i = 0; i < total; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
                long micros = Math.max(0, (System.nanoTime() - due) / 1000);
                latency.recordValue(Math.min(micros, latency.getHighestTrackableValue()));
                if (failure != null) {
                    errors.increment();
                } else {
                    statuses.computeIfAbsent(response.statusCode(), s -> new LongAdder())
                            .increment();
                }
                done.countDown();
            });
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (!done.await(30, TimeUnit.SECONDS)) {
            errors.add(done.getCount());
        }
        var counts = new TreeMap<Integer, Long>();
        statuses.forEach((s, n) -> counts.put(s, n.sum()));
        return new Result(total, elapsed, counts, errors.sum(), latency);
    }
}
