package io.assay.leakage;

import io.assay.core.error.InvalidOptionException;
import io.assay.core.sql.Sql;
import io.assay.core.sql.SqlSession;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Learns each norm of a pack from the canonical table, robustly (medians, median absolute deviations, Theil–Sen), and
 * turns it into per-row SQL for the feature table: constants for norm-wide values, joins on small per-group tables
 * for per-group values. User overrides replace learned values and are reported as such.
 */
final class NormLearning {

    /** A learned norm: its report, the SQL of each output column, and the joins those need. */
    record Learned(Norm report, Map<String, String> columns, List<String> joins) {}

    /** Points per group the Theil–Sen fit looks at (a deterministic sample of the group's rows). */
    static final int FIT_SAMPLE = 1500;

    private final SqlSession db;
    private final TempTables tables;
    private final String base;
    private final DomainPack pack;
    private final ColumnMapping mapping;
    private final Settings settings;
    private final List<String> canonical;
    private int counter;

    NormLearning(
            SqlSession db, TempTables tables, String base, DomainPack pack, ColumnMapping mapping, Settings settings) {
        this.db = db;
        this.tables = tables;
        this.base = base;
        this.pack = pack;
        this.mapping = mapping;
        this.settings = settings;
        this.canonical =
                pack.columns().stream().map(DomainPack.ColumnSpec::name).toList();
    }

    /** Learns the norm {@code spec}, the {@code number}th of the pack (it names the norm's working columns). */
    Learned learn(DomainPack.NormSpec spec, int number) {
        counter = number;
        return switch (spec) {
            case DomainPack.Decimals d -> decimals(d);
            case DomainPack.Median m -> median(m);
            case DomainPack.GroupRate r -> groupRate(r);
            case DomainPack.GroupMedian g -> groupMedian(g);
            case DomainPack.GroupLinear l -> groupLinear(l);
        };
    }

    // ---- helpers ----

    private String expr(String text) {
        return Preparation.expression(db, settings, text, canonical);
    }

    /** The first canonical column {@code texts} read that the file lacks and that has no default, or null. */
    private String missingInput(List<String> texts) {
        for (String t : texts) {
            if (t == null) {
                continue;
            }
            for (String c : Preparation.reads(db, settings, t, canonical)) {
                DomainPack.ColumnSpec spec = pack.column(c);
                if (!mapping.has(c)
                        && (spec.defaultValue() == null || spec.defaultValue().isBlank())) {
                    return c;
                }
            }
        }
        return null;
    }

    /** The first canonical column {@code text} reads that the file lacks (defaults included), or null. */
    private String unmapped(String text) {
        for (String c : Preparation.reads(db, settings, text, canonical)) {
            if (pack.column(c) != null && !mapping.has(c)) {
                return c;
            }
        }
        return null;
    }

    private String where(String text) {
        return text == null || text.isBlank() ? "TRUE" : "coalesce(" + expr(text) + ", FALSE)";
    }

    private String groupColumn(String group) {
        if (pack.column(group) == null) {
            throw new InvalidOptionException(
                    "pack " + pack.name(), group, "a norm groups by this, but it is not a canonical column");
        }
        return Sql.id(group);
    }

    private String prefix() {
        return "__n" + counter + "_";
    }

    private double knob(String id, String name, String value) {
        return settings.knob("norm " + id + " " + name, value);
    }

    private static Norm report(
            DomainPack.NormSpec spec,
            String status,
            String groupedBy,
            Map<String, Object> values,
            List<Norm.Group> groups,
            List<String> notes) {
        var sorted = new ArrayList<>(groups);
        sorted.sort(
                Comparator.comparingLong(Norm.Group::rows).reversed().thenComparing(Norm.Group::group, nullsFirst()));
        int count = sorted.size();
        return new Norm(
                spec.id(),
                kind(spec),
                spec.description(),
                status,
                groupedBy,
                values,
                sorted.subList(0, Math.min(Norm.MAX_GROUPS, count)),
                count,
                notes);
    }

