package io.assay.core.ingest;

import io.assay.core.error.ColumnNotFoundException;
import io.assay.core.sql.Sql;
import io.assay.core.sql.SqlSession;
import io.assay.core.table.ColumnType;
import io.assay.core.table.Field;
import io.assay.core.table.Identifiers;
import io.assay.core.table.Schema;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns a source relation into a typed DuckDB table in one streaming pass: types are inferred from a sample, every
 * value is converted in SQL, and values that do not fit are kept aside just long enough to be counted and quoted in
 * the report. When the whole column disagrees with the sample (more than 5% misfits), the column is re-inferred
 * from a sample of the whole file and the table rebuilt once.
 */
final class TypedLoader {

    private static final String BAD = "__assay_bad_";
    private static final String RAW = "__assay_raw_";

    /** Distinct share above which a string column is text (names, ids) rather than categories. */
    private static final double TEXT_DISTINCT_SHARE = 0.5;

    private static final double TEXT_AVERAGE_LENGTH = 50;

    record Result(Schema schema, long rows, List<IngestReport.ColumnTyping> typings, List<IngestReport.ValueIssue> issues) {}

    /** The typing of one column. */
    private record Plan(
            int index,
            String name,
            String sourceType,
            ColumnType type,
            Conversion conversion,
            String format,
            String decidedBy,
            boolean forced) {

        boolean convertsText() {
            return conversion != Conversion.NATIVE && conversion != Conversion.NESTED_JSON;
        }

        Plan with(ColumnType newType, Conversion newConversion, String newFormat) {
            return new Plan(index, name, sourceType, newType, newConversion, newFormat, decidedBy, forced);
        }
    }

    private final SqlSession db;
    private final Ingest.Options options;

    TypedLoader(SqlSession db, Ingest.Options options) {
        this.db = db;
        this.options = options;
    }

    Result load(String table, SourcePlan source) throws SQLException {
        Map<String, ColumnType> forced = forcedTypes(source.columns());
        List<Plan> plans = decide(source, forced, sample(source.sampleRelation(), source.columns(), forced, false));
        create(table, source.relation(), plans);
        Map<String, Long> stats = stats(table, plans);

        var retry = new ArrayList<Plan>();
        var identifiers = new ArrayList<String>();
        for (Plan p : plans) {
            if (p.convertsText() && !p.forced() && p.conversion() != Conversion.STRING) {
                long bad = stats.get(BAD + p.index());
                long good = stats.get("n" + p.index());
                if (bad > 0 && p.type().isNumeric() && Identifiers.looksLikeIdentifier(p.name())) {
                    identifiers.add(p.name()); // "C544608" in an invoice-number column: identifiers are labels
                } else if (bad > (1 - TypeInference.COVERAGE) * (bad + good)) {
                    retry.add(p);
                }
            }
        }
        if (!identifiers.isEmpty()) {
            plans = plans.stream()
                    .map(p -> identifiers.contains(p.name()) ? p.with(ColumnType.CATEGORICAL, Conversion.STRING, "") : p)
                    .toList();
        }
        if (!retry.isEmpty() || !identifiers.isEmpty()) {
            var retryColumns = source.columns().stream()
                    .filter(c -> retry.stream().anyMatch(p -> p.name().equals(c.name())))
                    .toList();
            var byName = new HashMap<String, Plan>();
            if (!retryColumns.isEmpty()) {
                var wide = sample(source.relation(), retryColumns, forced, true);
                var redecided = decide(
                        new SourcePlan(source.relation(), source.relation(), retryColumns, Map.of(), List.of()), forced, wide);
                redecided.forEach(p -> byName.put(p.name(), p));
            }
            plans = plans.stream()
                    .map(p -> byName.containsKey(p.name())
                            ? p.with(byName.get(p.name()).type(), byName.get(p.name()).conversion(), byName.get(p.name()).format())
                            : p)
                    .toList();
            db.execute("DROP TABLE " + Sql.id(table));
            create(table, source.relation(), plans);
            stats = stats(table, plans);
        }

        var finalPlans = new ArrayList<Plan>();
        for (Plan p : plans) {
            Plan done = p;
            if (p.type() == ColumnType.INTEGER && !p.forced() && p.conversion() != Conversion.NATIVE) {
                if (stats.get("frac" + p.index()) > 0) {
                    done = p.with(ColumnType.DECIMAL, p.conversion(), p.format());
                } else {
                    db.execute("ALTER TABLE " + Sql.id(table) + " ALTER " + Sql.id(p.name()) + " TYPE BIGINT");
                }
            } else if (p.type() == ColumnType.INTEGER && p.conversion() != Conversion.NATIVE) {
                db.execute("ALTER TABLE " + Sql.id(table) + " ALTER " + Sql.id(p.name()) + " TYPE BIGINT");
            }
            if (p.conversion() == Conversion.STRING && !p.forced()) {
                long count = stats.get("n" + p.index());
                long distinct = stats.get("distinct" + p.index());
                double avgLength = stats.get("len" + p.index()) / 1000.0;
                boolean text = avgLength > TEXT_AVERAGE_LENGTH
                        || (count >= 20 && distinct > TEXT_DISTINCT_SHARE * count)
                        || (count > 1 && count < 20 && distinct >= count);
                done = done.with(text ? ColumnType.TEXT : ColumnType.CATEGORICAL, done.conversion(), done.format());
            }
            finalPlans.add(done);
        }

        var issues = new ArrayList<IngestReport.ValueIssue>();
        for (Plan p : finalPlans) {
            if (!p.convertsText() || p.conversion() == Conversion.STRING) {
                continue;
            }
            long bad = stats.get(BAD + p.index());
            if (bad > 0) {
                List<IngestReport.BadValue> examples = db.query(
                        "SELECT rowid, " + Sql.id(BAD + p.index()) + " FROM " + Sql.id(table) + " WHERE "
                                + Sql.id(BAD + p.index()) + " IS NOT NULL ORDER BY rowid LIMIT " + IngestReport.MAX_EXAMPLES,
                        rs -> {
                            var out = new ArrayList<IngestReport.BadValue>();
                            while (rs.next()) {
                                out.add(new IngestReport.BadValue(rs.getLong(1), rs.getString(2)));
                            }
                            return out;
                        });
                issues.add(new IngestReport.ValueIssue(p.name(), p.type(), bad, examples));
            }
            db.execute("ALTER TABLE " + Sql.id(table) + " DROP COLUMN " + Sql.id(BAD + p.index()));
        }
        long rows = db.queryLong("SELECT count(*) FROM " + Sql.id(table));
        var fields = finalPlans.stream().map(p -> new Field(p.name(), p.type(), formatLabel(p))).toList();
        var typings = finalPlans.stream()
                .map(p -> new IngestReport.ColumnTyping(p.name(), p.type(), formatLabel(p), p.decidedBy()))
                .toList();
        return new Result(new Schema(fields), rows, typings, issues);
    }

