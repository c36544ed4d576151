package io.assay.ml;

import io.assay.core.table.Field;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Where a trained model came from, so that it can be reproduced: Assay and library versions, seed, time, and a
 * fingerprint of the training data (SHA-256 of its values in order, row count, schema).
 */
public record Provenance(
        String assayVersion, Map<String, String> libraries, long seed, Instant trainedAt, DataFingerprint data) {

    /** The training data's identity. */
    public record DataFingerprint(String sha256, long rows, List<Field> schema) {}
}
