package io.assay.leakage.generator;

import io.assay.core.error.InvalidOptionException;
import io.assay.core.io.CsvWriter;
import io.assay.core.sql.DuckEngine;
import io.assay.core.sql.Sql;
import io.assay.core.sql.SqlSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Labelled data for the leakage domains: realistic retail sales lines ({@link RetailData}) or telecom billing
 * records ({@link TelecomData}) with a known share of injected leaks, written as a CSV or Parquet file (by the name's
 * extension; any other is refused) and a truth file beside it in the same format ({@code sales.csv} →
 * {@code sales.truth.csv}, {@code sales.parquet} → {@code sales.truth.parquet}: {@code row_index,type,revenue_impact,
 * detail}, one row per leaking row). The same seed gives the same rows.
 *
 * <pre>{@code
 * Generated g = LeakGenerator.generate("retail", 100_000, 0.05, 7, Path.of("sales.parquet"));
 * }</pre>
 */
public final class LeakGenerator {

    /** Most rows one call writes. */
    public static final int MAX_ROWS = 50_000_000;

    /**
     * What was written.
     *
     * @param leaks leaking rows per type
     * @param revenueAtRisk the truth's total impact
     */
    public record Generated(Path data, Path truth, long rows, Map<String, Long> leaks, double revenueAtRisk) {
        public Generated {
            leaks = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(leaks));
        }
    }

    /** One row of a truth file. */
    public record Truth(long rowIndex, String type, double revenueImpact, String detail) {}

    private LeakGenerator() {}

    /** The domains the generator knows (the built-in packs). */
    public static List<String> domains() {
        return List.of("retail", "telecom");
    }

    /** Default-shaped data of {@code domain} ({@code retail}, alias {@code supermarket}, or {@code telecom}). */
    public static Generated generate(String domain, int rows, double leakRate, long seed, Path out) {
        String d = domain == null ? "" : domain.trim().toLowerCase(Locale.ROOT);
        return switch (d) {
            case "retail", "supermarket" -> retail(RetailData.Spec.defaults(), rows, leakRate, seed, out);
            case "telecom" -> telecom(TelecomData.Spec.defaults(), rows, leakRate, seed, out);
            default -> throw new InvalidOptionException("domain", domain, "the generator knows retail and telecom");
        };
    }

    public static Generated retail(RetailData.Spec spec, int rows, double leakRate, long seed, Path out) {
        check(rows, leakRate);
        checkName(out);
        return write(out, sink -> new RetailData(spec, seed).generate(rows, leakRate, sink));
    }

    public static Generated telecom(TelecomData.Spec spec, int rows, double leakRate, long seed, Path out) {
        check(rows, leakRate);
        checkName(out);
        return write(out, sink -> new TelecomData(spec, seed).generate(rows, leakRate, sink));
    }

    /** The truth file written beside {@code data}: {@code NAME.truth.parquet} beside a Parquet file, else CSV. */
    public static Path truthFile(Path data) {
        String name = data.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        return data.resolveSibling(stem + ".truth." + (isParquet(data) ? "parquet" : "csv"));
    }

    private static boolean isParquet(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".parquet");
    }

    /** Refuses, before any work, a data file name that is neither {@code .csv} nor {@code .parquet}. */
    private static void checkName(Path out) {
        String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".csv") && !name.endsWith(".parquet")) {
            throw new InvalidOptionException(
                    "output file", out, "the generator writes .csv or .parquet files; name it so");
        }
    }

    private static void check(int rows, double leakRate) {
        if (rows < 1 || rows > MAX_ROWS) {
            throw new InvalidOptionException("rows", rows, "must be between 1 and " + MAX_ROWS);
        }
        if (!(leakRate >= 0 && leakRate <= 0.5)) {
            throw new InvalidOptionException("leak rate", leakRate, "must be between 0 and 0.5");
        }
    }

    private static Generated write(Path out, java.util.function.Consumer<Sink> body) {
        if (!isParquet(out)) {
            return writeCsv(out, truthFile(out), body);
        }
        // CSV first (the generators write text rows), then DuckDB types and writes the Parquet files
        Path dataCsv = out.resolveSibling("." + out.getFileName() + ".generating.csv");
        Path truthCsv = out.resolveSibling("." + out.getFileName() + ".generating.truth.csv");
        // both Parquet files are written under temporary names and put in place together: a failure leaves any
        // earlier pair of files as it was, never a data file without its truth
        Path dataParquet = out.resolveSibling("." + out.getFileName() + ".generating.parquet");
        Path truthParquet = out.resolveSibling("." + out.getFileName() + ".generating.truth.parquet");
        try {
            Generated g = writeCsv(dataCsv, truthCsv, body);
            Path truth = truthFile(out);
            try (DuckEngine engine = DuckEngine.open(new DuckEngine.Options(2, "1GB", null));
                    SqlSession db = new SqlSession(engine)) {
                toParquet(db, dataCsv, dataParquet);
                toParquet(db, truthCsv, truthParquet);
            }
            try {
                java.nio.file.Files.move(truthParquet, truth, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                java.nio.file.Files.move(dataParquet, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (java.io.IOException e) {
                throw new InvalidOptionException("output file", out, "cannot be written: " + e.getMessage());
            }
            return new Generated(out, truth, g.rows(), g.leaks(), g.revenueAtRisk());
        } finally {
            deleteQuietly(dataCsv);
            deleteQuietly(truthCsv);
            deleteQuietly(dataParquet);
            deleteQuietly(truthParquet);
        }
    }

    private static void toParquet(SqlSession db, Path csv, Path parquet) {
        try {
            db.execute("COPY (SELECT * FROM read_csv(" + Sql.str(csv.toString())
                    + ", header = true, sample_size = -1)) TO " + Sql.str(parquet.toString()) + " (FORMAT parquet)");
        } catch (SQLException e) {
            throw new InvalidOptionException(
                    "output file", parquet, "cannot be written: " + SqlSession.firstLine(e.getMessage()));
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover temporary file is harmless and hidden; the result is already written or the error thrown
        }
    }

    private static Generated writeCsv(Path out, Path truthPath, java.util.function.Consumer<Sink> body) {
        var leaks = new LinkedHashMap<String, Long>();
        double[] total = {0};
        long[] rows = {0};
        try (var data = new CsvWriter(out);
                var truth = new CsvWriter(truthPath)) {
            truth.row(List.of("row_index", "type", "revenue_impact", "detail"));
            body.accept(new Sink() {
                @Override
                public void header(List<String> columns) {
                    data.row(columns);
                }

                @Override
                public void row(List<String> cells) {
                    data.row(cells);
                    rows[0]++;
                }

                @Override
                public void leak(int row, String type, double impact, String detail) {
                    truth.row(new ArrayList<>(List.of(Integer.toString(row), type, Double.toString(impact), detail)));
                    leaks.merge(type, 1L, Long::sum);
                    total[0] += impact;
                }
            });
        }
        return new Generated(out, truthPath, rows[0], leaks, Math.round(total[0] * 100) / 100.0);
    }
}
