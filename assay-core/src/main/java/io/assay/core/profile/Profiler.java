package io.assay.core.profile;

import io.assay.core.Background;
import io.assay.core.Progress;
import io.assay.core.error.InternalException;
import io.assay.core.error.InvalidOptionException;
import io.assay.core.ingest.Dataset;
import io.assay.core.ingest.IngestReport;
import io.assay.core.sql.SafeExpression;
import io.assay.core.sql.Sql;
import io.assay.core.sql.SqlSession;
import io.assay.core.table.Field;
import io.assay.core.table.Identifiers;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.FutureTask;

/**
 * Profiles a {@link Dataset} inside DuckDB: a handful of vectorised passes over the typed table compute every
 * column's statistics, top values, outliers and the data-quality score, so a file larger than the Java heap is
 * profiled without being loaded into it.
 *
 * <pre>{@code
 * TableProfile profile = Profiler.profile(dataset, Profiler.Options.defaults(), Progress.NONE);
 * profile.quality().grade();
 * }</pre>
 */
public final class Profiler {

    /**
     * @param topValues most frequent values listed per column
     * @param examples example values listed per column
     * @param exactUpTo tables up to this many rows get exact distinct counts and quantiles; larger ones estimates
     * @param checks cross-column consistency checks, as expressions over the columns (e.g. {@code "Total" = cogs + "Tax 5%"})
     * @param keys columns that should be unique (besides identifier columns that are nearly unique)
     */
    public record Options(int topValues, int examples, long exactUpTo, List<String> checks, List<String> keys) {

        public Options {
            if (topValues < 0 || topValues > 1000) {
                throw new InvalidOptionException("top values", topValues, "must be between 0 and 1000");
            }
            if (examples < 0 || examples > 100) {
                throw new InvalidOptionException("examples", examples, "must be between 0 and 100");
            }
            if (exactUpTo < 0) {
                throw new InvalidOptionException("exact up to", exactUpTo, "must not be negative");
            }
            checks = checks == null ? List.of() : List.copyOf(checks);
            keys = keys == null ? List.of() : List.copyOf(keys);
        }

        public static Options defaults() {
            return new Options(10, 5, 100_000, List.of(), List.of());
        }

        public Options withChecks(List<String> expressions) {
            return new Options(topValues, examples, exactUpTo, expressions, keys);
        }

        public Options withKeys(List<String> columns) {
            return new Options(topValues, examples, exactUpTo, checks, columns);
        }
    }

    private static final double[] QUANTILES = {0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99};

    private Profiler() {}

    public static TableProfile profile(Dataset dataset, Options options, Progress progress) {
        long start = System.nanoTime();
        try (SqlSession db = dataset.session()) {
            var run = new Run(db, dataset, options, progress);
            var columns = run.columns();
            progress.update("scoring data quality", 0.9);
            var quality = run.quality(columns);
            progress.update("profiled", 1.0);
            return new TableProfile(
                    dataset.rowCount(), columns, quality, dataset.report(), (System.nanoTime() - start) / 1e9);
        } catch (SQLException e) {
            throw new InternalException("profiling failed: " + SqlSession.firstLine(e.getMessage()), e);
        }
    }

    public static TableProfile profile(Dataset dataset, Options options) {
        return profile(dataset, options, Progress.NONE);
    }

    /** One profiling run over one dataset. */
    private static final class Run {
        private final SqlSession db;
        private final Dataset ds;
        private final Options options;
        private final Progress progress;
        private final List<Field> fields;
        private final boolean exact;
        private final String t;
        private Counted uniqueness;
        /** Per column: whether it holds identifiers (set from the summary, before any other pass starts). */
        private boolean[] identifier;

        Run(SqlSession db, Dataset ds, Options options, Progress progress) {
            this.db = db;
            this.ds = ds;
            this.options = options;
            this.progress = progress;
            this.fields = ds.schema().fields();
            this.exact = ds.rowCount() <= options.exactUpTo();
            this.t = ds.relation();
        }

