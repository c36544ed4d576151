package io.assay.anomaly;

import io.assay.core.error.InternalException;
import io.assay.core.json.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** Reads a detector's saved state back into its record, with one clear error when a file does not fit it. */
final class States {

    private States() {}

    static <T> T read(JsonNode state, Class<T> type) {
        try {
            return Json.mapper().treeToValue(state, type);
        } catch (JacksonException e) {
            throw new InternalException(
                    "the saved detector state does not fit " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }
}
