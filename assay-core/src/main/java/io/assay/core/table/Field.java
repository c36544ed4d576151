package io.assay.core.table;

import java.util.List;
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

    /**
     * For a flag column read from text, the words its source wrote for true and false ({@code Yes}, {@code No}: the
     * format {@code Yes/No}); null when it wrote {@code true}/{@code false} or is not a flag column.
     */
    public List<String> flagWords() {
        return type == ColumnType.BOOLEAN ? flagWords(format) : null;
    }

    /** The true and false words a flag format names ({@code Yes/No}), or null when it names none. */
    public static List<String> flagWords(String format) {
        String[] words = format == null ? new String[0] : format.split("/", -1);
        return words.length == 2 && !words[0].isEmpty() && !words[1].isEmpty() ? List.of(words) : null;
    }
}