        List<ColumnProfile> columns() throws SQLException {
            progress.update("profiling columns", 0.1);
            Map<String, Object> summary = summary();
            identifier = new boolean[fields.size()];
            for (int i = 0; i < fields.size(); i++) {
                long distinct = (Long) summary.get("d" + i);
                identifier[i] = Identifiers.isIdentifier(
                        fields.get(i).name(), fields.get(i).type(), (Long) summary.get("n" + i), cap -> distinct);
            }
            // Value counts, examples and uniqueness need only the summary: they run on a second connection while
            // this one computes the order statistics and then the outliers that depend on them.
            var counting = new FutureTask<Counted>(() -> {
                try (SqlSession side = ds.session()) {
                    return counted(side, summary);
                }
            });
            Thread.ofPlatform().name("assay-profile-counts").daemon().start(counting);
            Map<String, Object> basic = new HashMap<>(summary);
            Map<String, Object> outliers;
            try {
                basic.putAll(sampled());
                progress.update("finding outliers", 0.4);
                outliers = outliers(basic);
            } catch (SQLException | RuntimeException e) {
                // the second connection finishes its statement before the caller may close the dataset under it
                try {
                    Background.joined(counting, SQLException.class);
                } catch (SQLException | RuntimeException second) {
                    e.addSuppressed(second);
                }
                throw e;
            }
            progress.update("counting values", 0.6);
            Counted counted = Background.joined(counting, SQLException.class);
            this.uniqueness = counted;
            Map<Integer, List<ColumnProfile.ValueCount>> top = counted.top();
            Map<Integer, List<String>> examples = counted.examples();
            Map<String, Long> invalid = new HashMap<>();
            for (IngestReport.ValueIssue v : ds.report().valueIssues()) {
                invalid.put(v.column(), v.count());
            }
            var out = new ArrayList<ColumnProfile>();
            for (int i = 0; i < fields.size(); i++) {
                Field f = fields.get(i);
                long count = (Long) basic.get("n" + i);
                long distinct = (Long) basic.get("d" + i);
                ColumnProfile.IdentifierSummary id = null;
                ColumnProfile.NumericSummary numeric = null;
                ColumnProfile.Outliers outl = null;
                ColumnProfile.Range range = null;
                ColumnProfile.TextLengths text = null;
                if (identifier[i]) {
                    id = new ColumnProfile.IdentifierSummary(
                            f.type().isNumeric() ? written(basic.get("min" + i)) : null,
                            f.type().isNumeric() ? written(basic.get("max" + i)) : null,
                            Math.min(1.0, (double) distinct / count));
                }
                if (f.type().isNumeric() && count > 0 && !identifier[i]) {
                    double[] q = (double[]) basic.get("q" + i);
                    numeric = new ColumnProfile.NumericSummary(
                            num(basic.get("min" + i)),
                            num(basic.get("max" + i)),
                            num(basic.get("mean" + i)),
                            num(basic.get("std" + i)),
                            num(basic.get("sum" + i)),
                            q[0],
                            q[1],
                            q[2],
                            q[3],
                            q[4],
                            q[5],
                            q[6],
                            (Long) basic.get("zeros" + i),
                            (Long) basic.get("neg" + i),
                            !exact);
                    outl = (ColumnProfile.Outliers) outliers.get("o" + i);
                } else if (f.type().isTemporal() && count > 0) {
                    range = new ColumnProfile.Range(
                            (String) basic.get("min" + i), (String) basic.get("max" + i), (String)
                                    basic.get("med" + i));
                } else if (f.type().isString() && count > 0) {
                    text = new ColumnProfile.TextLengths(
                            (Long) basic.get("lmin" + i), (Long) basic.get("lmax" + i), num(basic.get("lmean" + i)));
                }
                out.add(new ColumnProfile(
                        f.name(),
                        f.type(),
                        f.format(),
                        identifier[i] ? ColumnProfile.Role.IDENTIFIER : ColumnProfile.Role.ATTRIBUTE,
                        count,
                        ds.rowCount() - count,
                        invalid.getOrDefault(f.name(), 0L),
                        distinct,
                        !exact,
                        id,
                        numeric,
                        range,
                        text,
                        top.getOrDefault(i, List.of()),
                        outl,
                        examples.getOrDefault(i, List.of())));
            }
            return out;
        }

        /** A whole number as written in a file, without separators or a decimal point ({@code 12346}). */
        private static String written(Object o) {
            double v = num(o);
            if (Double.isNaN(v)) {
                return null;
            }
            return v == Math.rint(v) && Math.abs(v) < 0x1p63 ? Long.toString((long) v) : Double.toString(v);
        }

