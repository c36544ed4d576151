package io.assay.bench.commerce;

import io.assay.commerce.Affinity;
import io.assay.commerce.OrderData;
import io.assay.commerce.OrderSource;
import io.assay.core.Progress;
import io.assay.core.sql.DuckEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Locale;

/**
 * Top pairs of an Instacart folder's prior order lines, timed in process from reading the files to the result, and
 * written as {@code product_a,product_b,n_ab} for comparison with the peers. Prints one JSON line.
 *
 * <pre>java -cp ... io.assay.bench.commerce.AffinityBench DIR TOP OUT.csv [MEMORY_LIMIT]</pre>
 */
public final class AffinityBench {

    private AffinityBench() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int top = Integer.parseInt(args[1]);
        Path out = Path.of(args[2]);
        String memory = args.length > 3 ? args[3] : "2500MB";
        Path spill = Files.createTempDirectory("assay-bench-spill");
        long t0 = System.nanoTime();
        try (DuckEngine engine = DuckEngine.open(new DuckEngine.Options(0, memory, spill))) {
            Progress trace = System.getenv("ASSAY_BENCH_TRACE") == null
                    ? Progress.NONE
                    : (stage, f) ->
                            System.err.printf(Locale.ROOT, "%7.2f s  %s%n", (System.nanoTime() - t0) / 1e9, stage);
            try (OrderData data = OrderData.load(
                    engine, OrderSource.Instacart.inFolder(dir, OrderSource.InstacartLines.PRIOR), trace)) {
                long t1 = System.nanoTime();
                var result = Affinity.analyse(data, Affinity.Options.defaults().withTop(top), trace);
                long t2 = System.nanoTime();
                var lines = new ArrayList<String>();
                lines.add("product_a,product_b,n_ab");
                for (var p : result.pairs()) {
                    lines.add(p.itemA() + "," + p.itemB() + "," + p.count());
                }
                Files.write(out, lines);
                System.out.printf(
                        Locale.ROOT,
                        "{\"load_s\": %.2f, \"pairs_s\": %.2f, \"total_s\": %.2f, \"lines\": %d, \"baskets\": %d}%n",
                        (t1 - t0) / 1e9,
                        (t2 - t1) / 1e9,
                        (t2 - t0) / 1e9,
                        data.report().linesUsed(),
                        result.transactions());
            }
        }
    }
}
