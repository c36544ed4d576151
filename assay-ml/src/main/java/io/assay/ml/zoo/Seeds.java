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
}
