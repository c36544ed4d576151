package io.assay.ml;

import io.assay.core.table.BooleanColumn;
import io.assay.core.table.Field;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * How a column's values were written in the training file ({@link io.assay.core.table.Field#format()}: a strptime
 * format such as {@code %m/%d/%Y}, {@code currency}, {@code percent (stored as a fraction)}, {@code decimal comma},
 * a flag's words such as {@code Active/Inactive}),
 * so that values given as text later (rows sent as JSON) are read the way the training file was, as well as in ISO.
 */
final class SourceFormat {

    private static final String CURRENCY_SIGNS = "[()$€£¥₹,\\s+-]";

    private final String label;
    private final DateTimeFormatter pattern;

    private SourceFormat(String label) {
        this.label = label == null ? "" : label;
        this.pattern = this.label.contains("%") ? strptime(this.label) : null;
    }

    static SourceFormat of(String label) {
        return new SourceFormat(label);
    }

    /** A number written as in the source: plain, with thousands commas, as money, a percentage or a decimal comma. */
    double number(String text) {
        String s = text.trim();
        if (label.equals("currency")) {
            double sign = s.startsWith("(") || s.contains("-") ? -1 : 1;
            return sign * Double.parseDouble(s.replaceAll(CURRENCY_SIGNS, ""));
        }
        if (label.startsWith("percent") && s.endsWith("%")) {
            return Double.parseDouble(s.replaceAll("[%,\\s]", "")) / 100;
        }
        if (label.equals("decimal comma") && s.contains(",")) {
            return Double.parseDouble(s.replace(".", "").replace(',', '.'));
        }
        if (s.matches("[+-]?[1-9][0-9]{0,2}(,[0-9]{3})+(\\.[0-9]+)?")) {
            return Double.parseDouble(s.replace(",", ""));
        }
        return Double.parseDouble(s);
    }

    /** A flag written as the source's own words ({@code Active/Inactive}) or as true/false, yes/no, y/n, t/f, 1/0. */
    boolean flag(String text) {
        String s = text.trim();
        List<String> words = Field.flagWords(label);
        if (words != null && s.equalsIgnoreCase(words.get(0))) {
            return true;
        }
        if (words != null && s.equalsIgnoreCase(words.get(1))) {
            return false;
        }
        Boolean plain = BooleanColumn.word(s);
        if (plain != null) {
            return plain;
        }
        return switch (s) {
            case "1" -> true;
            case "0" -> false;
            default -> throw new IllegalArgumentException("not a flag: " + s);
        };
    }

    LocalDate date(String text) {
        return read(text, LocalDate::parse, LocalDate::parse);
    }

    LocalDateTime timestamp(String text) {
        return read(text, s -> LocalDateTime.parse(s.replace(' ', 'T')), LocalDateTime::parse);
    }

    LocalTime time(String text) {
        return read(text, LocalTime::parse, LocalTime::parse);
    }

    /** {@code text} in ISO, else in the source's pattern when there is one. */
    private <T> T read(String text, Function<String, T> iso, BiFunction<String, DateTimeFormatter, T> inPattern) {
        String s = text.trim();
        try {
            return iso.apply(s);
        } catch (DateTimeParseException e) {
            if (pattern == null) {
                throw e;
            }
            return inPattern.apply(s, pattern);
        }
    }

    /**
     * The java.time reading of a strptime format (the directives DuckDB's {@code strptime} and Assay's type inference
     * use); null when it has one this does not know, so that only ISO is read.
     */
    static DateTimeFormatter strptime(String format) {
        var b = new DateTimeFormatterBuilder().parseCaseInsensitive();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 == format.length()) {
                b.appendLiteral(c);
                continue;
            }
            char d = format.charAt(++i);
            switch (d) {
                case 'Y' -> b.appendValue(ChronoField.YEAR, 4);
                case 'y' -> b.appendValueReduced(ChronoField.YEAR, 2, 2, 1969);
                case 'm' -> b.appendValue(ChronoField.MONTH_OF_YEAR, 1, 2, java.time.format.SignStyle.NOT_NEGATIVE);
                case 'd' -> b.appendValue(ChronoField.DAY_OF_MONTH, 1, 2, java.time.format.SignStyle.NOT_NEGATIVE);
                case 'H' -> b.appendValue(ChronoField.HOUR_OF_DAY, 1, 2, java.time.format.SignStyle.NOT_NEGATIVE);
                case 'I' ->
                    b.appendValue(ChronoField.CLOCK_HOUR_OF_AMPM, 1, 2, java.time.format.SignStyle.NOT_NEGATIVE);
                case 'M' -> b.appendValue(ChronoField.MINUTE_OF_HOUR, 2);
                case 'S' -> b.appendValue(ChronoField.SECOND_OF_MINUTE, 2);
                case 'f' -> b.appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, false);
                case 'p' -> b.appendText(ChronoField.AMPM_OF_DAY);
                case 'b' -> b.appendPattern("MMM");
                case 'B' -> b.appendPattern("MMMM");
                case '%' -> b.appendLiteral('%');
                default -> {
                    return null;
                }
            }
        }
        return b.toFormatter(Locale.ENGLISH).withResolverStyle(ResolverStyle.STRICT);
    }
}
