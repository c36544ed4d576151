package io.assay.ml.registry;

import java.time.Instant;
import java.util.List;

/**
 * Content-addressed storage of model files: a blob is stored under the SHA-256 of its bytes and every read checks
 * that the bytes still hash to their key. A local directory now; an S3-compatible bucket when Assay runs on several
 * machines. A contract test in assay-testkit checks every implementation.
 */
public interface ArtifactStore {

    /** Stores {@code bytes} and returns their SHA-256 (hex), which is their key. */
    String put(byte[] bytes);

    /** The bytes stored under {@code sha256}, verified; {@link CorruptArtifactException} if they changed. */
    byte[] get(String sha256);

    boolean exists(String sha256);

    void delete(String sha256);

    /** Every stored artifact: its key, size and when it was last stored (storing the same bytes again renews it). */
    List<Entry> list();

    /**
     * Deletes an artifact only if it was last stored before {@code instant}, checked again at the moment of deleting:
     * bytes stored anew since a {@link #list()} (a model being staged) are kept. True when it was deleted.
     */
    boolean deleteIfStoredBefore(String sha256, Instant instant);

    /** A stored artifact as {@link #list()} sees it. */
    record Entry(String sha256, long bytes, Instant storedAt) {}
}