        private static double num(Object o) {
            return o == null ? Double.NaN : ((Number) o).doubleValue();
        }

        /**
         * Counts, distinct counts, moments and ranges: for a large table from the statistics ingest computed while
         * loading it (distinct counts are estimates there), for a small one exactly, in one pass.
         */
        private Map<String, Object> summary() throws SQLException {
            if (!exact) {
                var out = new HashMap<String, Object>();
                for (int i = 0; i < fields.size(); i++) {
                    var st = ds.stats(fields.get(i).name());
                    out.put("n" + i, st.count());
                    out.put("d" + i, st.distinct());
                    out.put("min" + i, fields.get(i).type().isTemporal() ? st.first() : st.min());
                    out.put("max" + i, fields.get(i).type().isTemporal() ? st.last() : st.max());
                    out.put("mean" + i, st.mean());
                    out.put("std" + i, st.std());
                    out.put("sum" + i, st.sum());
                    out.put("zeros" + i, st.zeros());
                    out.put("neg" + i, st.negatives());
                }
                return out;
            }
            var sql = new StringBuilder("SELECT count(*)");
            var readers = new ArrayList<Reader>();
            for (int i = 0; i < fields.size(); i++) {
                Field f = fields.get(i);
                String c = Sql.id(f.name());
                add(sql, readers, "count(" + c + ")", "n" + i, Kind.LONG);
                add(
                        sql,
                        readers,
                        (exact ? "count(DISTINCT " + c + ")" : "approx_count_distinct(" + c + ")"),
                        "d" + i,
                        Kind.LONG);
                if (f.type().isNumeric()) {
                    add(sql, readers, "min(" + c + ")::DOUBLE", "min" + i, Kind.DOUBLE);
                    add(sql, readers, "max(" + c + ")::DOUBLE", "max" + i, Kind.DOUBLE);
                    add(sql, readers, "avg(" + c + ")::DOUBLE", "mean" + i, Kind.DOUBLE);
                    add(sql, readers, "stddev_samp(" + c + ")::DOUBLE", "std" + i, Kind.DOUBLE);
                    add(sql, readers, "sum(" + c + ")::DOUBLE", "sum" + i, Kind.DOUBLE);
                    add(sql, readers, "count(*) FILTER (WHERE " + c + " = 0)", "zeros" + i, Kind.LONG);
                    add(sql, readers, "count(*) FILTER (WHERE " + c + " < 0)", "neg" + i, Kind.LONG);
                } else if (f.type().isTemporal()) {
                    add(sql, readers, "CAST(min(" + c + ") AS VARCHAR)", "min" + i, Kind.STRING);
                    add(sql, readers, "CAST(max(" + c + ") AS VARCHAR)", "max" + i, Kind.STRING);
                }
            }
            sql.append(" FROM ").append(t);
            return read(db, sql.toString(), readers, 2);
        }

        /**
         * Order statistics: quantiles, the median absolute deviation, temporal medians and text lengths. Exact up to
         * {@link Options#exactUpTo()} rows; beyond, exact over a systematic sample of about that many rows (every
         * k-th row: deterministic, unlike random sampling).
         */
        private Map<String, Object> sampled() throws SQLException {
            String quantiles = "["
                    + String.join(
                            ", ",
                            java.util.Arrays.stream(QUANTILES)
                                    .mapToObj(Double::toString)
                                    .toList()) + "]";
            var medians = new ArrayList<String>();
            var sql = new StringBuilder("SELECT 1");
            var readers = new ArrayList<Reader>();
            for (int i = 0; i < fields.size(); i++) {
                Field f = fields.get(i);
                String c = Sql.id(f.name());
                if (f.type().isNumeric() && !identifier[i]) {
                    medians.add("quantile_cont(" + c + "::DOUBLE, 0.5) AS m" + i);
                    add(sql, readers, "quantile_cont(" + c + "::DOUBLE, " + quantiles + ")", "q" + i, Kind.DOUBLES);
                    add(
                            sql,
                            readers,
                            "quantile_cont(abs(" + c + " - m" + i + "), 0.5)::DOUBLE",
                            "mad" + i,
                            Kind.DOUBLE);
                } else if (f.type().isTemporal()) {
                    add(sql, readers, "CAST(quantile_disc(" + c + ", 0.5) AS VARCHAR)", "med" + i, Kind.STRING);
                } else if (f.type().isString()) {
                    add(sql, readers, "min(length(" + c + "))", "lmin" + i, Kind.LONG);
                    add(sql, readers, "max(length(" + c + "))", "lmax" + i, Kind.LONG);
                    add(sql, readers, "avg(length(" + c + "))::DOUBLE", "lmean" + i, Kind.DOUBLE);
                }
            }
            if (readers.isEmpty()) {
                return Map.of();
            }
            String from = medians.isEmpty() ? " FROM s" : " FROM s, (SELECT " + String.join(", ", medians) + " FROM s)";
            return read(db, "WITH s AS " + sample() + " " + sql + from, readers, 2);
        }

