package io.assay.leakage;

import io.assay.core.Background;
import io.assay.core.Progress;
import io.assay.core.error.InvalidOptionException;
import io.assay.core.ingest.Dataset;
import io.assay.core.profile.DataQuality;
import io.assay.core.profile.Profiler;
import io.assay.core.sql.Sql;
import io.assay.core.sql.SqlSession;
import io.assay.core.table.Field;
import io.assay.core.table.Schema;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.duckdb.DuckDBReadableVector;

/**
 * Revenue-leakage analysis of one table against a domain pack: map the columns, learn the norms, run the rules over
 * the whole table, let the leak model confirm them and add what it is sure of, let an isolation forest point at rows
 * nothing else explains, merge the findings per row and rank them by money at risk, then confidence; and measure it
 * all (counts, severities, money per type, daily trend and 7-day forecast, data quality).
 *
 * <pre>{@code
 * try (Dataset ds = Ingest.open(engine, Path.of("sales.csv"), Ingest.Options.defaults())) {
 *     LeakageResult r = Leakage.analyze(ds, Leakage.Request.of(DomainPacks.resolve("retail", null)), Progress.NONE);
 *     r.metrics().revenueImpact().totalRevenueAtRisk();
 * }
 * }</pre>
 */
public final class Leakage {

    /**
     * What to analyse and how.
     *
     * @param pack the domain pack
     * @param mapping canonical column → source column chosen by the user (wins over automatic mapping)
     * @param params parameters and norm overrides ({@code max_discount_share=0.4}, {@code tax_rate.Food=0.07})
     * @param model the pack's trained leak model, or null to run rules and the unusual-pattern detector only
     * @param unusual whether to look for unusual patterns in rows nothing else flagged
     * @param top how many findings the result lists as top findings
     * @param seed seed of every random choice (the isolation forest's sample)
     */
    public record Request(
            DomainPack pack,
            Map<String, String> mapping,
            Map<String, String> params,
            LeakModel model,
            boolean unusual,
            int top,
            long seed) {

        public Request {
            if (pack == null) {
                throw new InvalidOptionException("domain", null, "a pack is needed");
            }
            mapping = mapping == null ? Map.of() : Map.copyOf(mapping);
            params = params == null ? Map.of() : Map.copyOf(params);
            if (top < 0 || top > 10_000) {
                throw new InvalidOptionException("top findings", top, "must be between 0 and 10,000");
            }
        }

        /** Rules and the unusual-pattern detector with default parameters, the top 50 findings listed. */
        public static Request of(DomainPack pack) {
            return new Request(pack, Map.of(), Map.of(), null, true, 50, 42);
        }

        public Request withMapping(Map<String, String> m) {
            return new Request(pack, m, params, model, unusual, top, seed);
        }

        public Request withParams(Map<String, String> p) {
            return new Request(pack, mapping, p, model, unusual, top, seed);
        }

        public Request withModel(LeakModel m) {
            return new Request(pack, mapping, params, m, unusual, top, seed);
        }

        public Request withUnusual(boolean u) {
            return new Request(pack, mapping, params, model, u, top, seed);
        }
    }

    /** The profile the data-quality score needs: no top values or examples, approximate distinct counts. */
    private static final Profiler.Options QUALITY_ONLY = new Profiler.Options(0, 0, 0, List.of(), List.of());

    private static final Pattern CHECK_COLUMN = Pattern.compile("\\{([a-z][a-z0-9_]*)}");

    private Leakage() {}

    /**
     * Refuses, before any work, what {@link #analyze} would refuse in the request itself on a file of {@code schema}:
     * a parameter the pack does not have or a value that is no number, a mapping of a column the pack or the file
     * does not have or of a column whose type cannot play it, and a required column nothing matches.
     */
    public static void check(DomainPack pack, Schema schema, Map<String, String> mapping, Map<String, String> params) {
        Settings.of(pack, params);
        ColumnMapping.resolve(pack, schema, mapping);
    }