    private static Comparator<String> nullsFirst() {
        return Comparator.nullsFirst(Comparator.naturalOrder());
    }

    private static String kind(DomainPack.NormSpec spec) {
        return switch (spec) {
            case DomainPack.Decimals d -> "decimals";
            case DomainPack.Median m -> "median";
            case DomainPack.GroupRate r -> "group_rate";
            case DomainPack.GroupMedian g -> "group_median";
            case DomainPack.GroupLinear l -> "group_linear";
        };
    }

    private static String status(boolean overridden) {
        return overridden ? "overridden" : "learned";
    }

    /** The user's value of a learned amount, rate or share (checked when the settings were made). */
    private Double overrideNumber(String output, String group) {
        String v = settings.override(output, group);
        return v == null ? null : Settings.number(output + (group == null ? "" : "." + group), v);
    }

    private Boolean overrideFlag(String output, String group) {
        String v = settings.override(output, group);
        return v == null ? null : Settings.flag(output + (group == null ? "" : "." + group), v);
    }

    private static String num(Double v) {
        return v == null || v.isNaN() ? "CAST(NULL AS DOUBLE)" : "CAST(" + Settings.literal(v) + " AS DOUBLE)";
    }

    private static Double round(Double v, int digits) {
        if (v == null || v.isNaN()) {
            return v;
        }
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    // ---- decimals: the money unit ----

    private Learned decimals(DomainPack.Decimals spec) {
        var present = spec.columns().stream().filter(mapping::has).toList();
        Double override = overrideNumber(spec.output(), null);
        var notes = new ArrayList<String>();
        double unit;
        if (override != null) {
            unit = override;
        } else if (present.isEmpty()) {
            unit = 0.01;
            notes.add("none of " + spec.columns() + " is in the file; cents assumed");
        } else {
            var sql = new StringBuilder("SELECT 1");
            for (String c : present) {
                String col = Sql.id(c);
                sql.append(", count(*) FILTER (WHERE ").append(col).append(" <> 0)");
                for (int d = 0; d <= 4; d++) {
                    String scaled = col + " * 1e" + d;
                    sql.append(", count(*) FILTER (WHERE ")
                            .append(col)
                            .append(" <> 0 AND abs(")
                            .append(scaled)
                            .append(" - round(")
                            .append(scaled)
                            .append(")) < 1e-6)");
                }
            }
            sql.append(" FROM ").append(base);
            int decimals = db.queryOrFail(sql.toString(), rs -> {
                rs.next();
                int worst = 0;
                boolean any = false;
                for (int i = 0; i < present.size(); i++) {
                    long n = rs.getLong(2 + i * 6);
                    if (n == 0) {
                        continue;
                    }
                    any = true;
                    int d = 4;
                    for (int k = 0; k <= 4; k++) {
                        if (rs.getLong(3 + i * 6 + k) >= 0.99 * n) {
                            d = k;
                            break;
                        }
                    }
                    worst = Math.max(worst, d);
                }
                return any ? worst : 2;
            });
            unit = Math.pow(10, -decimals);
        }
        if (!(unit > 0)) {
            throw new InvalidOptionException("parameter " + spec.output(), unit, "must be a positive amount");
        }
        var values = new LinkedHashMap<String, Object>();
        values.put(spec.output(), unit);
        return new Learned(
                report(spec, status(override != null), null, values, List.of(), notes),
                Map.of(spec.output(), num(unit)),
                List.of());
    }

    // ---- median: one typical value ----

    private Learned median(DomainPack.Median spec) {
        Double override = overrideNumber(spec.output(), null);
        var notes = new ArrayList<String>();
        Double value = override;
        String missing = missingInput(List.of(spec.value(), spec.where() == null ? "TRUE" : spec.where()));
        if (value == null && missing != null) {
            notes.add("skipped: the file has no " + missing + " column");
        } else if (value == null) {
            value = db.queryOrFail(
                    "SELECT median(CAST(" + expr(spec.value()) + " AS DOUBLE)) FROM " + base + " WHERE "
                            + where(spec.where()),
                    rs -> {
                        rs.next();
                        double v = rs.getDouble(1);
                        return rs.wasNull() ? null : v;
                    });
            if (value == null) {
                notes.add("no rows to learn from");
            }
        }
        var values = new LinkedHashMap<String, Object>();
        values.put(spec.output(), round(value, 6));
        String status = override != null ? "overridden" : missing != null ? "skipped" : "learned";
        return new Learned(
                report(spec, status, null, values, List.of(), notes), Map.of(spec.output(), num(value)), List.of());
    }

    // ---- group_rate: e.g. tax rate per category, exemptions, the tax base ----

    /** Sum of amounts over sum of base {@code i}, over the rows whose ratio is within 10% of {@code median}. */
    private static String trimmedRate(int i, String median) {
        String b = "b" + i;
        String keep = "a > 0 AND " + b + " > 0 AND abs(a / " + b + " - " + median + ") <= 0.1 * " + median;
        return "sum(a) FILTER (WHERE " + keep + ") / nullif(sum(" + b + ") FILTER (WHERE " + keep + "), 0)";
    }

    private Learned groupRate(DomainPack.GroupRate spec) {
        String rateOut = spec.outputs().get("rate");
        String exemptOut = spec.outputs().get("exempt");
        String baseOut = spec.outputs().get("base");
        var baseNames = new ArrayList<>(spec.bases().keySet());
        var baseSql = new ArrayList<String>();
        for (String b : baseNames) {
            baseSql.add(expr(spec.bases().get(b)));
        }
        String g = groupColumn(spec.group());
        var notes = new ArrayList<String>();
        String chosenOverride = settings.override(baseOut, null);
        var inputs = new ArrayList<String>();
        inputs.add(spec.amount());
        inputs.addAll(spec.bases().values());
        String missing = missingInput(inputs);
        boolean anyOverride = settings.overridesAny(rateOut) || settings.overridesAny(exemptOut);
        if (missing != null && !anyOverride) {
            notes.add("skipped: the file has no " + missing + " column");
            var cols = new LinkedHashMap<String, String>();
            cols.put(rateOut, "CAST(NULL AS DOUBLE)");
            cols.put(exemptOut, "CAST(NULL AS BOOLEAN)");
            int first = chosenOverride == null ? 0 : baseNames.indexOf(chosenOverride);
            cols.put(baseOut, baseSql.get(first));
            var values = new LinkedHashMap<String, Object>();
            values.put(baseOut, baseNames.get(first));
            return new Learned(report(spec, "skipped", spec.group(), values, List.of(), notes), cols, List.of());
        }
        String amount = missing == null ? expr(spec.amount()) : "CAST(NULL AS DOUBLE)";
        var s = new StringBuilder("SELECT CAST(" + g + " AS VARCHAR) AS g, CAST(" + amount + " AS DOUBLE) AS a");
        for (int i = 0; i < baseSql.size(); i++) {
            s.append(", CAST(")
                    .append(baseSql.get(i))
                    .append(" AS DOUBLE) AS b")
                    .append(i);
        }
        s.append(" FROM ").append(base);
        String src = "(" + s + ")";
        // per group: rows, rows carrying an amount, and the rate on each candidate base: the ratio of sums over the
        // rows within 10% of the median ratio (rounding of small amounts averages out; leaks stay outside the band)
        var windowed = new StringBuilder("SELECT *");
        for (int i = 0; i < baseSql.size(); i++) {
            String ratio = "CASE WHEN a > 0 AND b" + i + " > 0 THEN a / b" + i + " END";
            windowed.append(", median(")
                    .append(ratio)
                    .append(") OVER (PARTITION BY g) AS m")
                    .append(i);
            windowed.append(", median(").append(ratio).append(") OVER () AS p").append(i);
        }
        windowed.append(" FROM ").append(src);
        String near = "(" + windowed + ")";
        var agg = new StringBuilder("SELECT g, count(*), count(*) FILTER (WHERE a > 0)");
        var pooled = new StringBuilder("SELECT 1");
        for (int i = 0; i < baseSql.size(); i++) {
            agg.append(", ").append(trimmedRate(i, "m" + i));
            pooled.append(", ").append(trimmedRate(i, "p" + i));
        }
        agg.append(" FROM ").append(near).append(" GROUP BY g");
        pooled.append(" FROM ").append(near);
        record Stats(String group, long rows, long taxed, double[] rates) {}
        var stats = db.queryOrFail(agg.toString(), rs -> {
            var out = new ArrayList<Stats>();
            while (rs.next()) {
                double[] rates = new double[baseSql.size()];
                for (int i = 0; i < rates.length; i++) {
                    rates[i] = rs.getDouble(4 + i);
                    if (rs.wasNull()) {
                        rates[i] = Double.NaN;
                    }
                }
                out.add(new Stats(rs.getString(1), rs.getLong(2), rs.getLong(3), rates));
            }
            return out;
        });
        double[] pooledRates = db.queryOrFail(pooled.toString(), rs -> {
            rs.next();
            double[] out = new double[baseSql.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = rs.getDouble(2 + i);
                if (rs.wasNull()) {
                    out[i] = Double.NaN;
                }
            }
            return out;
        });
        double exemptBelow = knob(spec.id(), "exempt_below", spec.exemptBelow());
        double minRows = knob(spec.id(), "min_rows", spec.minRows());
        // the base: the candidate the amounts fit best where the candidates differ (e.g. discounted lines)
        int chosen = 0;
        if (chosenOverride != null) {
            chosen = baseNames.indexOf(chosenOverride);
        } else if (baseSql.size() > 1) {
            var rows = new ArrayList<Object[]>();
            var cols = new ArrayList<TempTables.Col>();
            cols.add(new TempTables.Col("g", "VARCHAR"));
            for (int i = 0; i < baseSql.size(); i++) {
                cols.add(new TempTables.Col("r" + i, "DOUBLE"));
            }
            for (Stats st : stats) {
                if (st.rows() > 0 && (double) st.taxed() / st.rows() >= exemptBelow) {
                    Object[] row = new Object[1 + baseSql.size()];
                    row[0] = st.group();
                    for (int i = 0; i < baseSql.size(); i++) {
                        row[1 + i] = Double.isNaN(st.rates()[i]) ? null : st.rates()[i];
                    }
                    rows.add(row);
                }
            }
            String rates = tables.fill("rates" + counter, cols, rows);
            var differ = new ArrayList<String>();
            for (int i = 1; i < baseSql.size(); i++) {
                differ.add("abs(s.b0 - s.b" + i + ") > 1e-9");
            }
            var fit = new StringBuilder("SELECT count(*)");
            for (int i = 0; i < baseSql.size(); i++) {
                fit.append(", median(abs(s.a - r.r")
                        .append(i)
                        .append(" * s.b")
                        .append(i)
                        .append(") / s.a)");
            }
            fit.append(" FROM ")
                    .append(src)
                    .append(" s JOIN ")
                    .append(rates)
                    .append(" r ON s.g IS NOT DISTINCT FROM r.g WHERE s.a > 0 AND (")
                    .append(String.join(" OR ", differ))
                    .append(")");
            var scores = db.queryOrFail(fit.toString(), rs -> {
                rs.next();
                double[] out = new double[baseSql.size() + 1];
                out[0] = rs.getLong(1);
                for (int i = 0; i < baseSql.size(); i++) {
                    out[1 + i] = rs.getDouble(2 + i);
                    if (rs.wasNull()) {
                        out[1 + i] = Double.POSITIVE_INFINITY;
                    }
                }
                return out;
            });
            if (scores[0] < 5) {
                notes.add("too few rows where the bases differ to tell them apart; '" + baseNames.getFirst()
                        + "' assumed");
            } else {
                for (int i = 1; i < baseSql.size(); i++) {
                    if (scores[1 + i] < scores[1 + chosen]) {
                        chosen = i;
                    }
                }
            }
        }
        var groups = new ArrayList<Norm.Group>();
        var tableRows = new ArrayList<Object[]>();
        boolean overridden = chosenOverride != null;
        for (Stats st : stats) {
            double taxedShare = st.rows() == 0 ? 0 : (double) st.taxed() / st.rows();
            boolean exempt = taxedShare < exemptBelow;
            double rate = exempt ? 0 : st.rates()[chosen];
            var groupNotes = new ArrayList<String>();
            if (!exempt && (st.taxed() < minRows || Double.isNaN(rate))) {
                rate = pooledRates[chosen];
                groupNotes.add("few taxed rows; the rate of all groups is used");
            }
            Boolean exemptSet = overrideFlag(exemptOut, st.group());
            Double rateSet = overrideNumber(rateOut, st.group());
            if (exemptSet != null) {
                exempt = exemptSet;
                rate = exempt ? 0 : (Double.isNaN(st.rates()[chosen]) ? pooledRates[chosen] : st.rates()[chosen]);
            }
            if (rateSet != null) {
                rate = rateSet;
                exempt = exemptSet != null ? exemptSet : rateSet == 0;
            }
            boolean groupOverridden = exemptSet != null || rateSet != null;
            overridden |= groupOverridden;
            tableRows.add(new Object[] {st.group(), Double.isNaN(rate) ? null : rate, exempt});
            var v = new LinkedHashMap<String, Object>();
            v.put(rateOut, round(rate, 6));
            v.put(exemptOut, exempt);
            v.put("taxed_share", round(taxedShare, 4));
            if (!groupNotes.isEmpty()) {
                v.put("note", String.join("; ", groupNotes));
            }
            groups.add(new Norm.Group(st.group(), st.rows(), v, groupOverridden));
        }
        String p = prefix();
        String table = tables.fill(
                "norm" + counter,
                List.of(
                        new TempTables.Col(p + "g", "VARCHAR"),
                        new TempTables.Col(p + "rate", "DOUBLE"),
                        new TempTables.Col(p + "exempt", "BOOLEAN")),
                tableRows);
        var cols = new LinkedHashMap<String, String>();
        cols.put(rateOut, p + "rate");
        cols.put(exemptOut, p + "exempt");
        cols.put(baseOut, baseSql.get(chosen));
        var values = new LinkedHashMap<String, Object>();
        values.put(baseOut, baseNames.get(chosen));
        return new Learned(
                report(spec, status(overridden), spec.group(), values, groups, notes),
                cols,
                List.of("LEFT JOIN " + table + " ON b." + g + " IS NOT DISTINCT FROM " + table + "." + p + "g"));
    }

    // ---- group_median: e.g. typical price per product, else category ----

    private Learned groupMedian(DomainPack.GroupMedian spec) {
        String valueOut = spec.outputs().get("value");
        String basisOut = spec.outputs().get("basis");
        double minRows = knob(spec.id(), "min_rows", spec.minRows());
        double maxSpread = knob(spec.id(), "max_spread", spec.maxSpread());
        var notes = new ArrayList<String>();
        var levels = spec.groups().stream().filter(mapping::has).toList();
        spec.groups().stream()
                .filter(l -> !mapping.has(l))
                .forEach(l -> notes.add("the file has no " + l + " column; not learned per " + l));
        Double all = overrideNumber(valueOut, null);
        String missing = missingInput(List.of(spec.value(), spec.where() == null ? "TRUE" : spec.where()));
        if (missing == null) {
            missing = unmapped(spec.value()); // a typical value of a column's default says nothing
        }
        var cols = new LinkedHashMap<String, String>();
        if (all != null || missing != null || levels.isEmpty()) {
            if (missing != null) {
                notes.add("skipped: the file has no " + missing + " column");
            }
            cols.put(valueOut, num(all));
            cols.put(basisOut, all == null ? "CAST(NULL AS VARCHAR)" : Sql.str("parameter"));
            var values = new LinkedHashMap<String, Object>();
            values.put(valueOut, all);
            String status = all != null ? "overridden" : "skipped";
            return new Learned(
                    report(spec, status, String.join(", ", spec.groups()), values, List.of(), notes), cols, List.of());
        }
        String value = expr(spec.value());
        String where = where(spec.where());
        var joins = new ArrayList<String>();
        var valueParts = new ArrayList<String>();
        var basisParts = new ArrayList<String>();
        var groups = new ArrayList<Norm.Group>();
        boolean overridden = false;
        var levelCounts = new LinkedHashMap<String, Object>();
        for (int li = 0; li < levels.size(); li++) {
            String level = levels.get(li);
            String g = Sql.id(level);
            String sql = "WITH s AS (SELECT CAST(" + g + " AS VARCHAR) AS g, CAST(" + value + " AS DOUBLE) AS v FROM "
                    + base + " WHERE " + where + " AND " + g + " IS NOT NULL AND (" + value + ") IS NOT NULL), "
                    + "m AS (SELECT g, median(v) AS med, count(*) AS n FROM s GROUP BY g) "
                    + "SELECT m.g, m.n, m.med, median(abs(s.v - m.med)) FROM s JOIN m ON s.g = m.g "
                    + "GROUP BY m.g, m.n, m.med";
            record Stat(String group, long rows, double median, double mad) {}
            var stats = db.queryOrFail(sql, rs -> {
                var out = new ArrayList<Stat>();
                while (rs.next()) {
                    out.add(new Stat(rs.getString(1), rs.getLong(2), rs.getDouble(3), rs.getDouble(4)));
                }
                return out;
            });
            var rows = new ArrayList<Object[]>();
            int reliable = 0;
            for (Stat st : stats) {
                Double set = overrideNumber(valueOut, st.group());
                double spread = st.median() == 0 ? Double.POSITIVE_INFINITY : st.mad() / Math.abs(st.median());
                boolean ok = st.rows() >= minRows && spread <= maxSpread;
                Double v = set != null ? set : ok ? st.median() : null;
                overridden |= set != null;
                if (v != null) {
                    reliable++;
                    rows.add(new Object[] {st.group(), v});
                }
                var values = new LinkedHashMap<String, Object>();
                values.put("level", level);
                values.put(valueOut, round(v, 6));
                values.put("median", round(st.median(), 6));
                values.put("spread", Double.isInfinite(spread) ? null : round(spread, 4));
                if (set == null && !ok) {
                    values.put(
                            "note",
                            st.rows() < minRows
                                    ? "too few rows"
                                    : Double.isInfinite(spread)
                                            ? "the median is 0: no typical value"
                                            : "values vary too much to set a typical value (spread " + round(spread, 3)
                                                    + ")");
                }
                groups.add(new Norm.Group(st.group(), st.rows(), values, set != null));
            }
            levelCounts.put(level + "_groups", stats.size());
            levelCounts.put(level + "_with_typical_value", reliable);
            String p = prefix() + li + "_";
            String table = tables.fill(
                    "norm" + counter + "_" + li,
                    List.of(new TempTables.Col(p + "g", "VARCHAR"), new TempTables.Col(p + "v", "DOUBLE")),
                    rows);
            joins.add("LEFT JOIN " + table + " ON b." + g + " = " + table + "." + p + "g");
            valueParts.add(p + "v");
            basisParts.add("WHEN " + p + "v IS NOT NULL THEN " + Sql.str(level));
        }
        cols.put(
                valueOut,
                valueParts.size() == 1 ? valueParts.getFirst() : "coalesce(" + String.join(", ", valueParts) + ")");
        cols.put(basisOut, "CASE " + String.join(" ", basisParts) + " END");
        return new Learned(
                report(spec, status(overridden), String.join(", ", levels), levelCounts, groups, notes), cols, joins);
    }

    // ---- group_linear: e.g. fee + rate per usage unit for each plan, free plans ----

    private Learned groupLinear(DomainPack.GroupLinear spec) {
        var out = spec.outputs();
        String g = groupColumn(spec.group());
        double freeShare = knob(spec.id(), "free_share", spec.freeShare());
        double minRows = knob(spec.id(), "min_rows", spec.minRows());
        var notes = new ArrayList<String>();
        String missing = missingInput(List.of(spec.x(), spec.y(), spec.where() == null ? "TRUE" : spec.where()));
        if (missing != null) {
            notes.add("skipped: the file has no " + missing + " column");
            var cols = new LinkedHashMap<String, String>();
            cols.put(out.get("fee"), "CAST(NULL AS DOUBLE)");
            cols.put(out.get("rate"), "CAST(NULL AS DOUBLE)");
            cols.put(out.get("free"), "CAST(NULL AS BOOLEAN)");
            cols.put(out.get("spread"), "CAST(NULL AS DOUBLE)");
            return new Learned(report(spec, "skipped", spec.group(), Map.of(), List.of(), notes), cols, List.of());
        }
        String x = expr(spec.x());
        String y = expr(spec.y());
        String w = where(spec.where());
        String src = "(SELECT _row, CAST(" + g + " AS VARCHAR) AS g, CAST(" + x + " AS DOUBLE) AS x, CAST(" + y
                + " AS DOUBLE) AS y, " + w + " AS w FROM " + base + ")";
        record Counts(long rows, long zeros, long fit) {}
        var counts = db.queryOrFail(
                "SELECT g, count(*), count(*) FILTER (WHERE abs(y) < 1e-9), count(*) FILTER (WHERE w AND x IS NOT NULL"
                        + " AND y IS NOT NULL) FROM " + src + " GROUP BY g",
                rs -> {
                    var m = new LinkedHashMap<String, Counts>();
                    while (rs.next()) {
                        m.put(rs.getString(1), new Counts(rs.getLong(2), rs.getLong(3), rs.getLong(4)));
                    }
                    return m;
                });
        // Theil–Sen slope on a deterministic sample of each group's fit rows
        var samples = new HashMap<String, List<double[]>>();
        db.queryOrFail(
                "SELECT g, x, y FROM (SELECT g, x, y, row_number() OVER (PARTITION BY g ORDER BY hash(_row), _row) AS k"
                        + " FROM " + src + " WHERE w AND x IS NOT NULL AND y IS NOT NULL) WHERE k <= " + FIT_SAMPLE,
                rs -> {
                    while (rs.next()) {
                        samples.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                                .add(new double[] {rs.getDouble(2), rs.getDouble(3)});
                    }
                    return null;
                });
        var slopes = new LinkedHashMap<String, Double>();
        for (var e : samples.entrySet()) {
            var pts = e.getValue();
            double[] xs = new double[pts.size()];
            double[] ys = new double[pts.size()];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = pts.get(i)[0];
                ys[i] = pts.get(i)[1];
            }
            slopes.put(e.getKey(), Math.max(0, Robust.theilSen(xs, ys)));
        }
        // intercept: the median residual over all fit rows; spread: the median absolute residual around it
        var slopeRows = new ArrayList<Object[]>();
        slopes.forEach((k, v) -> slopeRows.add(new Object[] {k, v}));
        String slopeTable = tables.fill(
                "slopes" + counter,
                List.of(new TempTables.Col("g", "VARCHAR"), new TempTables.Col("slope", "DOUBLE")),
                slopeRows);
        String fitRows = "(SELECT s.g, s.y - t.slope * s.x AS r FROM " + src + " s JOIN " + slopeTable
                + " t ON s.g IS NOT DISTINCT FROM t.g WHERE s.w AND s.x IS NOT NULL AND s.y IS NOT NULL)";
        var fees = db.queryOrFail(
                "WITH f AS " + fitRows + ", m AS (SELECT g, median(r) AS fee FROM f GROUP BY g) "
                        + "SELECT m.g, m.fee, median(abs(f.r - m.fee)) FROM f JOIN m ON f.g IS NOT DISTINCT FROM m.g"
                        + " GROUP BY m.g, m.fee",
                rs -> {
                    var m = new HashMap<String, double[]>();
                    while (rs.next()) {
                        m.put(rs.getString(1), new double[] {rs.getDouble(2), rs.getDouble(3)});
                    }
                    return m;
                });
        var groups = new ArrayList<Norm.Group>();
        var rows = new ArrayList<Object[]>();
        boolean overridden = false;
        for (var e : counts.entrySet()) {
            String group = e.getKey();
            Counts c = e.getValue();
            boolean free = c.rows() > 0 && (double) c.zeros() / c.rows() >= freeShare;
            Double fee = null;
            Double rate = null;
            Double spread = null;
            String note = null;
            if (free) {
                fee = 0.0;
                rate = 0.0;
                spread = 0.0;
            } else if (c.fit() >= minRows && fees.containsKey(group)) {
                rate = slopes.get(group);
                fee = Math.max(0, fees.get(group)[0]);
                spread = fees.get(group)[1];
            } else {
                note = "too few full-period bills to learn a tariff (" + c.fit() + ")";
            }
            Boolean freeSet = overrideFlag(out.get("free"), group);
            Double feeSet = overrideNumber(out.get("fee"), group);
            Double rateSet = overrideNumber(out.get("rate"), group);
            Double spreadSet = overrideNumber(out.get("spread"), group);
            if (freeSet != null) {
                free = freeSet;
                if (free) {
                    fee = 0.0;
                    rate = 0.0;
                    spread = 0.0;
                }
            }
            fee = feeSet != null ? feeSet : fee;
            rate = rateSet != null ? rateSet : rate;
            spread = spreadSet != null ? spreadSet : spread;
            if (fee != null && rate != null && spread == null) {
                spread = 0.0;
            }
            boolean groupOverridden = freeSet != null || feeSet != null || rateSet != null || spreadSet != null;
            overridden |= groupOverridden;
            rows.add(new Object[] {group, fee, rate, fee == null && !free ? null : free, spread});
            var v = new LinkedHashMap<String, Object>();
            v.put(out.get("fee"), round(fee, 4));
            v.put(out.get("rate"), round(rate, 6));
            v.put(out.get("free"), free);
            v.put(out.get("spread"), round(spread, 4));
            v.put("zero_share", round(c.rows() == 0 ? 0.0 : (double) c.zeros() / c.rows(), 4));
            v.put("fit_rows", c.fit());
            if (note != null) {
                v.put("note", note);
            }
            groups.add(new Norm.Group(group, c.rows(), v, groupOverridden));
        }
        String p = prefix();
        String table = tables.fill(
                "norm" + counter,
                List.of(
                        new TempTables.Col(p + "g", "VARCHAR"),
                        new TempTables.Col(p + "fee", "DOUBLE"),
                        new TempTables.Col(p + "rate", "DOUBLE"),
                        new TempTables.Col(p + "free", "BOOLEAN"),
                        new TempTables.Col(p + "spread", "DOUBLE")),
                rows);
        var cols = new LinkedHashMap<String, String>();
        cols.put(out.get("fee"), p + "fee");
        cols.put(out.get("rate"), p + "rate");
        cols.put(out.get("free"), p + "free");
        cols.put(out.get("spread"), p + "spread");
        return new Learned(
                report(spec, status(overridden), spec.group(), Map.of(), groups, notes),
                cols,
                List.of("LEFT JOIN " + table + " ON b." + g + " IS NOT DISTINCT FROM " + table + "." + p + "g"));
    }
}