        private static Map<String, Object> read(SqlSession db, String sql, List<Reader> readers, int first)
                throws SQLException {
            return db.query(sql, rs -> {
                rs.next();
                var values = new HashMap<String, Object>();
                for (int k = 0; k < readers.size(); k++) {
                    values.put(readers.get(k).key(), readers.get(k).kind().read(rs, k + first));
                }
                return values;
            });
        }

        /** The table, or a systematic sample of it when it is larger than {@link Options#exactUpTo()}. */
        private String sample() {
            if (exact) {
                return "(SELECT * FROM " + t + ")";
            }
            long stride = (ds.rowCount() + options.exactUpTo() - 1) / Math.max(1, options.exactUpTo());
            return "(SELECT * FROM " + t + " WHERE rowid % " + stride + " = 0)";
        }

        /** Counts outside the IQR fences and beyond the MAD cut, over all rows, and the most extreme values. */
        private Map<String, Object> outliers(Map<String, Object> basic) throws SQLException {
            var numeric = new ArrayList<Integer>();
            for (int i = 0; i < fields.size(); i++) {
                // a 0/1 column has no outliers, only two values; identifiers are labels, not measurements
                if (fields.get(i).type().isNumeric()
                        && !identifier[i]
                        && (Long) basic.get("n" + i) > 0
                        && (Long) basic.get("d" + i) > 2) {
                    numeric.add(i);
                }
            }
            var out = new HashMap<String, Object>();
            int k = Math.max(1, options.examples());
            if (numeric.isEmpty()) {
                return out;
            }
            var sql = new StringBuilder("SELECT 1");
            for (int i : numeric) {
                double[] q = (double[]) basic.get("q" + i);
                double iqr = q[4] - q[2];
                double mad = (Double) basic.get("mad" + i);
                String c = Sql.id(fields.get(i).name());
                sql.append(", count(*) FILTER (WHERE ")
                        .append(c)
                        .append(" < ")
                        .append(q[2] - 1.5 * iqr)
                        .append(" OR ")
                        .append(c)
                        .append(" > ")
                        .append(q[4] + 1.5 * iqr)
                        .append(")");
                sql.append(
                        mad > 0
                                ? ", count(*) FILTER (WHERE abs(" + c + " - " + q[3] + ") > " + 3.5 * 1.4826 * mad + ")"
                                : ", 0");
                sql.append(", min(")
                        .append(c)
                        .append("::DOUBLE, ")
                        .append(k)
                        .append("), max(")
                        .append(c)
                        .append("::DOUBLE, ")
                        .append(k)
                        .append(")");
            }
            sql.append(" FROM ").append(t);
            db.query(sql.toString(), rs -> {
                rs.next();
                for (int j = 0; j < numeric.size(); j++) {
                    int i = numeric.get(j);
                    double[] q = (double[]) basic.get("q" + i);
                    double iqr = q[4] - q[2];
                    long iqrCount = rs.getLong(2 + 4 * j);
                    long madCount = rs.getLong(3 + 4 * j);
                    var extremes = new ArrayList<Double>();
                    if (iqrCount + madCount > 0) {
                        double median = q[3];
                        for (double d : Kind.doubles(rs.getArray(4 + 4 * j))) {
                            extremes.add(d);
                        }
                        for (double d : Kind.doubles(rs.getArray(5 + 4 * j))) {
                            extremes.add(d);
                        }
                        extremes.sort((a, b) -> Double.compare(Math.abs(b - median), Math.abs(a - median)));
                        while (extremes.size() > k) {
                            extremes.removeLast();
                        }
                    }
                    out.put(
                            "o" + i,
                            new ColumnProfile.Outliers(
                                    iqrCount,
                                    q[2] - 1.5 * iqr,
                                    q[4] + 1.5 * iqr,
                                    madCount,
                                    q[3],
                                    (Double) basic.get("mad" + i),
                                    extremes));
                }
                return null;
            });
            return out;
        }

