package io.assay.leakage;

import io.assay.core.error.AssayException;
import java.util.List;

/**
 * A file that lacks a column its domain needs: none of its columns is named like the canonical column or one of its
 * synonyms, and no explicit mapping names one. The message says what was tried and how to map a column by hand.
 */
public final class MissingColumnException extends AssayException {

    private final String domain;
    private final String column;
    private final List<String> tried;
    private final List<String> available;

    public MissingColumnException(String domain, String column, List<String> tried, List<String> available) {
        super(domain + " analysis needs a '" + column + "' column, but none of the file's columns is named "
                + String.join(", ", tried) + " (map one with --map " + column + "=COLUMN); the file has: "
                + preview(available));
        this.domain = domain;
        this.column = column;
        this.tried = List.copyOf(tried);
        this.available = List.copyOf(available);
    }

    private static String preview(List<String> names) {
        return names.size() <= 15
                ? String.join(", ", names)
                : String.join(", ", names.subList(0, 15)) + " … (" + names.size() + " columns)";
    }

    public String domain() {
        return domain;
    }

    public String column() {
        return column;
    }

    public List<String> tried() {
        return tried;
    }

    public List<String> available() {
        return available;
    }

    @Override
    public String code() {
        return "missing-column";
    }
}
