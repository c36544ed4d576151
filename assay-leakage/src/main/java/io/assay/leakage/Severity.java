package io.assay.leakage;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.assay.core.error.InvalidOptionException;
import java.util.Locale;

/** How much a finding matters, from {@code low} to {@code critical}; written in lower case. */
public enum Severity {
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Severity parse(String label) {
        if (label != null) {
            for (Severity s : values()) {
                if (s.label().equals(label.trim().toLowerCase(Locale.ROOT))) {
                    return s;
                }
            }
        }
        throw new InvalidOptionException("severity", label, "use low, medium, high or critical");
    }
}
