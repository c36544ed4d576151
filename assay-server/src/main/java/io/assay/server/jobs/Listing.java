package io.assay.server.jobs;

import io.assay.server.web.ApiException;
import java.util.Collection;

/**
 * The query parameters that choose what a list answers (limit, offset, filters): a value out of range or not among
 * the allowed ones is refused (400 {@code invalid-parameter}) naming the parameter and what it may be, never clamped
 * or matched against nothing.
 */
public final class Listing {

    private Listing() {}

    /** The most items one page of any list holds. */
    public static final int MAX_LIMIT = 1000;

    /** How a list that answers everything by default (datasets, models) is paged, for the API's documentation. */
    public static final String PAGED_ALL = "limit: 1 to " + MAX_LIMIT + " (default " + MAX_LIMIT
            + "); offset: how many to skip (default 0), to page on; a value out of range is 400";

    /** Refuses a {@code limit} outside 1 to {@link #MAX_LIMIT} and a negative {@code offset}. */
    public static void window(int limit, int offset) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.badRequest(
                    "invalid-parameter", "'limit' must be between 1 and " + MAX_LIMIT + ", not " + limit);
        }
        if (offset < 0) {
            throw ApiException.badRequest("invalid-parameter", "'offset' must be 0 or more, not " + offset);
        }
    }

    /**
     * {@code value} when it is one of {@code allowed} (ignoring case; null stays null), else 400 naming
     * {@code parameter} and the allowed values.
     */
    public static String oneOf(String parameter, String value, Collection<String> allowed) {
        if (value == null) {
            return null;
        }
        for (String a : allowed) {
            if (a.equalsIgnoreCase(value.strip())) {
                return a;
            }
        }
        throw ApiException.badRequest(
                "invalid-parameter",
                "'" + parameter + "' is one of " + String.join(", ", allowed) + ", not '"
                        + io.assay.core.error.InvalidOptionException.typed(value.strip()) + "'");
    }

    /** {@code value} when it is a finite number (null stays null), else 400 naming {@code parameter}. */
    public static Double finite(String parameter, Double value) {
        if (value != null && !Double.isFinite(value)) {
            throw ApiException.badRequest(
                    "invalid-parameter", "'" + parameter + "' must be a finite number, not " + value);
        }
        return value;
    }
}
