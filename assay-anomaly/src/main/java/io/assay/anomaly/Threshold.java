package io.assay.anomaly;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.assay.core.error.InvalidOptionException;
import java.util.Locale;

/**
 * How the score above which a row counts as anomalous is chosen: a percentile of the training rows' scores (95 by
 * default, as the seed system), an expected contamination (the share of rows to flag, which is the same cut stated the
 * other way round), or a fixed score on the detector's own scale.
 */
public record Threshold(Rule rule, double value) {

    /** The kinds of threshold. */
    public enum Rule {
        PERCENTILE,
        CONTAMINATION,
        SCORE;

        @JsonValue
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Rule parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidOptionException("threshold rule", s, "use percentile, contamination or score");
            }
        }
    }

    public Threshold {
        if (rule == null) {
            throw new InvalidOptionException("threshold rule", null, "use percentile, contamination or score");
        }
        switch (rule) {
            case PERCENTILE -> {
                if (!(value > 0 && value < 100)) {
                    throw new InvalidOptionException(
                            "threshold percentile", value, "must be between 0 and 100 (exclusive), e.g. 95");
                }
            }
            case CONTAMINATION -> {
                if (!(value > 0 && value < 0.5)) {
                    throw new InvalidOptionException(
                            "contamination", value, "must be a share between 0 and 0.5 (exclusive), e.g. 0.05");
                }
            }
            case SCORE -> {
                if (!Double.isFinite(value)) {
                    throw new InvalidOptionException("threshold score", value, "must be a finite number");
                }
            }
        }
    }

    /** The seed system's default: the 95th percentile of the training scores. */
    public static Threshold defaults() {
        return percentile(95);
    }

    public static Threshold percentile(double p) {
        return new Threshold(Rule.PERCENTILE, p);
    }

    public static Threshold contamination(double share) {
        return new Threshold(Rule.CONTAMINATION, share);
    }

    public static Threshold score(double s) {
        return new Threshold(Rule.SCORE, s);
    }

    /** The percentile of training scores this threshold cuts at, or NaN for a fixed score. */
    double percentileOfTraining() {
        return switch (rule) {
            case PERCENTILE -> value;
            case CONTAMINATION -> 100 * (1 - value);
            case SCORE -> Double.NaN;
        };
    }

    /** How the threshold was chosen, in words. */
    public String describe() {
        return switch (rule) {
            case PERCENTILE -> Numbers.ordinal(value) + " percentile of the training scores";
            case CONTAMINATION ->
                "expected contamination " + Numbers.plain(value) + " (the " + Numbers.ordinal(100 * (1 - value))
                        + " percentile of the training scores)";
            case SCORE -> "fixed score " + Numbers.plain(value);
        };
    }
}
