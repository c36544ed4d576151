package io.assay.core.table;

import java.util.Locale;
import java.util.Set;
import java.util.function.LongUnaryOperator;
import java.util.regex.Pattern;

/**
 * Recognises identifier columns (invoice numbers, customer ids, codes): labels a person counts and looks up, never
 * adds or averages. The one rule behind the pipeline leaving such columns out of features, the profile describing them
 * as identifiers and the data-quality score checking nearly unique ones as keys.
 */
public final class Identifiers {

    /**
     * A column named like an identifier with at most this many distinct values is a code list (a store, a plan, an
     * area code), useful as a category, unless nearly every value is distinct.
     */
    public static final int CODE_LIST_MAX = 50;

    /** Share of distinct values among the present ones from which a column is nearly unique (a key). */
    private static final double NEARLY_UNIQUE = 0.95;

    private static final Pattern CAMEL = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])");
    private static final Pattern SEPARATORS = Pattern.compile("[^A-Za-z0-9]+");
    private static final Set<String> LAST_WORDS = Set.of(
            "id",
            "ids",
            "no",
            "nr",
            "num",
            "number",
            "code",
            "key",
            "ref",
            "reference",
            "sku",
            "uuid",
            "guid",
            "barcode",
            "ean",
            "upc",
            "zip",
            "postcode",
            "msisdn",
            "iban");

    private Identifiers() {}

    /**
     * Whether a column holds identifiers: it is named like one ({@link #looksLikeIdentifier}), its type holds labels
     * (whole numbers, categories, text; never amounts, flags or dates), and it has more than {@link #CODE_LIST_MAX}
     * distinct values or nearly every value is distinct (the key of a small table).
     *
     * @param present non-missing values in the column
     * @param distinctUpTo the number of distinct values, counted at least up to its argument (callers may stop
     *     counting there); asked only when the name and type fit
     */
    public static boolean isIdentifier(String name, ColumnType type, long present, LongUnaryOperator distinctUpTo) {
        if (present == 0
                || !(type == ColumnType.INTEGER || type == ColumnType.CATEGORICAL || type == ColumnType.TEXT)
                || !looksLikeIdentifier(name)) {
            return false;
        }
        long distinct = distinctUpTo.applyAsLong(CODE_LIST_MAX + 1);
        return distinct > CODE_LIST_MAX || isNearlyUnique(distinct, present);
    }

    /** Whether {@code distinct} values among {@code present} ones make a column nearly unique. */
    public static boolean isNearlyUnique(long distinct, long present) {
        return present > 0 && distinct >= NEARLY_UNIQUE * present;
    }

    /** True for names like {@code InvoiceNo}, {@code customer_id}, {@code Postal Code}, {@code SKU}. */
    public static boolean looksLikeIdentifier(String columnName) {
        String spaced = SEPARATORS
                .matcher(CAMEL.matcher(columnName.trim()).replaceAll(" "))
                .replaceAll(" ")
                .trim();
        if (spaced.isEmpty()) {
            return false;
        }
        String[] words = spaced.toLowerCase(Locale.ROOT).split(" ");
        String last = words[words.length - 1];
        return LAST_WORDS.contains(last)
                || (last.endsWith("id") && last.length() > 3 && words.length == 1 && columnName.endsWith("ID"));
    }
}
