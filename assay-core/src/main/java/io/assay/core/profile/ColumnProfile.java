package io.assay.core.profile;

import io.assay.core.table.ColumnType;
import java.util.List;

/**
 * What one column holds: its type, how complete and how varied it is, its distribution and its outliers. An identifier
 * column (customer numbers, invoice numbers, codes: {@link io.assay.core.table.Identifiers#isIdentifier}) keeps its
 * type but is described as labels: how unique its values are, its first and last value as written and its most
 * frequent values; never a mean, quantiles or outliers.
 *
 * @param name the column's name
 * @param type its type
 * @param format how its values were written in the source (currency, percent, a date format), or empty
 * @param role whether the column identifies rows or things ({@link Role#IDENTIFIER}) or describes them
 *     ({@link Role#ATTRIBUTE})
 * @param count non-missing values
 * @param missing missing values
 * @param invalid values that did not fit the column's type at ingest (counted in {@code missing} too)
 * @param distinct distinct non-missing values
 * @param distinctApproximate whether {@code distinct} is a HyperLogLog estimate (large data)
 * @param identifier uniqueness and first and last value of an identifier column, else null
 * @param numeric the distribution of a numeric column that is not an identifier, else null
 * @param range first and last value of a date, timestamp or time column, else null
 * @param text lengths of a text or categorical column, else null
 * @param topValues the most frequent values with their counts (not for columns that are all distinct)
 * @param outliers outliers of a numeric column that is not an identifier, by the IQR and MAD rules, else null
 * @param examples a few distinct values as written
 */
public record ColumnProfile(
        String name,
        ColumnType type,
        String format,
        Role role,
        long count,
        long missing,
        long invalid,
        long distinct,
        boolean distinctApproximate,
        IdentifierSummary identifier,
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

    /** What a column is to a person reading the table. */
    public enum Role {
        /** Labels that name a row or a thing (customer, invoice, product): counted and looked up, never averaged. */
        IDENTIFIER,
        /** Everything else: amounts, quantities, categories, dates, flags, free text. */
        ATTRIBUTE;

        /** The lower-case name used in JSON ({@code identifier}, {@code attribute}). */
        @com.fasterxml.jackson.annotation.JsonValue
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * An identifier column as labels.
     *
     * @param min the smallest value as written, without thousands separators ({@code 12346}), or null for text
     * @param max the largest value as written, or null for text
     * @param uniqueness distinct values as a share of the present ones, 0..1 (1: every value once, a key; an estimate
     *     when {@code distinct} is)
     */
    public record IdentifierSummary(String min, String max, double uniqueness) {}

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
