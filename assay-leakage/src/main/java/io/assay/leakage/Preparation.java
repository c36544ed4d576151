package io.assay.leakage;

import io.assay.core.Background;
import io.assay.core.Progress;
import io.assay.core.error.InternalException;
import io.assay.core.error.InvalidExpressionException;
import io.assay.core.ingest.Dataset;
import io.assay.core.sql.SafeExpression;
import io.assay.core.sql.Sql;
import io.assay.core.sql.SqlSession;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The first half of an analysis, shared with training: the file's columns under their canonical names (with
 * defaults), the norms learned from them, and every derived feature, as one working table in DuckDB with one row
 * per input row ({@code _row} is the row's position in the dataset). Every pack expression is substituted and
 * checked by {@link SafeExpression} before it runs.
 */
final class Preparation implements AutoCloseable {

    final DomainPack pack;
    final ColumnMapping mapping;
    final Settings settings;
    final Dataset dataset;
    final TempTables tables;
    final String base;
    final String features;
    final List<Norm> norms;
    /** Every column of {@link #features}: canonical columns, norm outputs, derived features. */
    final Set<String> columns;

    private FeatureColumns fetched;

    private Preparation(
            DomainPack pack,
            ColumnMapping mapping,
            Settings settings,
            Dataset dataset,
            TempTables tables,
            String base,
            String features,
            List<Norm> norms,
            Set<String> columns) {
        this.pack = pack;
        this.mapping = mapping;
        this.settings = settings;
        this.dataset = dataset;
        this.tables = tables;
        this.base = base;
        this.features = features;
        this.norms = norms;
        this.columns = columns;
    }

    static Preparation run(
            SqlSession db,
            Dataset dataset,
            DomainPack pack,
            ColumnMapping mapping,
            Settings settings,
            Progress progress) {
        var tables = new TempTables(db);
        try {
            var canonical =
                    pack.columns().stream().map(DomainPack.ColumnSpec::name).toList();
            progress.update("mapping columns", 0.05);
            // a view: the norms read a few of its columns each, the feature table all of them once
            String base = tables.createView("base", baseSelect(db, dataset, pack, mapping, settings, canonical));
            progress.update("learning norms", 0.2);
            var available = new LinkedHashSet<>(canonical);
            var select = new StringBuilder("SELECT b.*");
            var joins = new StringBuilder();
            var reports = new ArrayList<Norm>();
            for (NormLearning.Learned learned : learnNorms(dataset, tables, base, pack, mapping, settings)) {
                reports.add(learned.report());
                learned.columns().forEach((name, sql) -> {
                    select.append(",\n  ").append(sql).append(" AS ").append(Sql.id(name));
                    available.add(name);
                });
                learned.joins().forEach(j -> joins.append("\n").append(j));
            }
            progress.update("deriving features", 0.35);
            String learned = select.toString();
            var derived = new ArrayList<String>();
            for (DomainPack.FeatureSpec f : pack.features()) {
                String sql = expression(db, settings, f.expr(), available);
                derived.add(",\n  " + sql + " AS " + Sql.id(f.name()));
                available.add(f.name());
            }
            String from = "\nFROM " + base + " b" + joins;
            String features;
            try {
                features = tables.createAs("features", learned + String.join("", derived) + from);
            } catch (InternalException e) {
                throw badFeature(db, pack, learned, derived, from, e);
            }
            return new Preparation(
                    pack, mapping, settings, dataset, tables, base, features, List.copyOf(reports), available);
        } catch (RuntimeException e) {
            tables.close();
            throw e;
        }
    }

    /**
     * Every norm of the pack, learned at the same time (they are independent; each in a session of its own), in the
     * pack's order; the first norm's failure in that order is the one thrown.
     */
    private static List<NormLearning.Learned> learnNorms(
            Dataset dataset,
            TempTables tables,
            String base,
            DomainPack pack,
            ColumnMapping mapping,
            Settings settings) {
        try (ExecutorService norms = Background.threads("norms")) {
            var learning = new ArrayList<Future<NormLearning.Learned>>();
            for (int i = 0; i < pack.norms().size(); i++) {
                DomainPack.NormSpec spec = pack.norms().get(i);
                int number = i + 1;
                learning.add(norms.submit(() -> {
                    try (SqlSession own = dataset.session()) {
                        return new NormLearning(own, tables.in(own), base, pack, mapping, settings).learn(spec, number);
                    }
                }));
            }
            var out = new ArrayList<NormLearning.Learned>();
            for (Future<NormLearning.Learned> l : learning) {
                out.add(Background.joined(l));
            }
            return out;
        }
    }

    /**
     * Why the feature table could not be made: the first feature that does not type-check with those before it (a
     * user pack's {@code product * 2} over a text column), named with DuckDB's reason in plain words; else the
     * failure as it was.
     */
    private static RuntimeException badFeature(
            SqlSession db,
            DomainPack pack,
            String learned,
            List<String> derived,
            String from,
            InternalException failure) {
        for (int k = 0; k < derived.size(); k++) {
            String upTo = learned + String.join("", derived.subList(0, k + 1)) + from;
            try (var st = db.connection().prepareStatement(upTo)) {
                st.getMetaData();
            } catch (java.sql.SQLException e) {
                DomainPack.FeatureSpec f = pack.features().get(k);
                return new InvalidExpressionException(
                        f.expr(), "feature " + f.name() + ": " + SafeExpression.explain(e.getMessage()));
            }
        }
        return failure;
    }

    /** {@code text} with parameters substituted, checked against {@code available} columns, as SQL. */
    static String expression(SqlSession db, Settings settings, String text, Collection<String> available) {
        return SafeExpression.parse(db, settings.substitute(text), available).sql();
    }

    /** The canonical columns the expression reads. */
    static List<String> reads(SqlSession db, Settings settings, String text, Collection<String> available) {
        return SafeExpression.parse(db, settings.substitute(text), available).columns();
    }

    private static String baseSelect(
            SqlSession db,
            Dataset dataset,
            DomainPack pack,
            ColumnMapping mapping,
            Settings settings,
            List<String> canonical) {
        var inner = new ArrayList<String>();
        inner.add("rowid AS _row");
        var defaults = new ArrayList<String>();
        for (DomainPack.ColumnSpec c : pack.columns()) {
            ColumnMapping.Match m = mapping.match(c.name());
            inner.add((m == null ? "CAST(NULL AS " + duckType(c) + ")" : cast(c, m, dataset.schema())) + " AS "
                    + Sql.id(c.name()));
            if (c.defaultValue() != null && !c.defaultValue().isBlank()) {
                String def = expression(db, settings, c.defaultValue(), canonical);
                defaults.add("coalesce(" + Sql.id(c.name()) + ", CAST(" + def + " AS " + duckType(c) + ")) AS "
                        + Sql.id(c.name()));
            }
        }
        String select = "SELECT " + String.join(", ", inner) + " FROM " + dataset.relation();
        return defaults.isEmpty()
                ? select
                : "SELECT * REPLACE (" + String.join(", ", defaults) + ") FROM (" + select + ")";
    }

    private static String cast(DomainPack.ColumnSpec c, ColumnMapping.Match m, io.assay.core.table.Schema schema) {
        String src = Sql.id(m.source());
        io.assay.core.table.Field field = schema.field(m.source());
        if (field.flagWords() != null
                && !List.of("number", "datetime", "date", "boolean").contains(c.type())) {
            // a flag playing a category (BigML's 'International plan' as the service): its values as the file has them
            return Sql.asWritten(field);
        }
        return switch (c.type()) {
            case "number" -> "CAST(" + src + " AS DOUBLE)";
            case "datetime" ->
                m.timeSource() == null
                        ? "CAST(" + src + " AS TIMESTAMP)"
                        : "(CAST(" + src + " AS DATE) + coalesce(CAST(" + Sql.id(m.timeSource())
                                + " AS TIME), TIME '00:00:00'))";
            case "date" -> "CAST(" + src + " AS DATE)";
            case "boolean" -> "CASE WHEN " + src + " IS NULL THEN NULL ELSE CAST(" + src + " AS INTEGER) <> 0 END";
            default -> "CAST(" + src + " AS VARCHAR)";
        };
    }

    static String duckType(DomainPack.ColumnSpec c) {
        return switch (c.type()) {
            case "number" -> "DOUBLE";
            case "datetime" -> "TIMESTAMP";
            case "date" -> "DATE";
            case "boolean" -> "BOOLEAN";
            default -> "VARCHAR";
        };
    }

    long rows() {
        return dataset.rowCount();
    }

    /**
     * The numeric values of {@code names} for every row; the leak model's and the unusual-pattern detector's features
     * are read from the engine together, once (safe to call from several threads).
     */
    synchronized FeatureColumns featureColumns(List<String> names) {
        if (fetched == null || !fetched.names().containsAll(names)) {
            var all = new java.util.LinkedHashSet<String>(names);
            if (pack.model() != null) {
                all.addAll(pack.model().features());
            }
            if (pack.unusual() != null) {
                all.addAll(pack.unusual().features());
            }
            fetched = FeatureColumns.fetch(this, List.copyOf(all));
        }
        return fetched.select(names);
    }

    @Override
    public void close() {
        tables.close();
    }
}
