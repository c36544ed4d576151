package io.assay.core.profile;

import io.assay.core.table.ColumnType;
import java.util.List;

/**
 * What one column holds: its type, how complete and how varied it is, its distribution and its outliers.
 *
 * @param name the column's name
 * @param type its type
 * @param format how its values were written in the source (currency, percent, a date format), or empty
 * @param count non-missing values
 * @param missing missing values
 * @param invalid values that did not fit the column's type at ingest (counted in {@code missing} too)
 * @param distinct distinct non-missing values
 * @param distinctApproximate whether {@code distinct} is a HyperLogLog estimate (large data)
 * @param numeric the distribution of a numeric column, else null
 * @param range first and last value of a date, timestamp or time column, else null
 * @param text lengths of a text or categorical column, else null
 * @param topValues the most frequent values with their counts (not for columns that are all distinct)
 * @param outliers outliers of a numeric column by the IQR and MAD rules, else null
 * @param examples a few distinct values as written
 */
public record ColumnProfile(
        String name,
        ColumnType type,
        String format,
        long count,
        long missing,
        long invalid,
        long distinct,
        boolean distinctApproximate,
        NumericSummary numeric,
        Range range,
        TextLengths text,
        List<ValueCount> topValues,
        Outliers outliers,
        List<String> examples) {

    public ColumnProfile {
        topValues = List.copyOf(topValues);
        examples = List.copyOf(examples);
    }

    /** Share of rows where this column is missing, 0..1. */
    public double missingShare() {
        long rows = count + missing;
        return rows == 0 ? 0 : (double) missing / rows;
    }

    /**
     * Distribution of a numeric column. Quantiles are exact up to {@link Profiler.Options#exactUpTo()} rows and
     * t-digest estimates beyond.
     */
    public record NumericSummary(
            double min,
            double max,
            double mean,
            double std,
            double sum,
            double p01,
            double p05,
            double p25,
            double median,
            double p75,
            double p95,
            double p99,
            long zeros,
            long negatives,
            boolean quantilesApproximate) {}

    /** First and last value of a temporal column, as ISO text. */
    public record Range(String min, String max, String median) {}

    /** Lengths of the values of a string column, in characters. */
    public record TextLengths(long min, long max, double mean) {}

    /** A value and how often it occurs. */
    public record ValueCount(String value, long count, double share) {}

    /**
     * Outliers of a numeric column. IQR rule: outside [Q1 − 1.5·IQR, Q3 + 1.5·IQR]. MAD rule (Iglewicz–Hoaglin):
     * a modified z-score |x − median| / (1.4826·MAD) above 3.5. {@code examples} are the most extreme values.
     */
    public record Outliers(
            long iqrCount,
            double iqrLow,
            double iqrHigh,
            long madCount,
            double median,
            double mad,
            List<Double> examples) {
        public Outliers {
            examples = List.copyOf(examples);
        }
    }
}
