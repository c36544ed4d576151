package io.assay.core;

/**
 * Receives progress of long work (ingest, profiling, training) so that a CLI can draw a bar and a server can
 * report a job's stage and percent. Implementations must be cheap and thread-safe.
 */
@FunctionalInterface
public interface Progress {

    /** Ignores all progress. */
    Progress NONE = (stage, fraction) -> {};

    /**
     * @param stage what is happening, in a few words ("reading", "typing columns", "profiling")
     * @param fraction 0..1 of the whole work, or -1 when unknown
     */
    void update(String stage, double fraction);
}
