package io.assay.ml.registry;

import io.assay.ml.Task;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * One registered version of a named model: what it is, how good it is, where it came from, its lifecycle stage,
 * and the checksummed artifacts that hold it.
 *
 * @param id stable identifier ({@code name@version})
 * @param metrics the headline metrics on held-out rows
 * @param dataSha256 fingerprint of the training data
 * @param documentSha256 the model document (spec, pipeline, evaluation, provenance)
 * @param estimatorSha256 the fitted estimator's bytes
 * @param leftProductionAt when this version last left production (null: never in production, or still there): a
 *     rollback puts back the version that left most recently
 */
public record ModelVersion(
        String id,
        String name,
        int version,
        Instant createdAt,
        Stage stage,
        String type,
        Task task,
        String target,
        List<String> classes,
        JsonNode options,
        Map<String, Double> metrics,
        String dataSha256,
        long dataRows,
        long seed,
        String assayVersion,
        Map<String, String> libraries,
        String documentSha256,
        String estimatorSha256,
        long bytes,
        Instant leftProductionAt) {

    public ModelVersion {
        classes = classes == null ? List.of() : List.copyOf(classes);
        metrics = java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(metrics)); // keeps the headline order
        libraries = Map.copyOf(libraries);
    }

    ModelVersion withStage(Stage s, Instant leftProduction) {
        return new ModelVersion(
                id,
                name,
                version,
                createdAt,
                s,
                type,
                task,
                target,
                classes,
                options,
                metrics,
                dataSha256,
                dataRows,
                seed,
                assayVersion,
                libraries,
                documentSha256,
                estimatorSha256,
                bytes,
                leftProduction);
    }
}
