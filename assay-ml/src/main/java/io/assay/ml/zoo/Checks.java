package io.assay.ml.zoo;

import io.assay.ml.Params;

/** Range checks for hyperparameters, failing with the parameter's name and value. */
final class Checks {

    private Checks() {}

    static void atLeast(Params p, String name, double value, double min) {
        if (!(value >= min)) {
            throw p.bad(
                    name,
                    value,
                    "must be at least " + (min == Math.rint(min) ? Long.toString((long) min) : Double.toString(min)));
        }
    }

    static void positive(Params p, String name, double value) {
        if (!(value > 0)) {
            throw p.bad(name, value, "must be above 0");
        }
    }

    /** A share in (0, 1]. */
    static void share(Params p, String name, double value) {
        if (!(value > 0 && value <= 1)) {
            throw p.bad(name, value, "must be above 0 and at most 1");
        }
    }

    /** A share in [0, 1]. */
    static void fraction(Params p, String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw p.bad(name, value, "must be between 0 and 1");
        }
    }
}
