package io.assay.core.ingest;

import io.assay.core.table.BooleanColumn;
import io.assay.core.table.ColumnType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides the type of a text column from a sample of its values the way a person would: "1,234.50", "$9.99" and
 * "12%" are numbers, "yes"/"no" is a flag, "1/5/2019" is a date (month or day first, whichever the values prove),
 * codes with leading zeros and columns of identifiers longer than 15 digits stay text (one such value among
 * ordinary numbers is a value that does not fit). A type is chosen when at least
 * {@link #COVERAGE} of the non-missing sample values fit it; the rest become missing and are reported.
 *
 * <p>Categorical versus text is decided later, on the whole column ({@link TypedLoader}), because it depends on
 * how many distinct values there are.
 */
final class TypeInference {

    /** Share of non-missing sample values that must fit a type for the column to get it. */
    static final double COVERAGE = 0.95;

    private static final Pattern INTEGER = Pattern.compile("[+-]?(0|[1-9]\\d{0,14})");
    private static final Pattern LONG_DIGITS = Pattern.compile("[+-]?\\d{16,}");
    private static final Pattern DECIMAL =
            Pattern.compile("[+-]?((0|[1-9]\\d*)(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d{1,3})?");
    private static final Pattern GROUPED = Pattern.compile("[+-]?[1-9]\\d{0,2}(,\\d{3})+(\\.\\d+)?");
    /** "489,048": a thousands separator or a decimal comma with three decimals; the column's other values decide. */
    private static final Pattern COMMA_THREE = Pattern.compile("[+-]?[1-9]\\d{0,2},\\d{3}");

    private static final Pattern CURRENCY = Pattern.compile(
            "\\(?[+-]?\\s*[$€£¥₹]\\s*[+-]?(\\d{1,3}(,\\d{3})+|\\d+)(\\.\\d+)?\\)?|[+-]?(\\d{1,3}(,\\d{3})+|\\d+)(\\.\\d+)?\\s*[$€£¥₹]");
    private static final Pattern PERCENT = Pattern.compile("[+-]?(\\d{1,3}(,\\d{3})+|\\d+)(\\.\\d+)?\\s*%");
    private static final Pattern DECIMAL_COMMA = Pattern.compile("[+-]?(\\d{1,3}(\\.\\d{3})+|\\d+),\\d+");
    private static final Map<String, String> PARTNERS =
            Map.of("true", "false", "false", "true", "yes", "no", "no", "yes", "y", "n", "n", "y", "t", "f", "f", "t");

    private static final Pattern ISO_TIMESTAMP = Pattern.compile(
            "\\d{4}-\\d{1,2}-\\d{1,2}[ T]\\d{1,2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?\\s*(Z|[+-]\\d{2}(:?\\d{2})?)?");
    private static final Pattern ISO_TIME = Pattern.compile("\\d{1,2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?");
    private static final Pattern TIME_12H = Pattern.compile("\\d{1,2}:\\d{2}(:\\d{2})?\\s*[AaPp][Mm]");

    /** A date or timestamp layout: a structural pattern and the strptime formats it may stand for. */
    private record Layout(ColumnType type, Pattern pattern, List<String> formats, boolean dayMonthAmbiguous) {}

    private static final List<Layout> LAYOUTS = List.of(
            date("\\d{4}-\\d{1,2}-\\d{1,2}", "%Y-%m-%d"),
            date("\\d{4}/\\d{1,2}/\\d{1,2}", "%Y/%m/%d"),
            dmDate("\\d{1,2}/\\d{1,2}/\\d{4}", "%m/%d/%Y", "%d/%m/%Y"),
            dmDate("\\d{1,2}/\\d{1,2}/\\d{2}", "%m/%d/%y", "%d/%m/%y"),
            dmDate("\\d{1,2}-\\d{1,2}-\\d{4}", "%m-%d-%Y", "%d-%m-%Y"),
            date("\\d{1,2}\\.\\d{1,2}\\.\\d{4}", "%d.%m.%Y"),
            date("\\d{1,2}\\.\\d{1,2}\\.\\d{2}", "%d.%m.%y"),
            date("\\d{1,2}-[A-Za-z]{3}-\\d{4}", "%d-%b-%Y"),
            date("\\d{1,2}-[A-Za-z]{3}-\\d{2}", "%d-%b-%y"),
            date("\\d{1,2} [A-Za-z]{3} \\d{4}", "%d %b %Y"),
            date("\\d{1,2} [A-Za-z]{4,9} \\d{4}", "%d %B %Y"),
            date("[A-Za-z]{3} \\d{1,2}, \\d{4}", "%b %d, %Y"),
            date("[A-Za-z]{4,9} \\d{1,2}, \\d{4}", "%B %d, %Y"),
            dmTimestamp("\\d{1,2}/\\d{1,2}/\\d{4} \\d{1,2}:\\d{2}", "%m/%d/%Y %H:%M", "%d/%m/%Y %H:%M"),
            dmTimestamp("\\d{1,2}/\\d{1,2}/\\d{4} \\d{1,2}:\\d{2}:\\d{2}", "%m/%d/%Y %H:%M:%S", "%d/%m/%Y %H:%M:%S"),
            dmTimestamp("\\d{1,2}/\\d{1,2}/\\d{2} \\d{1,2}:\\d{2}", "%m/%d/%y %H:%M", "%d/%m/%y %H:%M"),
            timestamp("\\d{1,2}/\\d{1,2}/\\d{4} \\d{1,2}:\\d{2}\\s*[AaPp][Mm]", "%m/%d/%Y %I:%M %p"),
            timestamp("\\d{1,2}/\\d{1,2}/\\d{4} \\d{1,2}:\\d{2}:\\d{2}\\s*[AaPp][Mm]", "%m/%d/%Y %I:%M:%S %p"),
            timestamp("\\d{1,2}\\.\\d{1,2}\\.\\d{4} \\d{1,2}:\\d{2}", "%d.%m.%Y %H:%M"),
            timestamp("\\d{1,2}\\.\\d{1,2}\\.\\d{4} \\d{1,2}:\\d{2}:\\d{2}", "%d.%m.%Y %H:%M:%S"),
            timestamp("\\d{4}/\\d{1,2}/\\d{1,2} \\d{1,2}:\\d{2}:\\d{2}", "%Y/%m/%d %H:%M:%S"));

    private static Layout date(String regex, String format) {
        return new Layout(ColumnType.DATE, Pattern.compile(regex), List.of(format), false);
    }

    private static Layout dmDate(String regex, String monthFirst, String dayFirst) {
        return new Layout(ColumnType.DATE, Pattern.compile(regex), List.of(monthFirst, dayFirst), true);
    }

    private static Layout timestamp(String regex, String format) {
        return new Layout(ColumnType.TIMESTAMP, Pattern.compile(regex), List.of(format), false);
    }

    private static Layout dmTimestamp(String regex, String monthFirst, String dayFirst) {
        return new Layout(ColumnType.TIMESTAMP, Pattern.compile(regex), List.of(monthFirst, dayFirst), true);
    }

    /**
     * A decision for one column. {@code verifyFormats} lists strptime formats to confirm against DuckDB (the best
     * is kept); it is empty when the decision needs no confirmation.
     */
    record Decision(ColumnType type, Conversion conversion, String format, String label, List<String> verifyFormats) {}

    private TypeInference() {}

    static boolean isMissingToken(String trimmed) {
        return trimmed.isEmpty() || Conversion.MISSING_TOKENS.contains(trimmed.toLowerCase(Locale.ROOT));
    }

    static Decision infer(Map<String, Integer> values, ColumnType forced) {
        return infer(values, forced, false);
    }

    /**
     * Infers the type of a column from its non-missing, trimmed sample values; {@code forced} (nullable) is a
     * type the user chose, for which only the best format is inferred.
     *
     * <p>A column decides its decimal mark as a whole. "489,048" reads either way; it follows the column's values
     * that read only one way ("16,2155" or "0,5": a decimal comma; "1,234.50" or "1,234,567": thousands). When the
     * column has none of those, {@code commaFile} decides: the file is ';'-separated or its other columns write
     * decimal commas.
     */
    static Decision infer(Map<String, Integer> values, ColumnType forced, boolean commaFile) {
        int n = 0;
        for (int w : values.values()) {
            n += w;
        }
        int integers = 0, decimals = 0, grouped = 0, longDigits = 0, currency = 0, percent = 0, decimalComma = 0;
        int booleans = 0, isoTimestamps = 0, isoTimes = 0, times12 = 0, withPoint = 0, commaThree = 0;
        var flagWords = new HashMap<String, Integer>(); // yes/no words as written, for the column's spelling
        var layoutCounts = new LinkedHashMap<Layout, int[]>(); // [matches, firstPartAbove12, secondPartAbove12]
        int unmatched = 0;
        values:
        for (var entry : values.entrySet()) {
            String v = entry.getKey();
            int w = entry.getValue();
            char c0 = v.charAt(0);
            boolean numericStart = Character.isDigit(c0) || c0 == '-' || c0 == '+' || c0 == '.';
            // no number or currency layout has a ':' or a '/': times and dates skip those patterns
            boolean dateOrTime = v.indexOf(':') >= 0 || v.indexOf('/') >= 0;
            if (numericStart && !dateOrTime) {
                int plain = plainNumber(v);
                if (plain == 1) {
                    integers += w;
                    decimals += w;
                    continue;
                }
                if (plain == 2) {
                    decimals += w;
                    withPoint += w;
                    continue;
                }
                if (INTEGER.matcher(v).matches()) {
                    integers += w;
                    decimals += w;
                    continue;
                }
                if (LONG_DIGITS.matcher(v).matches()) {
                    longDigits += w;
                    continue;
                }
                if (DECIMAL.matcher(v).matches()) {
                    decimals += w;
                    withPoint += v.indexOf('.') >= 0 ? w : 0;
                    continue;
                }
                if (COMMA_THREE.matcher(v).matches()) {
                    commaThree += w;
                    continue;
                }
                if (GROUPED.matcher(v).matches()) {
                    grouped += w;
                    withPoint += v.indexOf('.') >= 0 ? w : 0;
                    continue;
                }
                if (PERCENT.matcher(v).matches()) {
                    percent += w;
                    continue;
                }
                if (DECIMAL_COMMA.matcher(v).matches()) {
                    decimalComma += w;
                    continue;
                }
            }
            if (v.length() <= 5 && BooleanColumn.word(v) != null) {
                booleans += w;
                flagWords.merge(v, w, Integer::sum);
                continue;
            }
            if (!dateOrTime && CURRENCY.matcher(v).matches()) {
                currency += w;
                continue;
            }
            if (v.indexOf(':') > 0) {
                if (ISO_TIMESTAMP.matcher(v).matches()) {
                    isoTimestamps += w;
                    continue;
                }
                if (ISO_TIME.matcher(v).matches()) {
                    isoTimes += w;
                    continue;
                }
                if (TIME_12H.matcher(v).matches()) {
                    times12 += w;
                    continue;
                }
            }
            if (mayBeDate(v)) {
                for (Layout layout : LAYOUTS) {
                    if (layout.pattern().matcher(v).matches()) {
                        int[] counts = layoutCounts.computeIfAbsent(layout, k -> new int[3]);
                        counts[0] += w;
                        if (layout.dayMonthAmbiguous()) {
                            String[] parts = v.split("[/ .:-]");
                            counts[1] += Integer.parseInt(parts[0]) > 12 ? w : 0;
                            counts[2] += Integer.parseInt(parts[1]) > 12 ? w : 0;
                        }
                        continue values;
                    }
                }
            }
            unmatched += w;
            if (forced == null && unmatched > n - Math.ceil(COVERAGE * n)) {
                break; // too many values fit no type: the column is text, whatever the rest holds
            }
        }
        if (n == 0) {
            ColumnType type = forced == null ? ColumnType.TEXT : forced;
            return stringOrForced(type);
        }
        double need = Math.ceil(COVERAGE * n);
        if (grouped == 0 && withPoint == 0 && (decimalComma > 0 || commaFile)) {
            decimalComma += commaThree;
        } else {
            grouped += commaThree;
        }
        int plainNumbers = decimals + grouped;
        if (forced == null || forced.isNumeric()) {
            // a column of 16+ digit values is identifiers (card numbers); one such value among quantities is a
            // value that does not fit (a typo), not a reason to make the whole column text
            if (forced == null && longDigits > n - need && longDigits + decimals >= need) {
                return new Decision(
                        ColumnType.TEXT, Conversion.STRING, "identifier", "digits too long for a number", List.of());
            }
            if (plainNumbers >= need) {
                // "1e+05" is a whole number written by a program; "12.0" was written as a decimal on purpose
                boolean allIntegers = withPoint == 0;
                ColumnType t = forced != null ? forced : (allIntegers ? ColumnType.INTEGER : ColumnType.DECIMAL);
                return new Decision(t, Conversion.NUMBER, grouped > 0 ? "thousands separator" : "", "", List.of());
            }
            if (currency > 0 && currency + plainNumbers >= need) {
                return new Decision(ColumnType.DECIMAL, Conversion.CURRENCY, "currency", "", List.of());
            }
            if (percent > 0 && percent + plainNumbers >= need) {
                return new Decision(ColumnType.DECIMAL, Conversion.PERCENT, "percent", "", List.of());
            }
            if (decimalComma > 0 && decimalComma + integers >= need) {
                return new Decision(ColumnType.DECIMAL, Conversion.DECIMAL_COMMA, "decimal comma", "", List.of());
            }
            if (forced != null) {
                return new Decision(forced, Conversion.NUMBER, "", "", List.of());
            }
        }
        if (forced == ColumnType.BOOLEAN || (forced == null && booleans >= need)) {
            return new Decision(ColumnType.BOOLEAN, Conversion.BOOLEAN, spelling(flagWords), "", List.of());
        }
        if (forced == null || forced.isTemporal()) {
            Decision temporal = temporal(forced, need, isoTimestamps, isoTimes, times12, layoutCounts);
            if (temporal != null) {
                return temporal;
            }
        }
        return stringOrForced(forced == null ? ColumnType.CATEGORICAL : forced);
    }

    private static final java.util.Set<String> MONTHS =
            java.util.Set.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");

    /** Cheap test before the date layouts: starts with a digit, or with a month's name. */
    private static boolean mayBeDate(String v) {
        if (v.length() < 6 || v.length() > 32) {
            return false;
        }
        char c = v.charAt(0);
        if (c >= '0' && c <= '9') {
            return true;
        }
        return MONTHS.contains(v.substring(0, 3).toLowerCase(Locale.ROOT));
    }

    /**
     * The common cases without a regular expression: 1 for a plain integer ("-42", at most 15 digits, no leading
     * zero), 2 for a plain decimal ("3.25", "0.5"), 0 for anything else (which the patterns then judge).
     */
    static int plainNumber(String v) {
        int i = 0;
        int n = v.length();
        if (v.charAt(0) == '-' || v.charAt(0) == '+') {
            i++;
        }
        int intStart = i;
        while (i < n && v.charAt(i) >= '0' && v.charAt(i) <= '9') {
            i++;
        }
        int intDigits = i - intStart;
        if (intDigits == 0 || intDigits > 15 || (intDigits > 1 && v.charAt(intStart) == '0')) {
            return 0;
        }
        if (i == n) {
            return 1;
        }
        if (v.charAt(i) != '.') {
            return 0;
        }
        i++;
        int fracStart = i;
        while (i < n && v.charAt(i) >= '0' && v.charAt(i) <= '9') {
            i++;
        }
        return i == n && i > fracStart ? 2 : 0;
    }

    /**
     * How a flag column writes true and false, {@code Yes/No} say: its most frequent word for each (the other one
     * matched to it when the sample holds only one side). Empty for {@code true/false}, the plain spelling.
     */
    static String spelling(Map<String, Integer> words) {
        String yes = mostFrequent(words, BooleanColumn.TRUE_WORDS);
        String no = mostFrequent(words, BooleanColumn.FALSE_WORDS);
        if (yes == null && no == null) {
            return "";
        }
        yes = yes != null ? yes : partner(no);
        no = no != null ? no : partner(yes);
        String spelled = yes + "/" + no;
        return spelled.equals("true/false") ? "" : spelled;
    }

    private static String mostFrequent(Map<String, Integer> words, Set<String> kind) {
        return words.entrySet().stream()
                .filter(e -> kind.contains(e.getKey().toLowerCase(Locale.ROOT)))
                .max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey)
                .orElse(null);
    }

    /** The opposite word in the same letter case: Yes -> No, TRUE -> FALSE, y -> n. */
    private static String partner(String word) {
        String other = PARTNERS.get(word.toLowerCase(Locale.ROOT));
        if (word.equals(word.toUpperCase(Locale.ROOT)) && !word.equals(word.toLowerCase(Locale.ROOT))) {
            return other.toUpperCase(Locale.ROOT);
        }
        if (Character.isUpperCase(word.charAt(0))) {
            return Character.toUpperCase(other.charAt(0)) + other.substring(1);
        }
        return other;
    }

    private static Decision stringOrForced(ColumnType type) {
        return switch (type) {
            case INTEGER, DECIMAL -> new Decision(type, Conversion.NUMBER, "", "", List.of());
            case BOOLEAN -> new Decision(type, Conversion.BOOLEAN, "", "", List.of());
            case DATE -> new Decision(type, Conversion.DATE_FORMAT, "%Y-%m-%d", "", List.of("%Y-%m-%d"));
            case TIMESTAMP -> new Decision(type, Conversion.TIMESTAMP_ISO, "", "", List.of());
            case TIME -> new Decision(type, Conversion.TIME_ISO, "", "", List.of());
            case CATEGORICAL, TEXT -> new Decision(type, Conversion.STRING, "", "", List.of());
        };
    }

    private static Decision temporal(
            ColumnType forced, double need, int isoTimestamps, int isoTimes, int times12, Map<Layout, int[]> layouts) {
        // A date layout first: an ISO date also parses as a timestamp at midnight, but a person calls it a date.
        Layout best = null;
        int bestCount = 0;
        for (var e : layouts.entrySet()) {
            if (e.getValue()[0] > bestCount) {
                best = e.getKey();
                bestCount = e.getValue()[0];
            }
        }
        if (best != null
                && best.type() == ColumnType.DATE
                && bestCount >= need
                && forced != ColumnType.TIMESTAMP
                && forced != ColumnType.TIME) {
            return new Decision(ColumnType.DATE, Conversion.DATE_FORMAT, "", "", orderFormats(best, layouts.get(best)));
        }
        if (isoTimestamps
                                + (best != null
                                                && best.type() == ColumnType.DATE
                                                && best.formats().getFirst().startsWith("%Y-")
                                        ? bestCount
                                        : 0)
                        >= need
                && forced != ColumnType.TIME) {
            return new Decision(ColumnType.TIMESTAMP, Conversion.TIMESTAMP_ISO, "ISO 8601", "", List.of());
        }
        if (best != null && best.type() == ColumnType.TIMESTAMP && bestCount >= need && forced != ColumnType.TIME) {
            return new Decision(
                    ColumnType.TIMESTAMP, Conversion.TIMESTAMP_FORMAT, "", "", orderFormats(best, layouts.get(best)));
        }
        if (isoTimes >= need) {
            return new Decision(ColumnType.TIME, Conversion.TIME_ISO, "", "", List.of());
        }
        if (times12 >= need) {
            return new Decision(
                    ColumnType.TIME, Conversion.TIME_FORMAT, "%I:%M %p", "", List.of("%I:%M %p", "%I:%M:%S %p"));
        }
        if (forced != null && best != null) {
            Conversion c = forced == ColumnType.DATE ? Conversion.DATE_FORMAT : Conversion.TIMESTAMP_FORMAT;
            return new Decision(forced, c, "", "", orderFormats(best, layouts.get(best)));
        }
        return null;
    }

    /** For a day/month-ambiguous layout, the formats the values allow, most plausible first. */
    private static List<String> orderFormats(Layout layout, int[] counts) {
        if (!layout.dayMonthAmbiguous()) {
            return layout.formats();
        }
        String monthFirst = layout.formats().get(0);
        String dayFirst = layout.formats().get(1);
        boolean firstAbove12 = counts[1] > 0;
        boolean secondAbove12 = counts[2] > 0;
        var out = new ArrayList<String>(2);
        if (firstAbove12 && !secondAbove12) {
            out.add(dayFirst);
        } else if (secondAbove12 && !firstAbove12) {
            out.add(monthFirst);
        } else {
            out.add(monthFirst);
            out.add(dayFirst);
        }
        return out;
    }
}
