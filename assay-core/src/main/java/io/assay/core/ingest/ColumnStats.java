package io.assay.core.ingest;

/**
 * Summary statistics of one column, computed in the same pass that finishes loading it, so that a profile of a
 * large dataset does not read every row again for them. {@code distinct} is a HyperLogLog estimate.
 *
 * @param count non-missing values
 * @param distinct estimated distinct non-missing values
 * @param min smallest value (numeric columns; NaN otherwise)
 * @param max largest value (numeric columns; NaN otherwise)
 * @param mean mean (numeric columns; NaN otherwise)
 * @param std sample standard deviation (numeric columns; NaN otherwise)
 * @param sum sum (numeric columns; NaN otherwise)
 * @param zeros values equal to zero (numeric columns)
 * @param negatives values below zero (numeric columns)
 * @param first smallest value as ISO text (temporal columns; null otherwise)
 * @param last largest value as ISO text (temporal columns; null otherwise)
 */
public record ColumnStats(
        long count,
        long distinct,
        double min,
        double max,
        double mean,
        double std,
        double sum,
        long zeros,
        long negatives,
        String first,
        String last) {}
