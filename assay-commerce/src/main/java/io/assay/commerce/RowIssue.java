package io.assay.commerce;

import java.util.List;

/**
 * Order lines (or orders) with one problem, counted, with examples, and what was done with them: nothing is dropped
 * without being reported here. A line is counted under its first problem only.
 *
 * @param problem stable slug, e.g. {@code cancellation}, {@code non-product-code}, {@code missing-customer}
 * @param description what the problem is, for people
 * @param count how many lines (or orders, as the description says)
 * @param action what happened to them, e.g. {@code excluded} or {@code kept for baskets, not for customers}
 * @param examples the first few, as {@code row N: value}
 */
public record RowIssue(String problem, String description, long count, String action, List<String> examples) {
    public RowIssue {
        examples = List.copyOf(examples);
    }

    /** One line for people. */
    public String summary() {
        return String.format(java.util.Locale.ROOT, "%,d %s: %s", count, description, action)
                + (examples.isEmpty() ? "" : " (" + String.join("; ", examples) + ")");
    }
}