        /** Most frequent values of every column that repeats: a top-k per column, in one statement. */
        private Map<Integer, List<ColumnProfile.ValueCount>> topValues(SqlSession db, Map<String, Object> basic)
                throws SQLException {
            var out = new HashMap<Integer, List<ColumnProfile.ValueCount>>();
            if (options.topValues() == 0) {
                return out;
            }
            var parts = new ArrayList<String>();
            for (int i = 0; i < fields.size(); i++) {
                Field f = fields.get(i);
                long count = (Long) basic.get("n" + i);
                long distinct = (Long) basic.get("d" + i);
                boolean repeats = count > 0 && distinct < 0.95 * count;
                boolean wanted = !f.type().isNumeric() || distinct <= 50 || identifier[i];
                if (repeats && wanted) {
                    String c = Sql.id(f.name());
                    parts.add("(SELECT " + i + " AS col, " + Sql.asWritten(f) + " AS v, count(*) AS n FROM " + t
                            + " WHERE " + c + " IS NOT NULL GROUP BY " + c + " ORDER BY n DESC, v LIMIT "
                            + options.topValues() + ")");
                }
            }
            if (parts.isEmpty()) {
                return out;
            }
            long rows = ds.rowCount();
            db.query(String.join(" UNION ALL ", parts), rs -> {
                while (rs.next()) {
                    long n = rs.getLong(3);
                    out.computeIfAbsent(rs.getInt(1), k -> new ArrayList<>())
                            .add(new ColumnProfile.ValueCount(rs.getString(2), n, rows == 0 ? 0 : (double) n / rows));
                }
                return null;
            });
            for (var values : out.values()) {
                values.sort((a, b) -> a.count() != b.count()
                        ? Long.compare(b.count(), a.count())
                        : a.value().compareTo(b.value()));
            }
            return out;
        }

        private Map<Integer, List<String>> examples(SqlSession db) throws SQLException {
            var out = new HashMap<Integer, List<String>>();
            if (options.examples() == 0 || fields.isEmpty()) {
                return out;
            }
            var parts = new ArrayList<String>();
            for (int i = 0; i < fields.size(); i++) {
                String c = Sql.id(fields.get(i).name());
                parts.add("SELECT " + i + " AS col, list(v) AS vs FROM (SELECT DISTINCT " + Sql.asWritten(fields.get(i))
                        + " AS v FROM (SELECT " + c + " FROM " + t + " WHERE " + c
                        + " IS NOT NULL LIMIT 1000) LIMIT " + options.examples() + ")");
            }
            db.query(String.join(" UNION ALL ", parts), rs -> {
                while (rs.next()) {
                    Array a = rs.getArray(2);
                    var values = new ArrayList<String>();
                    if (a != null) {
                        for (Object o : (Object[]) a.getArray()) {
                            values.add(String.valueOf(o));
                        }
                    }
                    java.util.Collections.sort(values);
                    out.put(rs.getInt(1), values);
                }
                return null;
            });
            return out;
        }