    public static LeakageResult analyze(Dataset dataset, Request request, Progress progress) {
        long start = System.nanoTime();
        DomainPack pack = request.pack();
        Settings settings = Settings.of(pack, request.params());
        ColumnMapping mapping = ColumnMapping.resolve(pack, dataset.schema(), request.mapping());
        var notes = new ArrayList<String>();
        for (DomainPack.RuleSpec rule : pack.rules()) {
            if (rule.replaces() != null) {
                notes.add("rule " + rule.id() + " (" + rule.type() + ") replaces the " + pack.name() + " pack's rule "
                        + rule.replaces());
            }
        }
        ingestNotes(dataset, mapping, notes);
        // work that does not wait for the findings runs beside the stages that do, each in a session of its own
        try (ExecutorService background = Background.threads("leakage");
                SqlSession db = dataset.session()) {
            Future<LeakageResult.DataQualitySummary> qualityScore =
                    background.submit(() -> dataQuality(dataset, pack, mapping));
            try (Preparation prep = Preparation.run(db, dataset, pack, mapping, settings, progress)) {
                Future<LeakModel.Prediction> prediction = background.submit(() -> predict(request, prep));
                progress.update("running rules", 0.45);
                RuleRunner.Outcome rules = new RuleRunner(prep).run();
                var findings = new ArrayList<>(rules.findings());
                String ruleRows = rowTable(
                        prep,
                        findings.stream()
                                .map(Finding::datasetRow)
                                .collect(Collectors.toCollection(java.util.LinkedHashSet::new)));
                Future<Map<Long, SourceRow>> ruleSources = background.submit(() -> sourceRows(prep, ruleRows));
                var detectors = new ArrayList<LeakageResult.DetectorStatus>();
                progress.update("applying the leak model", 0.55);
                detectors.add(LeakModel.apply(request.model(), prep, Background.joined(prediction), findings));
                progress.update("looking for unusual patterns", 0.7);
                detectors.add(UnusualPatterns.apply(request.unusual(), prep, findings, request.seed()));
                progress.update("ranking findings", 0.85);
                List<Finding> merged = merge(findings);
                List<Finding> ranked = rank(merged);
                ranked = withSourceRows(prep, ranked, Background.joined(ruleSources));
                var trend = dailyTrend(prep, ranked, notes);
                progress.update("scoring data quality", 0.9);
                var quality = Background.joined(qualityScore);
                var metrics = metrics(dataset.rowCount(), ranked, quality, pack, start);
                var viz = visualization(ranked, trend);
                var forecast = trend == null ? null : Forecasting.sevenDays(trend);
                if (trend != null && forecast == null) {
                    notes.add("the file spans fewer than 7 days: no forecast");
                }
                progress.update("analysed", 1.0);
                return new LeakageResult(
                        pack.name(),
                        java.nio.file.Path.of(dataset.report().file())
                                .getFileName()
                                .toString(),
                        mapping,
                        prep.norms,
                        metrics,
                        "",
                        "",
                        viz,
                        forecast,
                        ranked.subList(0, Math.min(request.top(), ranked.size())),
                        rules.statuses(),
                        detectors,
                        notes,
                        ranked);
            }
        }
    }

    /**
     * The leak model's prediction of every row (null when it is not used); without a model, the unusual-pattern
     * features are read instead, while the rules run.
     */
    private static LeakModel.Prediction predict(Request request, Preparation prep) {
        LeakModel.Prediction p = LeakModel.predict(request.model(), prep);
        if (p == null && request.unusual() && prep.pack.unusual() != null) {
            try {
                prep.featureColumns(prep.pack.unusual().features());
            } catch (RuntimeException e) {
                // read again, and reported, where the detector needs them
            }
        }
        return p;
    }

    private static void ingestNotes(Dataset dataset, ColumnMapping mapping, List<String> notes) {
        notes.addAll(mapping.warnings());
        var report = dataset.report();
        if (report.skippedRowCount() > 0) {
            notes.add(report.skippedRowCount() + " row(s) of the file could not be read and were not analysed");
        }
        for (var issue : report.valueIssues()) {
            if (mapping.used().containsValue(issue.column())) {
                notes.add(issue.count() + " value(s) of '" + issue.column() + "' are not "
                        + issue.type().label() + " and were treated as missing");
            }
        }
    }

    private record RowType(long row, String type) {}

