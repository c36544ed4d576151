package io.assay.core.table;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Recognises column names that name identifiers (invoice numbers, customer ids, codes) rather than quantities. */
public final class Identifiers {

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
