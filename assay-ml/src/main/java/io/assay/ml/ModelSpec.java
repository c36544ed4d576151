package io.assay.ml;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What a trained model is: its type and task, its options (defaults filled), the target and its classes, the
 * source columns it reads, and for anomaly detectors the score from which a row counts as anomalous.
 */
public record ModelSpec(
        String type,
        Task task,
        JsonNode options,
        String target,
        List<String> classes,
        List<String> inputColumns,
        Double threshold) {

    public ModelSpec {
        classes = classes == null ? List.of() : List.copyOf(classes);
        inputColumns = List.copyOf(inputColumns);
    }
}
