package io.assay.core.table;

import java.util.Locale;

/** The logical type of a column, as a person reading the table would name it. */
public enum ColumnType {
    /** Whole numbers (counts, quantities); stored exactly up to 2^53. */
    INTEGER,
    /** Real numbers, including amounts written as "$1,234.50" or "12%" (stored as 0.12). */
    DECIMAL,
    /** Two-valued flags: true/false, yes/no, y/n. */
    BOOLEAN,
    /** A small set of repeated labels (region, plan, product line). */
    CATEGORICAL,
    /** Free or mostly unique text (names, descriptions, identifiers). */
    TEXT,
    /** Calendar dates without a time. */
    DATE,
    /** Date and time of day, without a zone. */
    TIMESTAMP,
    /** Time of day without a date. */
    TIME;

    public boolean isNumeric() {
        return this == INTEGER || this == DECIMAL;
    }

    public boolean isTemporal() {
        return this == DATE || this == TIMESTAMP || this == TIME;
    }

    public boolean isString() {
        return this == CATEGORICAL || this == TEXT;
    }

    /** The lower-case name used in files, options and JSON ({@code integer}, {@code categorical}, ...). */
    @com.fasterxml.jackson.annotation.JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a label such as {@code decimal} or {@code Categorical}; also accepts common synonyms. */
    @com.fasterxml.jackson.annotation.JsonCreator
    public static ColumnType parse(String label) {
        String s = label.trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "integer", "int", "long", "bigint" -> INTEGER;
            case "decimal", "double", "float", "number", "numeric" -> DECIMAL;
            case "boolean", "bool" -> BOOLEAN;
            case "categorical", "category" -> CATEGORICAL;
            case "text", "string", "varchar" -> TEXT;
            case "date" -> DATE;
            case "timestamp", "datetime" -> TIMESTAMP;
            case "time" -> TIME;
            default ->
                throw new io.assay.core.error.InvalidOptionException(
                        "column type",
                        label,
                        "use one of integer, decimal, boolean, categorical, text, date, timestamp, time");
        };
    }
}