    /** One finding per row and type: the strongest, naming the other rules that agreed. */
    static List<Finding> merge(List<Finding> findings) {
        var best = new LinkedHashMap<RowType, Finding>();
        var others = new HashMap<RowType, List<String>>();
        for (Finding f : findings) {
            var key = new RowType(f.datasetRow(), f.type());
            Finding current = best.get(key);
            if (current == null) {
                best.put(key, f);
            } else {
                boolean stronger = f.revenueImpact() > current.revenueImpact()
                        || (f.revenueImpact() == current.revenueImpact() && f.confidence() > current.confidence());
                Finding weaker = stronger ? current : f;
                if (stronger) {
                    best.put(key, f);
                }
                others.computeIfAbsent(key, k -> new ArrayList<>()).add(weaker.ruleId());
            }
        }
        var out = new ArrayList<Finding>();
        best.forEach(
                (key, f) -> out.add(others.containsKey(key) ? f.withEvidence("also_flagged_by", others.get(key)) : f));
        return out;
    }

    /** A row's findings, and the keys the row is ranked by, computed once rather than at every comparison. */
    private record RankedRow(List<Finding> findings, double impact, double confidence, long row) {}

    /** Rows by money at risk (their largest impact), then confidence, then position; findings in a row likewise. */
    static List<Finding> rank(List<Finding> findings) {
        var byRow = new LinkedHashMap<Long, List<Finding>>();
        for (Finding f : findings) {
            byRow.computeIfAbsent(f.datasetRow(), k -> new ArrayList<>()).add(f);
        }
        Comparator<Finding> inRow = Comparator.comparingDouble(Finding::revenueImpact)
                .reversed()
                .thenComparing(Comparator.comparingDouble(Finding::confidence).reversed())
                .thenComparing(Finding::type);
        var rows = new ArrayList<RankedRow>(byRow.size());
        for (List<Finding> r : byRow.values()) {
            r.sort(inRow);
            double confidence =
                    r.stream().mapToDouble(Finding::confidence).max().orElse(0);
            rows.add(new RankedRow(
                    r, r.getFirst().revenueImpact(), confidence, r.getFirst().datasetRow()));
        }
        rows.sort(Comparator.comparingDouble(RankedRow::impact)
                .reversed()
                .thenComparing(Comparator.comparingDouble(RankedRow::confidence).reversed())
                .thenComparingLong(RankedRow::row));
        var out = new ArrayList<Finding>(findings.size());
        rows.forEach(r -> out.addAll(r.findings()));
        return out;
    }

    /**
     * The findings with their input rows attached (values as text) and their row index in the input file; {@code
     * known} holds input rows read before (those of the rule findings, read while the detectors ran).
     */
    private static List<Finding> withSourceRows(Preparation prep, List<Finding> ranked, Map<Long, SourceRow> known) {
        var missing = new java.util.LinkedHashSet<Long>();
        for (Finding f : ranked) {
            if (!known.containsKey(f.datasetRow())) {
                missing.add(f.datasetRow());
            }
        }
        Map<Long, SourceRow> more = sourceRows(prep, rowTable(prep, missing));
        var out = new ArrayList<Finding>(ranked.size());
        for (Finding f : ranked) {
            SourceRow source = known.get(f.datasetRow());
            out.add(f.withSource(
                    prep.dataset.sourceRow(f.datasetRow()), source != null ? source : more.get(f.datasetRow())));
        }
        return out;
    }

    /** A working table of the given dataset rows (column {@code r}), or null when there are none. */
    private static String rowTable(Preparation prep, java.util.Collection<Long> rows) {
        if (rows.isEmpty()) {
            return null;
        }
        var idRows = new ArrayList<Object[]>(rows.size());
        rows.forEach(r -> idRows.add(new Object[] {r}));
        return prep.tables.fill("rows", List.of(new TempTables.Col("r", "BIGINT")), idRows);
    }

    /** The input rows listed in {@code rowTable} (see {@link #rowTable}), read in a session of their own. */
    private static Map<Long, SourceRow> sourceRows(Preparation prep, String rowTable) {
        var sources = new HashMap<Long, SourceRow>();
        if (rowTable == null) {
            return sources;
        }
        List<Field> fields = prep.dataset.schema().fields();
        List<String> columns = prep.dataset.schema().names();
        var numeric = new boolean[fields.size()];
        var select = new StringBuilder("SELECT rowid");
        for (int c = 0; c < fields.size(); c++) {
            numeric[c] = fields.get(c).type().isNumeric();
            select.append(", ").append(Sql.asWritten(fields.get(c)));
        }
        select.append(" FROM ")
                .append(prep.dataset.relation())
                .append(" WHERE rowid IN (SELECT r FROM ")
                .append(rowTable)
                .append(")");
        try (SqlSession db = prep.dataset.session()) {
            Chunks.read(db, select.toString(), chunk -> {
                int size = Math.toIntExact(chunk.rowCount());
                var vectors = new ArrayList<DuckDBReadableVector>(columns.size());
                for (int c = 0; c < columns.size(); c++) {
                    vectors.add(chunk.vector(c + 1));
                }
                DuckDBReadableVector rowid = chunk.vector(0);
                for (int i = 0; i < size; i++) {
                    var values = new ArrayList<>(columns.size());
                    for (int c = 0; c < vectors.size(); c++) {
                        DuckDBReadableVector v = vectors.get(c);
                        values.add(v.isNull(i) ? null : SourceRow.value(v.getString(i), numeric[c]));
                    }
                    sources.put(rowid.getLong(i), new SourceRow(columns, values));
                }
            });
        }
        return sources;
    }

