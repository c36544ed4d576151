package io.assay.ml.registry;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.assay.core.error.InvalidOptionException;
import java.util.Locale;
import java.util.Set;

/**
 * The lifecycle of a model version: every version starts as a candidate; one version per model name is in
 * production; a version leaves production (or candidacy) for the archive, and can come back from it (rollback).
 */
public enum Stage {
    CANDIDATE,
    PRODUCTION,
    ARCHIVED;

    /** The stages a version in this stage may move to. */
    Set<Stage> next() {
        return switch (this) {
            case CANDIDATE -> Set.of(PRODUCTION, ARCHIVED);
            case PRODUCTION -> Set.of(ARCHIVED);
            case ARCHIVED -> Set.of(PRODUCTION);
        };
    }

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Stage parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidOptionException("stage", s, "use candidate, production or archived");
        }
    }
}
