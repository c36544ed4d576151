package io.assay.core.pipeline;

import io.assay.core.table.BooleanColumn;
import io.assay.core.table.CategoricalColumn;
import io.assay.core.table.Column;
import io.assay.core.table.DateColumn;
import io.assay.core.table.NumberColumn;
import io.assay.core.table.TimeColumn;
import io.assay.core.table.TimestampColumn;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Locale;

/** Reads any column as numbers, labels or date-times, so a pipeline still applies when a column's type changed. */
final class Values {

    private Values() {}

    /** The value as a number (flags 0/1, dates as epoch days, text parsed); NaN when missing or unreadable. */
    static double number(Column c, int row) {
        if (c.isMissing(row)) {
            return Double.NaN;
        }
        return switch (c) {
            case NumberColumn n -> n.get(row);
            case BooleanColumn b -> b.isTrue(row) ? 1 : 0;
            case DateColumn d -> d.epochDay(row);
            case TimestampColumn t -> t.epochMicros(row) / 86_400_000_000.0;
            case TimeColumn t -> t.microsOfDay(row) / 3_600_000_000.0;
            default -> parse(c.text(row));
        };
    }

    static double parse(String s) {
        Boolean flag = BooleanColumn.word(s);
        if (flag != null) {
            return flag ? 1 : 0;
        }
        try {
            return Double.parseDouble(s.trim().toLowerCase(Locale.ROOT).replace(",", ""));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** The value as a label; null when missing. */
    static String label(Column c, int row) {
        if (c.isMissing(row)) {
            return null;
        }
        if (c instanceof CategoricalColumn cat) {
            return cat.value(row);
        }
        return c.text(row);
    }

    /** The value as a date-time; null when missing or unreadable. */
    static LocalDateTime dateTime(Column c, int row) {
        if (c.isMissing(row)) {
            return null;
        }
        return switch (c) {
            case DateColumn d -> d.value(row).atStartOfDay();
            case TimestampColumn t -> t.value(row);
            case TimeColumn t -> t.value(row).atDate(LocalDate.of(1970, 1, 1));
            default -> parseDateTime(c.text(row));
        };
    }

    private static LocalDateTime parseDateTime(String s) {
        String v = s.trim();
        try {
            if (v.length() <= 10 && v.contains("-")) {
                return LocalDate.parse(v).atStartOfDay();
            }
            if (v.length() <= 8 && v.contains(":")) {
                return LocalTime.parse(v).atDate(LocalDate.of(1970, 1, 1));
            }
            return LocalDateTime.parse(v.replace(' ', 'T'));
        } catch (RuntimeException e) {
            return null;
        }
    }
}
