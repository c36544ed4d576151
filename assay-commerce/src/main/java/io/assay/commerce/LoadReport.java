package io.assay.commerce;

import java.util.List;

/**
 * How order data was read: the layout, what was used, what each piece of the data allows, and every problem found.
 *
 * @param layout {@code instacart}, {@code lines} or {@code online-retail}
 * @param files the files read
 * @param linesRead order lines in the files
 * @param linesUsed order lines used for analysis (the rest are in {@link #issues()})
 * @param orders orders known (Instacart counts orders without lines, e.g. its {@code test} set)
 * @param baskets orders with at least one used line
 * @param customers customers known
 * @param items distinct items on used lines
 * @param hasDates whether orders have calendar dates (recency, RFM, calendar churn)
 * @param hasMoney whether lines have money (monetary value, lifetime value)
 * @param mapping for generic order lines, the column that was used for each role
 * @param issues problems found, each counted and with examples
 */
public record LoadReport(
        String layout,
        List<String> files,
        long linesRead,
        long linesUsed,
        long orders,
        long baskets,
        long customers,
        long items,
        boolean hasDates,
        boolean hasMoney,
        OrderSource.Mapping mapping,
        List<RowIssue> issues) {
    public LoadReport {
        files = List.copyOf(files);
        issues = List.copyOf(issues);
    }
}