    private Map<String, ColumnType> forcedTypes(List<SourcePlan.SourceColumn> columns) {
        var byLower = new HashMap<String, String>();
        columns.forEach(c -> byLower.put(c.name().toLowerCase(Locale.ROOT), c.name()));
        var out = new HashMap<String, ColumnType>();
        for (var e : options.types().entrySet()) {
            String actual = byLower.get(e.getKey().toLowerCase(Locale.ROOT));
            if (actual == null) {
                throw new ColumnNotFoundException(e.getKey(), columns.stream().map(SourcePlan.SourceColumn::name).toList());
            }
            out.put(actual, e.getValue());
        }
        return out;
    }

    /** Whether a source column is read as text and typed by Assay (rather than taken with the source's type). */
    private static boolean typedFromText(SourcePlan.SourceColumn c, Map<String, ColumnType> forced) {
        if (c.isText()) {
            return true;
        }
        ColumnType nativeType = nativeType(c.duckType());
        ColumnType f = forced.get(c.name());
        return f != null && f != nativeType && nativeType != null;
    }

    private Map<String, List<String>> sample(
            String relation, List<SourcePlan.SourceColumn> columns, Map<String, ColumnType> forced, boolean wholeFile)
            throws SQLException {
        var text = columns.stream().filter(c -> typedFromText(c, forced)).toList();
        var out = new HashMap<String, List<String>>();
        if (text.isEmpty()) {
            return out;
        }
        var select = new StringBuilder("SELECT ");
        for (int i = 0; i < text.size(); i++) {
            select.append(i == 0 ? "" : ", ").append("trim(CAST(").append(Sql.id(text.get(i).name())).append(" AS VARCHAR))");
        }
        select.append(" FROM ").append(relation);
        select.append(wholeFile
                ? " USING SAMPLE reservoir(" + options.sampleRows() + " ROWS) REPEATABLE (7)"
                : " LIMIT " + options.sampleRows());
        text.forEach(c -> out.put(c.name(), new ArrayList<>()));
        db.query(select.toString(), rs -> {
            while (rs.next()) {
                for (int i = 0; i < text.size(); i++) {
                    String v = rs.getString(i + 1);
                    if (v != null && !TypeInference.isMissingToken(v)) {
                        out.get(text.get(i).name()).add(v);
                    }
                }
            }
            return null;
        });
        return out;
    }

