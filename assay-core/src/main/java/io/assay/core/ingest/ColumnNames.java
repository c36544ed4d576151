package io.assay.core.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Makes header names usable: trimmed, non-empty and unique ignoring case (DuckDB, like most SQL engines, does not
 * distinguish "Total" from "total"); every change is reported.
 */
final class ColumnNames {

    private ColumnNames() {}

    static List<String> unique(List<String> raw, List<IngestReport.ColumnRename> renames) {
        var out = new ArrayList<String>(raw.size());
        var used = new java.util.HashMap<String, String>(); // lower-case name -> the name that took it
        for (int i = 0; i < raw.size(); i++) {
            String original = raw.get(i) == null ? "" : raw.get(i);
            String name = original.trim().replace('\u0000', ' ');
            String reason = null;
            if (name.isEmpty()) {
                name = "column_" + (i + 1);
                reason = "has no name";
            }
            String base = name;
            for (int k = 2; used.containsKey(name.toLowerCase(Locale.ROOT)); k++) {
                if (reason == null) {
                    reason = "repeats the name '" + used.get(name.toLowerCase(Locale.ROOT)) + "'";
                }
                name = base + "_" + k;
            }
            used.put(name.toLowerCase(Locale.ROOT), name);
            if (reason != null) {
                renames.add(new IngestReport.ColumnRename(i, original, name, reason));
            }
            out.add(name);
        }
        return out;
    }
}
