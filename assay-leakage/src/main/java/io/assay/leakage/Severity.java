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

    private final String label = name().toLowerCase(Locale.ROOT);

    @JsonValue
    public String label() {
        return label;
    }

    @JsonCreator
    public static Severity parse(String label) {
        if (label != null) {
            String wanted = label.trim().toLowerCase(Locale.ROOT);
            for (Severity s : values()) {
                if (s.label.equals(wanted)) {
                    return s;
                }
            }
        }
        throw new InvalidOptionException("severity", label, "use low, medium, high or critical");
    }
}