    /** Rows, anomalous rows and money per day, where the pack names a date the file has; else null. */
    private static List<LeakageResult.DailyPoint> dailyTrend(
            Preparation prep, List<Finding> ranked, List<String> notes) {
        String date = prep.pack.trendDate();
        if (date == null || !prep.columns.contains(date)) {
            return null;
        }
        var perRow = new LinkedHashMap<Long, Double>();
        for (Finding f : ranked) {
            perRow.merge(f.datasetRow(), f.revenueImpact(), Math::max);
        }
        var rows = new ArrayList<Object[]>();
        perRow.forEach((r, impact) -> rows.add(new Object[] {r, impact}));
        String anomalous = prep.tables.fill(
                "anomalous", List.of(new TempTables.Col("r", "BIGINT"), new TempTables.Col("impact", "DOUBLE")), rows);
        String d = "CAST(f." + Sql.id(date) + " AS DATE)";
        List<LeakageResult.DailyPoint> days = prep.tables
                .db()
                .queryOrFail(
                        "SELECT CAST(" + d
                                + " AS VARCHAR), count(*), count(a.r), coalesce(sum(a.impact ORDER BY a.r), 0) FROM "
                                + prep.features + " f LEFT JOIN " + anomalous + " a ON f._row = a.r WHERE " + d
                                + " IS NOT NULL GROUP BY " + d + " ORDER BY " + d,
                        rs -> {
                            var out = new ArrayList<LeakageResult.DailyPoint>();
                            while (rs.next()) {
                                out.add(new LeakageResult.DailyPoint(
                                        rs.getString(1),
                                        rs.getLong(2),
                                        rs.getLong(3),
                                        Math.round(rs.getDouble(4) * 100) / 100.0));
                            }
                            return out;
                        });
        if (days.isEmpty()) {
            notes.add("the file has no dates: no daily trend or forecast");
            return null;
        }
        return days;
    }

    /** The data-quality score of the file, with the pack's cross-column checks where the file has their columns. */
    private static LeakageResult.DataQualitySummary dataQuality(
            Dataset dataset, DomainPack pack, ColumnMapping mapping) {
        var checks = new ArrayList<String>();
        for (String check : pack.qualityChecks()) {
            String sql = sourceCheck(check, pack, mapping);
            if (sql != null) {
                checks.add(sql);
            }
        }
        DataQuality q =
                Profiler.profile(dataset, QUALITY_ONLY.withChecks(checks)).quality();
        return new LeakageResult.DataQualitySummary(
                round4(q.completeness()),
                round4(q.validity()),
                q.consistency() == null ? null : round4(q.consistency()),
                round4(q.uniqueness()),
                // one decimal, never rounded up to a perfect 100.0 beside a deduction
                Math.floor(q.overallScore() * 10 + 1e-9) / 10.0,
                q.grade(),
                q.deductions().stream()
                        .map(DataQuality.Deduction::reason)
                        .limit(10)
                        .toList());
    }

