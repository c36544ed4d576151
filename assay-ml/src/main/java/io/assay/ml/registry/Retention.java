package io.assay.ml.registry;

import io.assay.core.error.InvalidOptionException;
import java.time.Duration;

/**
 * Which versions to keep when pruning: the newest {@code keepLast} of each model and any younger than {@code maxAge}
 * (either rule keeps a version; null disables a rule). The production version is always kept.
 */
public record Retention(Integer keepLast, Duration maxAge) {

    public Retention {
        if (keepLast == null && maxAge == null) {
            throw new InvalidOptionException(
                    "retention", "(none)", "give a number of versions to keep, a number of days, or both");
        }
        if (keepLast != null && keepLast < 1) {
            throw new InvalidOptionException("versions to keep", keepLast, "must be at least 1");
        }
        if (maxAge != null && maxAge.isNegative()) {
            throw new InvalidOptionException("days to keep", maxAge.toDays(), "must not be negative");
        }
    }
}
