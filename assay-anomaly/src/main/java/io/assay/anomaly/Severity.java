package io.assay.anomaly;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How serious a flagged row is, from its calibrated confidence: {@code critical} is rarer than 1 in 1,000 training
 * rows, {@code high} than 1 in 100, {@code medium} than 1 in 20, {@code low} anything else that crossed the threshold
 * (a low threshold, a high contamination or a fixed score can flag rows that are not rare at all).
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

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Severity parse(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }
}