    /** A check over canonical columns in braces, rewritten over the file's columns; null when one is missing. */
    static String sourceCheck(String check, DomainPack pack, ColumnMapping mapping) {
        Matcher m = CHECK_COLUMN.matcher(check);
        var out = new StringBuilder();
        while (m.find()) {
            String c = m.group(1);
            DomainPack.ColumnSpec spec = pack.column(c);
            String replacement;
            if (mapping.has(c)) {
                replacement = Sql.id(mapping.used().get(c));
                if (spec != null && spec.defaultValue() != null && isNumber(spec.defaultValue())) {
                    replacement = "coalesce(" + replacement + ", "
                            + spec.defaultValue().trim() + ")";
                }
            } else if (spec != null && spec.defaultValue() != null && isNumber(spec.defaultValue())) {
                replacement = "(" + spec.defaultValue().trim() + ")";
            } else {
                return null;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static double round4(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }

    private static double money(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static LeakageResult.Metrics metrics(
            long totalRows,
            List<Finding> ranked,
            LeakageResult.DataQualitySummary quality,
            DomainPack pack,
            long start) {
        var rowImpact = new LinkedHashMap<Long, Double>();
        var rowConfidence = new HashMap<Long, Double>();
        var rowSeverity = new HashMap<Long, Severity>();
        var severities = new LinkedHashMap<String, Long>();
        for (Severity s : List.of(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW)) {
            severities.put(s.label(), 0L);
        }
        var byType = new LinkedHashMap<String, double[]>();
        for (Finding f : ranked) {
            rowImpact.merge(f.datasetRow(), f.revenueImpact(), Math::max);
            rowConfidence.merge(f.datasetRow(), f.confidence(), Math::max);
            rowSeverity.merge(f.datasetRow(), f.severity(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
            severities.merge(f.severity().label(), 1L, Long::sum);
            double[] t = byType.computeIfAbsent(f.type(), k -> new double[2]);
            t[0]++;
            t[1] += f.revenueImpact();
        }
        long anomalous = rowImpact.size();
        double total =
                rowImpact.values().stream().mapToDouble(Double::doubleValue).sum();
        double confidence = rowConfidence.values().stream()
                .mapToDouble(Double::doubleValue)
                .average()
                .orElse(0);
        long critical = rowSeverity.values().stream()
                .filter(s -> s == Severity.CRITICAL)
                .count();
        var types = new LinkedHashMap<String, LeakageResult.TypeImpact>();
        byType.entrySet().stream()
                .sorted((a, b) -> Double.compare(b.getValue()[1], a.getValue()[1]))
                .forEach(e -> types.put(
                        e.getKey(), new LeakageResult.TypeImpact((long) e.getValue()[0], money(e.getValue()[1]))));
        return new LeakageResult.Metrics(
                totalRows,
                anomalous,
                ranked.size(),
                totalRows == 0 ? 0 : round4((double) anomalous / totalRows),
                round4(confidence),
                severities,
                Math.round((System.nanoTime() - start) / 1e6) / 1000.0,
                quality,
                new LeakageResult.RevenueImpact(
                        money(total), anomalous == 0 ? 0 : money(total / anomalous), critical, pack.currency(), types));
    }

    private static LeakageResult.VisualizationData visualization(
            List<Finding> ranked, List<LeakageResult.DailyPoint> trend) {
        var counts = new LinkedHashMap<String, double[]>();
        var severities = new LinkedHashMap<String, Long>();
        for (Severity s : List.of(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW)) {
            severities.put(s.label(), 0L);
        }
        long[] bins = new long[10];
        for (Finding f : ranked) {
            double[] c = counts.computeIfAbsent(f.type(), k -> new double[2]);
            c[0]++;
            c[1] += f.revenueImpact();
            severities.merge(f.severity().label(), 1L, Long::sum);
            bins[Math.min(9, (int) Math.floor(f.confidence() * 10))]++;
        }
        var byType = new ArrayList<LeakageResult.TypeCount>();
        counts.entrySet().stream()
                .sorted((a, b) -> Double.compare(b.getValue()[0], a.getValue()[0]))
                .forEach(e -> byType.add(new LeakageResult.TypeCount(
                        e.getKey(),
                        (long) e.getValue()[0],
                        Math.round(1000.0 * e.getValue()[0] / ranked.size()) / 10.0,
                        money(e.getValue()[1]))));
        var severity = new ArrayList<LeakageResult.SeverityCount>();
        severities.forEach((k, v) -> severity.add(new LeakageResult.SeverityCount(k, v)));
        var confidence = new ArrayList<LeakageResult.ConfidenceBin>();
        for (int i = 0; i < 10; i++) {
            confidence.add(new LeakageResult.ConfidenceBin(
                    String.format(java.util.Locale.ROOT, "%.1f-%.1f", i / 10.0, (i + 1) / 10.0), bins[i]));
        }
        return new LeakageResult.VisualizationData(byType, severity, confidence, trend);
    }
}