        DataQuality quality(List<ColumnProfile> columns) throws SQLException {
            long rows = ds.rowCount();
            var deductions = new ArrayList<DataQuality.Deduction>();
            long cells = rows * Math.max(1, columns.size());
            long missingCells = 0;
            long presentValues = 0;
            long invalidValues = 0;
            for (ColumnProfile c : columns) {
                missingCells += c.missing();
                presentValues += c.count();
                invalidValues += c.invalid();
            }
            double completeness = cells == 0 ? 100 : 100.0 * (1 - (double) missingCells / cells);
            for (ColumnProfile c : columns) {
                long genuinelyMissing = c.missing() - c.invalid();
                if (genuinelyMissing > 0) {
                    double share = (double) genuinelyMissing / Math.max(1, rows);
                    // a largely empty column costs its missing share on top of its cells: one column among many
                    // barely moves the share of cells, yet it is the first thing a reader of the data notices
                    double largelyEmpty = share > DataQuality.LARGELY_EMPTY
                            ? Math.min(100 * share, DataQuality.LARGELY_EMPTY_POINTS)
                            : 0;
                    completeness -= largelyEmpty;
                    deductions.add(new DataQuality.Deduction(
                            "completeness",
                            100.0 * genuinelyMissing / cells + largelyEmpty,
                            String.format(
                                            Locale.ROOT,
                                            "%s: %.1f%% missing (%,d cells)",
                                            c.name(),
                                            100 * share,
                                            genuinelyMissing)
                                    + (largelyEmpty > 0
                                            ? String.format(
                                                    Locale.ROOT,
                                                    ", a column more than %.0f%% empty",
                                                    100 * DataQuality.LARGELY_EMPTY)
                                            : "")));
                }
            }
            completeness = Math.max(0, completeness);
            long raw = presentValues + invalidValues;
            double validity = raw == 0 ? 100 : 100.0 * (1 - (double) invalidValues / raw);
            for (ColumnProfile c : columns) {
                if (c.invalid() > 0) {
                    deductions.add(new DataQuality.Deduction(
                            "validity",
                            100.0 * c.invalid() / raw,
                            String.format(
                                    Locale.ROOT,
                                    "%s: %,d value(s) are not %s",
                                    c.name(),
                                    c.invalid(),
                                    c.type().label())));
                }
            }
            var checks = checks();
            Double consistency = null;
            if (!checks.isEmpty()) {
                double sum = 0;
                for (var ch : checks) {
                    double share = ch.rowsChecked() == 0 ? 0 : (double) ch.violations() / ch.rowsChecked();
                    sum += 100 * (1 - share);
                    if (ch.violations() > 0) {
                        deductions.add(new DataQuality.Deduction(
                                "consistency",
                                100 * share / checks.size(),
                                String.format(Locale.ROOT, "%,d row(s) break %s", ch.violations(), ch.expression())));
                    }
                }
                consistency = sum / checks.size();
            }
            long duplicates = uniqueness.duplicateRows();
            var keys = uniqueness.keys();
            long keyDuplicates = keys.stream()
                    .mapToLong(DataQuality.KeyCheck::duplicates)
                    .max()
                    .orElse(0);
            if (duplicates > 0) {
                deductions.add(new DataQuality.Deduction(
                        "uniqueness",
                        100.0 * duplicates / Math.max(1, rows),
                        String.format(Locale.ROOT, "%,d duplicate row(s)", duplicates)));
            }
            for (var k : keys) {
                if (k.duplicates() > 0) {
                    deductions.add(new DataQuality.Deduction(
                            "uniqueness",
                            100.0 * k.duplicates() / Math.max(1, rows),
                            String.format(
                                    Locale.ROOT,
                                    "%s: %,d repeated value(s) in a key column",
                                    k.column(),
                                    k.duplicates())));
                }
            }
            double uniqueness =
                    rows == 0 ? 100 : Math.max(0, 100.0 * (1 - (double) Math.max(duplicates, keyDuplicates) / rows));
            double weighted = 0.35 * completeness + 0.30 * validity + 0.15 * uniqueness;
            double weights = 0.80;
            if (consistency != null) {
                weighted += 0.20 * consistency;
                weights += 0.20;
            }
            double overall = weighted / weights;
            deductions.sort((a, b) -> Double.compare(b.points(), a.points()));
            return new DataQuality(
                    round(completeness),
                    round(validity),
                    consistency == null ? null : round(consistency),
                    round(uniqueness),
                    round(overall),
                    DataQuality.grade(overall),
                    duplicates,
                    keys,
                    checks,
                    deductions);
        }

        private static double round(double v) {
            return Math.round(v * 100) / 100.0;
        }

        private List<DataQuality.CheckResult> checks() throws SQLException {
            var out = new ArrayList<DataQuality.CheckResult>();
            var names = ds.schema().names();
            for (String text : options.checks()) {
                SafeExpression e = SafeExpression.parse(db, text, names);
                long[] counts = db.query(
                        "SELECT count(*) FILTER (WHERE " + e.sql() + " IS NOT NULL), count(*) FILTER (WHERE NOT "
                                + e.sql() + ") FROM " + t,
                        rs -> {
                            rs.next();
                            return new long[] {rs.getLong(1), rs.getLong(2)};
                        });
                List<Long> examples =
                        db.query("SELECT rowid FROM " + t + " WHERE NOT " + e.sql() + " ORDER BY rowid LIMIT 5", rs -> {
                            var rowsOut = new ArrayList<Long>();
                            while (rs.next()) {
                                rowsOut.add(ds.sourceRow(rs.getLong(1)));
                            }
                            return rowsOut;
                        });
                out.add(new DataQuality.CheckResult(e.text(), counts[0], counts[1], examples));
            }
            return out;
        }

