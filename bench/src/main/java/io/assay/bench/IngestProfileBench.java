package io.assay.bench;

import io.assay.app.Assay;
import io.assay.app.AssayHome;
import io.assay.core.Progress;
import io.assay.core.ingest.Ingest;
import io.assay.core.profile.Profiler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Ingest and full profile of one file, timed in process (the figure compared with pandas' read_csv + describe +
 * nunique, both excluding interpreter or JVM start-up). Prints one line of JSON.
 *
 * <pre>java -cp ... io.assay.bench.IngestProfileBench FILE</pre>
 */
public final class IngestProfileBench {

    private IngestProfileBench() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        Path home = Files.createTempDirectory("assay-bench-home");
        long t0 = System.nanoTime();
        try (Assay assay = Assay.open(AssayHome.resolve(home, java.util.Map.of()))) {
            long t1 = System.nanoTime();
            Progress trace = System.getenv("ASSAY_BENCH_TRACE") == null
                    ? Progress.NONE
                    : (stage, fraction) ->
                            System.err.printf(Locale.ROOT, "%7.3f s  %s%n", (System.nanoTime() - t1) / 1e9, stage);
            var profile = assay.profile(
                    new Assay.ProfileRequest(file, Ingest.Options.defaults(), Profiler.Options.defaults()), trace);
            long t2 = System.nanoTime();
            System.out.printf(
                    Locale.ROOT,
                    "{\"engine_start_s\": %.3f, \"ingest_profile_s\": %.3f, \"rows\": %d, \"columns\": %d, \"grade\": \"%s\"}%n",
                    (t1 - t0) / 1e9,
                    (t2 - t1) / 1e9,
                    profile.rows(),
                    profile.columns().size(),
                    profile.quality().grade());
        }
    }
}
