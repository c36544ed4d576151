package io.assay.ml.zoo;

/**
 * Smile draws its random numbers from a generator it keeps per thread ({@code MathEx.setSeed}); this is the one
 * place Assay sets it, right before a fit, so that a seeded training run is reproducible.
 */
final class Seeds {

    private Seeds() {}

    static void smile(long seed) {
        smile.math.MathEx.setSeed(seed);
    }

    /**
     * Runs a Smile fit that uses parallel streams on one worker thread whose generator is seeded first: Smile seeds
     * each thread's generator separately, so a fit spread over several threads is not reproducible.
     */
    static <T> T reproducibly(long seed, java.util.function.Supplier<T> fit) {
        var pool = new java.util.concurrent.ForkJoinPool(1);
        try {
            return pool.submit(() -> {
                        smile(seed);
                        return fit.get();
                    })
                    .join();
        } finally {
            pool.shutdown();
        }
    }
}
