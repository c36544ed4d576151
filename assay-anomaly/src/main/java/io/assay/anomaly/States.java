package io.assay.anomaly;

import io.assay.core.json.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** Reads a detector's saved state back into its record, with one clear error when a file does not fit it. */
final class States {

    private States() {}

    static <T> T read(JsonNode state, Class<T> type) {
        if (state == null || state.isNull() || state.isMissingNode()) {
            throw new DetectorFileException(
                    "it is damaged: the state of " + type.getSimpleName() + " is missing", null);
        }
        try {
            return Json.mapper().treeToValue(state, type);
        } catch (JacksonException e) {
            throw new DetectorFileException(
                    "it is damaged: its state does not fit " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }
}
