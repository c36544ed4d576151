package io.assay.anomaly;

import java.util.concurrent.ForkJoinPool;
import java.util.function.Supplier;

/**
 * Smile draws random numbers from a generator per thread ({@code MathEx.setSeed}) and spreads some fits over parallel
 * streams; running such a fit on one worker thread whose generator was seeded first makes it reproducible.
 */
final class SmileSeed {

    private SmileSeed() {}

    static <T> T reproducibly(long seed, Supplier<T> fit) {
        var pool = new ForkJoinPool(1);
        try {
            return pool.submit(() -> {
                        smile.math.MathEx.setSeed(seed);
                        return fit.get();
                    })
                    .join();
        } finally {
            pool.shutdown();
        }
    }
}
