package io.assay.commerce;

import java.util.List;

/**
 * Where trained recommenders are kept by name. A small seam so that the file store can later be replaced by the
 * model registry of {@code assay-ml} without touching callers.
 */
public interface RecommenderStore {

    /** Saves (or replaces) the model under {@code name}; atomic: readers see the old or the new model. */
    void save(String name, Recommender model);

    /**
     * @throws RecommenderNotFoundException when there is no model of that name
     * @throws DamagedModelException when its file fails the checksum or cannot be parsed
     */
    Recommender load(String name);

    /** Names of the stored models, sorted. */
    List<String> names();

    /** The provenance of a stored model without loading its factors. */
    Recommender.Provenance describe(String name);
}
