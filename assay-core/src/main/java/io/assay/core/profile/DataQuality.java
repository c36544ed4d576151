package io.assay.core.profile;

import java.util.List;

/**
 * A 0–100 data-quality score and the reasons behind every point taken off.
 *
 * <ul>
 *   <li><b>completeness</b>: share of cells that are present, less the missing share of every largely empty column
 *       (more than {@link #LARGELY_EMPTY} of its values missing; a column 28.7% empty costs 28.7 points more, an empty
 *       one {@link #LARGELY_EMPTY_POINTS} at most), so that one half-empty column among many is not lost in the
 *       share of cells (never below 0);
 *   <li><b>validity</b>: share of present values that fit their column's type (misfits are counted at ingest);
 *   <li><b>consistency</b>: share of rows that satisfy the declared cross-column checks (e.g. {@code total = net +
 *       tax}); not scored when none are declared;
 *   <li><b>uniqueness</b>: share of rows that are not exact duplicates and whose key (an identifier column that is
 *       nearly unique, or a declared key) is not repeated.
 * </ul>
 *
 * The overall score weighs them 35/30/20/15 over the dimensions measured; grades: A ≥ 90, B ≥ 80, C ≥ 70, D ≥ 60, F.
 */
public record DataQuality(
        double completeness,
        double validity,
        Double consistency,
        double uniqueness,
        double overallScore,
        String grade,
        long duplicateRows,
        List<KeyCheck> keys,
        List<CheckResult> checks,
        List<Deduction> deductions) {

    /**
     * A column with more than this share of its values missing (not counting values that did not fit its type) is
     * largely empty: completeness loses its missing share once more.
     */
    static final double LARGELY_EMPTY = 0.20;

    /**
     * The most a largely empty column costs beyond its cells: an entirely empty column (often an export's spare
     * column) lowers the grade clearly without failing a table whose other columns are sound.
     */
    static final double LARGELY_EMPTY_POINTS = 50;

    public DataQuality {
        keys = List.copyOf(keys);
        checks = List.copyOf(checks);
        deductions = List.copyOf(deductions);
    }

    /**
     * Points taken off one dimension and why, e.g. "rating: 5.0% missing (50,000 cells)" or "CustomerID: 28.7% missing
     * (59,976 cells), a column more than 20% empty".
     */
    public record Deduction(String dimension, double points, String reason) {}

    /** A declared cross-column check and how many rows break it; {@code exampleRows} are 0-based data rows. */
    public record CheckResult(String expression, long rowsChecked, long violations, List<Long> exampleRows) {
        public CheckResult {
            exampleRows = List.copyOf(exampleRows);
        }
    }

    /** A key column and how many of its values repeat. */
    public record KeyCheck(String column, boolean declared, long duplicates) {}

    static String grade(double score) {
        if (score >= 90) {
            return "A";
        }
        if (score >= 80) {
            return "B";
        }
        if (score >= 70) {
            return "C";
        }
        if (score >= 60) {
            return "D";
        }
        return "F";
    }
}