    private List<Plan> decide(SourcePlan source, Map<String, ColumnType> forced, Map<String, List<String>> samples)
            throws SQLException {
        var plans = new ArrayList<Plan>();
        var toVerify = new ArrayList<Integer>();
        var decisions = new HashMap<Integer, TypeInference.Decision>();
        var columns = source.columns();
        for (int i = 0; i < columns.size(); i++) {
            var c = columns.get(i);
            ColumnType f = forced.get(c.name());
            String by = f != null ? "override" : "inferred";
            if (typedFromText(c, forced)) {
                var d = TypeInference.infer(samples.get(c.name()), f);
                decisions.put(i, d);
                if (!d.verifyFormats().isEmpty()) {
                    toVerify.add(i);
                }
                plans.add(new Plan(i, c.name(), c.duckType(), d.type(), d.conversion(), d.format(), by, f != null));
            } else {
                ColumnType t = nativeType(c.duckType());
                if (t == null) {
                    plans.add(new Plan(i, c.name(), c.duckType(), ColumnType.TEXT, Conversion.NESTED_JSON, "json", "source", false));
                } else {
                    plans.add(new Plan(i, c.name(), c.duckType(), t, Conversion.NATIVE, "", f != null ? by : "source", f != null));
                }
            }
        }
        if (!toVerify.isEmpty()) {
            verify(plans, toVerify, decisions, samples, columns, forced);
        }
        return plans;
    }

    /** Confirms strptime formats with DuckDB itself, so inference and conversion can never disagree. */
    private void verify(
            List<Plan> plans,
            List<Integer> indexes,
            Map<Integer, TypeInference.Decision> decisions,
            Map<String, List<String>> samples,
            List<SourcePlan.SourceColumn> columns,
            Map<String, ColumnType> forced)
            throws SQLException {
        for (int i : indexes) {
            var d = decisions.get(i);
            var values = samples.get(columns.get(i).name());
            String list = Sql.strList(values.size() > 2000 ? values.subList(0, 2000) : values);
            var sql = new StringBuilder("SELECT count(*)");
            for (String f : d.verifyFormats()) {
                sql.append(", count(try_strptime(v, ").append(Sql.str(f)).append("))");
            }
            sql.append(" FROM (SELECT unnest(").append(list).append(") AS v)");
            long[] counts = db.query(sql.toString(), rs -> {
                rs.next();
                long[] r = new long[d.verifyFormats().size() + 1];
                for (int k = 0; k < r.length; k++) {
                    r[k] = rs.getLong(k + 1);
                }
                return r;
            });
            int best = -1;
            for (int k = 0; k < d.verifyFormats().size(); k++) {
                if (best < 0 || counts[k + 1] > counts[best + 1]) {
                    best = k;
                }
            }
            Plan p = plans.get(i);
            boolean fits = counts[best + 1] >= Math.ceil(TypeInference.COVERAGE * counts[0]);
            if (fits || forced.containsKey(p.name())) {
                plans.set(i, p.with(p.type(), p.conversion(), d.verifyFormats().get(best)));
            } else {
                plans.set(i, p.with(ColumnType.CATEGORICAL, Conversion.STRING, ""));
            }
        }
    }

    static ColumnType nativeType(String duckType) {
        String t = duckType.toUpperCase(Locale.ROOT);
        if (t.startsWith("DECIMAL") || t.equals("DOUBLE") || t.equals("FLOAT") || t.equals("REAL")) {
            return ColumnType.DECIMAL;
        }
        if (t.startsWith("TIMESTAMP")) {
            return ColumnType.TIMESTAMP;
        }
        if (t.startsWith("ENUM")) {
            return ColumnType.CATEGORICAL;
        }
        return switch (t) {
            case "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "HUGEINT",
                    "UHUGEINT" -> ColumnType.INTEGER;
            case "BOOLEAN" -> ColumnType.BOOLEAN;
            case "DATE" -> ColumnType.DATE;
            case "TIME" -> ColumnType.TIME;
            case "VARCHAR", "UUID", "BLOB", "INTERVAL", "BIT" -> ColumnType.TEXT;
            default -> null; // nested: STRUCT, LIST, MAP, JSON, UNION, ARRAY
        };
    }

