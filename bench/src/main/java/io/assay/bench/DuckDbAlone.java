package io.assay.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What DuckDB alone takes on a CSV, the floor under Assay's ingest + profile: its own typed load, its own
 * {@code SUMMARIZE}, and one streaming aggregate over the file (counts, range, mean, spread, approximate distinct and
 * quartiles) without storing it. Prints one line per statement and run.
 *
 * <pre>java -cp ... io.assay.bench.DuckDbAlone FILE [RUNS]</pre>
 */
public final class DuckDbAlone {

    private DuckDbAlone() {}

    public static void main(String[] args) throws SQLException {
        String file = args[0].replace("'", "''");
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
            String read = "read_csv('" + file + "')";
            var statements = new ArrayList<String>();
            statements.add("CREATE OR REPLACE TABLE t AS SELECT * FROM " + read);
            statements.add("SUMMARIZE t");
            statements.add(onePass(c, read));
            for (String sql : statements) {
                for (int i = 0; i < runs; i++) {
                    long start = System.nanoTime();
                    try (var s = c.createStatement()) {
                        s.execute(sql);
                    }
                    System.out.printf(
                            Locale.ROOT,
                            "%.3f s  %s%n",
                            (System.nanoTime() - start) / 1e9,
                            sql.length() > 70 ? sql.substring(0, 70) + "…" : sql);
                }
            }
        }
    }

    private static String onePass(Connection c, String read) throws SQLException {
        var columns = new ArrayList<List<String>>();
        try (var s = c.createStatement();
                var r = s.executeQuery("DESCRIBE SELECT * FROM " + read)) {
            while (r.next()) {
                columns.add(List.of(r.getString(1), r.getString(2)));
            }
        }
        var sql = new StringBuilder("SELECT count(*)");
        for (var column : columns) {
            String n = "\"" + column.get(0).replace("\"", "\"\"") + "\"";
            sql.append(", count(")
                    .append(n)
                    .append("), approx_count_distinct(")
                    .append(n)
                    .append(")");
            sql.append(", min(").append(n).append("), max(").append(n).append(")");
            if (column.get(1).equals("BIGINT") || column.get(1).equals("DOUBLE")) {
                sql.append(", avg(").append(n).append("), stddev(").append(n).append(")");
                sql.append(", reservoir_quantile(").append(n).append(", [0.25, 0.5, 0.75])");
            }
        }
        return sql.append(" FROM ").append(read).toString();
    }
}
