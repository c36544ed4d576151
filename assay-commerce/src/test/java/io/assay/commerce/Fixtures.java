package io.assay.commerce;

import io.assay.core.Progress;
import io.assay.core.sql.DuckEngine;
import io.assay.testkit.SharedData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One engine for the module's tests and the shared order data they read. */
final class Fixtures {

    static final DuckEngine ENGINE = DuckEngine.open(new DuckEngine.Options(2, "2GB", null));

    private Fixtures() {}

    /** The real 64-user Instacart sample, prior and train lines, with the real catalogue. */
    static OrderData mini64() {
        Path dir = SharedData.file("instacart/mini64");
        Path catalogue = SharedData.file("instacart");
        var source = new OrderSource.Instacart(
                dir.resolve("orders.csv"),
                List.of(dir.resolve("order_products__prior.csv"), dir.resolve("order_products__train.csv")),
                catalogue.resolve("products.csv"),
                catalogue.resolve("departments.csv"),
                catalogue.resolve("aisles.csv"),
                null,
                null);
        return OrderData.load(ENGINE, source, Progress.NONE);
    }

    static Path reference(String relative) {
        return SharedData.file("instacart/reference/" + relative);
    }

    /** A small CSV as a list of rows keyed by header (values as text). */
    static List<Map<String, String>> csv(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            String[] header = split(lines.getFirst());
            var out = new ArrayList<Map<String, String>>();
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = split(line);
                var row = new LinkedHashMap<String, String>();
                for (int k = 0; k < header.length; k++) {
                    row.put(header[k], k < cells.length ? cells[k] : "");
                }
                out.add(row);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Splits one CSV line with double-quoted fields. */
    static String[] split(String line) {
        var cells = new ArrayList<String>();
        var cur = new StringBuilder();
        boolean quoted = false;
        for (int k = 0; k < line.length(); k++) {
            char ch = line.charAt(k);
            if (ch == '"') {
                if (quoted && k + 1 < line.length() && line.charAt(k + 1) == '"') {
                    cur.append('"');
                    k++;
                } else {
                    quoted = !quoted;
                }
            } else if (ch == ',' && !quoted) {
                cells.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        cells.add(cur.toString());
        return cells.toArray(new String[0]);
    }

    /** Per user, the products of their Instacart {@code train} order. */
    static Map<String, java.util.Set<String>> trainBaskets(Path dir) {
        var out = new java.util.HashMap<String, java.util.Set<String>>();
        try (var db = new io.assay.core.sql.SqlSession(ENGINE)) {
            db.queryOrFail(
                    "SELECT CAST(o.user_id AS VARCHAR), CAST(l.product_id AS VARCHAR) FROM read_csv("
                            + io.assay.core.sql.Sql.str(
                                    dir.resolve("order_products__train.csv.gz").toString())
                            + ") l JOIN read_csv("
                            + io.assay.core.sql.Sql.str(
                                    dir.resolve("orders.csv.gz").toString())
                            + ") o USING (order_id)",
                    rs -> {
                        while (rs.next()) {
                            out.computeIfAbsent(rs.getString(1), u -> new java.util.HashSet<>())
                                    .add(rs.getString(2));
                        }
                        return null;
                    });
        }
        return out;
    }

    /** A reference metric file ({@code metric,value}) as a map. */
    static Map<String, String> metrics(Path file) {
        var out = new LinkedHashMap<String, String>();
        for (var row : csv(file)) {
            out.put(row.get("metric"), row.get("value"));
        }
        return out;
    }
}