    private void create(String table, String relation, List<Plan> plans) throws SQLException {
        var inner = new StringBuilder();
        var outer = new StringBuilder();
        for (Plan p : plans) {
            String col = Sql.id(p.name());
            String raw = Sql.id(RAW + p.index());
            if (!inner.isEmpty()) {
                inner.append(", ");
                outer.append(", ");
            }
            if (!p.convertsText()) {
                inner.append(nativeCast(col, p)).append(" AS ").append(col);
                outer.append(col);
            } else if (p.conversion() == Conversion.STRING) {
                inner.append(p.conversion().sql(p.sourceType().equals("VARCHAR") ? col : "CAST(" + col + " AS VARCHAR)", ""))
                        .append(" AS ").append(col);
                outer.append(col);
            } else {
                String text = p.sourceType().equals("VARCHAR") ? col : "CAST(" + col + " AS VARCHAR)";
                String converted = p.conversion().sql(raw, p.format());
                if (p.forced() && p.type() == ColumnType.INTEGER) {
                    converted = "CASE WHEN (" + converted + ") = trunc(" + converted + ") THEN " + converted + " END";
                }
                inner.append(text).append(" AS ").append(raw);
                outer.append(converted).append(" AS ").append(col);
                // a value that did not fit: kept aside (NULL for all others) to be counted and quoted, then dropped
                outer.append(", CASE WHEN ").append(converted).append(" IS NULL AND NOT ").append(Conversion.missing(raw))
                        .append(" THEN ").append(raw).append(" END AS ").append(Sql.id(BAD + p.index()));
            }
        }
        db.execute("CREATE TABLE " + Sql.id(table) + " AS SELECT " + outer + " FROM (SELECT " + inner + " FROM " + relation + ")");
    }

    private static String nativeCast(String col, Plan p) {
        return switch (p.conversion()) {
            case NESTED_JSON -> "CAST(to_json(" + col + ") AS VARCHAR)";
            default -> switch (p.type()) {
                case INTEGER -> "try_cast(" + col + " AS BIGINT)";
                case DECIMAL -> "CAST(" + col + " AS DOUBLE)";
                case BOOLEAN -> "CAST(" + col + " AS BOOLEAN)";
                case DATE -> "CAST(" + col + " AS DATE)";
                case TIMESTAMP -> "CAST(" + col + " AS TIMESTAMP)";
                case TIME -> "CAST(" + col + " AS TIME)";
                case CATEGORICAL, TEXT -> "CAST(" + col + " AS VARCHAR)";
            };
        };
    }

    private Map<String, Long> stats(String table, List<Plan> plans) throws SQLException {
        var select = new StringBuilder("SELECT count(*)");
        var keys = new ArrayList<String>();
        Function<String, String> add = expr -> {
            select.append(", ").append(expr);
            return expr;
        };
        for (Plan p : plans) {
            if (!p.convertsText()) {
                continue;
            }
            String col = Sql.id(p.name());
            add.apply("count(" + col + ")");
            keys.add("n" + p.index());
            if (p.conversion() != Conversion.STRING) {
                add.apply("count(" + Sql.id(BAD + p.index()) + ")");
                keys.add(BAD + p.index());
            }
            if (p.type() == ColumnType.INTEGER && !p.forced()) {
                add.apply("count(*) FILTER (WHERE " + col + " <> trunc(" + col + "))");
                keys.add("frac" + p.index());
            }
            if (p.conversion() == Conversion.STRING && !p.forced()) {
                add.apply("approx_count_distinct(" + col + ")");
                keys.add("distinct" + p.index());
                add.apply("CAST(coalesce(avg(length(" + col + ")), 0) * 1000 AS BIGINT)");
                keys.add("len" + p.index());
            }
        }
        select.append(" FROM ").append(Sql.id(table));
        return db.query(select.toString(), rs -> {
            rs.next();
            var out = new HashMap<String, Long>();
            out.put("rows", rs.getLong(1));
            for (int i = 0; i < keys.size(); i++) {
                out.put(keys.get(i), rs.getLong(i + 2));
            }
            return out;
        });
    }

    private static String formatLabel(Plan p) {
        return switch (p.conversion()) {
            case CURRENCY -> "currency";
            case PERCENT -> "percent (stored as a fraction)";
            case DECIMAL_COMMA -> "decimal comma";
            case TIMESTAMP_ISO -> "ISO 8601";
            case NESTED_JSON -> "json";
            case TIME_ISO, STRING, BOOLEAN, NATIVE -> "";
            case NUMBER, DATE_FORMAT, TIMESTAMP_FORMAT, TIME_FORMAT -> p.format();
        };
    }
}
