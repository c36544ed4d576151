package io.assay.server.models;

import io.assay.server.web.ApiException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Hyperparameters from a JSON body as the use cases take them: text; only numbers, text and booleans. */
public final class Hyperparameters {

    private Hyperparameters() {}

    public static Map<String, String> of(Map<String, Object> params) {
        var out = new LinkedHashMap<String, String>();
        if (params == null) {
            return out;
        }
        params.forEach((k, v) -> {
            if (v instanceof Number || v instanceof String || v instanceof Boolean) {
                out.put(k, v.toString());
            } else if (v != null) {
                throw ApiException.badRequest(
                        "invalid-option",
                        "hyperparameter " + k + " must be a number, text or true/false, not "
                                + (v instanceof Map<?, ?> ? "an object" : v instanceof Iterable<?> ? "a list" : v));
            }
        });
        return out;
    }
}
