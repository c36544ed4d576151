package io.assay.core.pipeline;

import java.util.ArrayList;
import java.util.List;

/**
 * What applying a fitted pipeline to new data had to work around: columns that are absent (filled entirely),
 * columns whose type changed (values converted where possible), and levels never seen at fit time.
 */
public record ApplyReport(
        long rows, List<String> missingColumns, List<TypeChange> typeChanges, List<UnseenLevels> unseenLevels) {

    public ApplyReport {
        missingColumns = List.copyOf(missingColumns);
        typeChanges = List.copyOf(typeChanges);
        unseenLevels = List.copyOf(unseenLevels);
    }

    /** A column that arrived with another type than at fit time; {@code unreadable} values became missing. */
    public record TypeChange(String column, String expected, String actual, long unreadable) {}

    /** Levels of a categorical column that were not seen at fit time, and how they were encoded. */
    public record UnseenLevels(String column, long rows, List<String> examples, String handling) {
        public UnseenLevels {
            examples = List.copyOf(examples);
        }
    }

    public boolean isClean() {
        return missingColumns.isEmpty() && typeChanges.isEmpty() && unseenLevels.isEmpty();
    }

    /** One line per problem, for people. */
    public List<String> problems() {
        var out = new ArrayList<String>();
        for (String c : missingColumns) {
            out.add("column '" + c + "' is missing; every row was filled with the training value");
        }
        for (TypeChange t : typeChanges) {
            out.add("column '" + t.column() + "' is " + t.actual() + " but was " + t.expected() + " when fitted"
                    + (t.unreadable() > 0
                            ? "; " + t.unreadable() + " value(s) could not be read and were filled"
                            : ""));
        }
        for (UnseenLevels u : unseenLevels) {
            out.add(u.rows() + " row(s) of '" + u.column() + "' have levels not seen in training ("
                    + String.join(", ", u.examples()) + "): " + u.handling());
        }
        return out;
    }
}
