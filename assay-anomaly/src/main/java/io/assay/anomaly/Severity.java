package io.assay.anomaly;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How serious a flagged row is, from its calibrated confidence: {@code critical} is rarer than 1 in 1,000 training
 * rows, {@code high} than 1 in 100, and every other flagged row is {@code medium}: a row that crossed the threshold is
 * worth a look, and one flagged at the default 95th percentile would otherwise be called {@code low} by a rounding
 * hair (confidence 0.94999). {@code low} (less rare than 1 in 20) describes a score, never a flagged row; it is kept
 * for filters that name it.
 */
public enum Severity {
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL;

    static Severity of(double confidence) {
        if (confidence >= 0.999) {
            return CRITICAL;
        }
        if (confidence >= 0.99) {
            return HIGH;
        }
        if (confidence >= 0.95) {
            return MEDIUM;
        }
        return LOW;
    }

    /** The severity of a row flagged with {@code confidence}: at least {@link #MEDIUM}. */
    static Severity flagged(double confidence) {
        Severity s = of(confidence);
        return s == LOW ? MEDIUM : s;
    }

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Severity parse(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }
}
