package io.assay.core.table;

import java.util.Objects;

/**
 * A named, typed column of a {@link Schema}. {@code format} says how the values were written in the source when
 * that matters to a reader ({@code currency}, {@code percent}, {@code %d/%m/%Y}); it is empty for plain values.
 */
public record Field(String name, ColumnType type, String format) {

    public Field {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        format = format == null ? "" : format;
    }

    public Field(String name, ColumnType type) {
        this(name, type, "");
    }
}
