package io.assay.anomaly;

import io.assay.core.pipeline.Pipeline;
import io.assay.ml.Hyperparameter;
import io.assay.ml.Params;
import java.util.List;

/** The {@code scaling} hyperparameter of distance-based detectors: how numeric features are put on one footing. */
final class Scalings {

    private Scalings() {}

    static Hyperparameter parameter(String defaultValue) {
        return new Hyperparameter(
                "scaling",
                "standard, minmax, robust or none",
                defaultValue,
                "how numeric features are rescaled before distances are taken (standard: z-scores; minmax: 0..1;"
                        + " robust: median and interquartile range)");
    }

    /** A scaling as its hyperparameter value is written. */
    static String label(Pipeline.Scaling s) {
        return switch (s) {
            case STANDARD -> "standard";
            case MIN_MAX -> "minmax";
            case ROBUST -> "robust";
            case NONE -> "none";
        };
    }

    static Pipeline.Scaling parse(Params p, String defaultValue) {
        return switch (p.choice("scaling", defaultValue, List.of("standard", "minmax", "min_max", "robust", "none"))) {
            case "standard" -> Pipeline.Scaling.STANDARD;
            case "minmax", "min_max" -> Pipeline.Scaling.MIN_MAX;
            case "robust" -> Pipeline.Scaling.ROBUST;
            default -> Pipeline.Scaling.NONE;
        };
    }
}