        /** What the second connection counts while the first computes order statistics and outliers. */
        private record Counted(
                Map<Integer, List<ColumnProfile.ValueCount>> top,
                Map<Integer, List<String>> examples,
                long duplicateRows,
                List<DataQuality.KeyCheck> keys) {}

        private Counted counted(SqlSession side, Map<String, Object> summary) throws SQLException {
            var top = topValues(side, summary);
            var examples = examples(side);
            var keyColumns = keyColumns(summary);
            if (fields.isEmpty()) {
                return new Counted(top, examples, 0, List.of());
            }
            // rows equal to an earlier row in every column (compared by a hash of all columns) and repeated values
            // in key columns, in one pass
            String all =
                    String.join(", ", fields.stream().map(f -> Sql.id(f.name())).toList());
            var sql = new StringBuilder("SELECT count(*) - count(DISTINCT hash(" + all + "))");
            for (var key : keyColumns) {
                String col = Sql.id(key.column());
                sql.append(", count(")
                        .append(col)
                        .append(") - count(DISTINCT ")
                        .append(col)
                        .append(")");
            }
            sql.append(" FROM ").append(t);
            return side.query(sql.toString(), rs -> {
                rs.next();
                var keys = new ArrayList<DataQuality.KeyCheck>();
                for (int k = 0; k < keyColumns.size(); k++) {
                    var key = keyColumns.get(k);
                    keys.add(new DataQuality.KeyCheck(key.column(), key.declared(), rs.getLong(k + 2)));
                }
                return new Counted(top, examples, rs.getLong(1), keys);
            });
        }

        /**
         * Columns whose values should be unique: declared keys, and identifier columns that are nearly unique
         * (duplicates filled in later).
         */
        private List<DataQuality.KeyCheck> keyColumns(Map<String, Object> summary) {
            var out = new ArrayList<DataQuality.KeyCheck>();
            var declared = options.keys().stream()
                    .map(k -> ds.schema().field(k).name())
                    .toList();
            for (int i = 0; i < fields.size(); i++) {
                Field f = fields.get(i);
                long count = (Long) summary.get("n" + i);
                long distinct = (Long) summary.get("d" + i);
                boolean isDeclared = declared.contains(f.name());
                boolean implied = !isDeclared && identifier[i] && Identifiers.isNearlyUnique(distinct, count);
                if (isDeclared || implied) {
                    out.add(new DataQuality.KeyCheck(f.name(), isDeclared, 0));
                }
            }
            return out;
        }

        private enum Kind {
            LONG,
            DOUBLE,
            DOUBLES,
            STRING;

            Object read(ResultSet rs, int i) throws SQLException {
                return switch (this) {
                    case LONG -> {
                        long v = rs.getLong(i);
                        yield rs.wasNull() ? 0L : v;
                    }
                    case DOUBLE -> {
                        double v = rs.getDouble(i);
                        yield rs.wasNull() ? Double.NaN : v;
                    }
                    case DOUBLES -> {
                        Array a = rs.getArray(i);
                        double[] q = doubles(a);
                        if (q.length < QUANTILES.length) {
                            q = new double[QUANTILES.length];
                            java.util.Arrays.fill(q, Double.NaN);
                        }
                        yield q;
                    }
                    case STRING -> rs.getString(i);
                };
            }

            static double[] doubles(Array a) throws SQLException {
                if (a == null) {
                    return new double[0];
                }
                Object[] values = (Object[]) a.getArray();
                double[] out = new double[values.length];
                for (int k = 0; k < values.length; k++) {
                    out[k] = values[k] == null ? Double.NaN : ((Number) values[k]).doubleValue();
                }
                return out;
            }
        }

        private record Reader(String key, Kind kind) {}

        private static void add(StringBuilder sql, List<Reader> readers, String expr, String key, Kind kind) {
            sql.append(", ").append(expr);
            readers.add(new Reader(key, kind));
        }
    }
}
