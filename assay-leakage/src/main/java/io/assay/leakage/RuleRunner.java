package io.assay.leakage;

import io.assay.core.error.InternalException;
import io.assay.core.error.InvalidExpressionException;
import io.assay.core.error.InvalidOptionException;
import io.assay.core.sql.SafeExpression;
import io.assay.core.sql.Sql;
import io.assay.core.sql.SqlSession;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a pack's rules over the whole feature table in one vectorised statement: each rule's condition, impact,
 * confidence and severity are SQL (checked by {@code SafeExpression}), and only the rows where some rule holds come
 * back, with the evidence columns the rules name. A rule whose required columns the file lacks is skipped, with the
 * reason.
 */
final class RuleRunner {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z][a-z0-9_]*)(?::(money|pct|num))?}");

    private static final Pattern SPACES = Pattern.compile(" {2,}");

    /** What the rules found and how each rule went. */
    record Outcome(List<Finding> findings, List<LeakageResult.RuleStatus> statuses) {}

    /** One rule, compiled to SQL. */
    record Compiled(DomainPack.RuleSpec spec, String when, String impact, String confidence, String severity) {}

    private final Preparation prep;
    private final Map<String, List<Piece>> templates = new HashMap<>();

    RuleRunner(Preparation prep) {
        this.prep = prep;
    }

    Outcome run() {
        var statuses = new ArrayList<LeakageResult.RuleStatus>();
        var compiled = new ArrayList<Compiled>();
        for (DomainPack.RuleSpec rule : prep.pack.rules()) {
            var missing = new ArrayList<String>();
            for (String c : rule.requires()) {
                if (prep.pack.column(c) == null) {
                    throw new InvalidOptionException(
                            "rule " + rule.id(), c, "'requires' must name canonical columns of " + prep.pack.name());
                }
                if (!prep.mapping.has(c)) {
                    missing.add(c);
                }
            }
            if (!missing.isEmpty()) {
                statuses.add(new LeakageResult.RuleStatus(
                        rule.id(),
                        rule.type(),
                        "skipped",
                        "needs the " + String.join(", ", missing) + " column" + (missing.size() > 1 ? "s" : "")
                                + ", which the file does not have",
                        0,
                        0));
                continue;
            }
            compiled.add(compile(rule));
        }
        if (compiled.isEmpty()) {
            return new Outcome(List.of(), statuses);
        }
        var evidence = new LinkedHashSet<String>();
        for (Compiled c : compiled) {
            for (String name : names(c.spec())) {
                if (prep.columns.contains(name)) {
                    evidence.add(name);
                } else if (!prep.settings.params().containsKey(name)) {
                    throw new InvalidExpressionException(
                            c.spec().description(),
                            "rule " + c.spec().id() + " names '" + name
                                    + "', which is neither a column nor a parameter");
                }
            }
        }
        var inner = new StringBuilder("SELECT *");
        var outer = new StringBuilder("SELECT _row");
        var any = new ArrayList<String>();
        for (int k = 0; k < compiled.size(); k++) {
            Compiled c = compiled.get(k);
            inner.append(", coalesce(")
                    .append(c.when())
                    .append(", FALSE) AS __c")
                    .append(k);
            outer.append(", __c").append(k);
            outer.append(", CASE WHEN __c")
                    .append(k)
                    .append(" THEN CAST(")
                    .append(c.impact())
                    .append(" AS DOUBLE) END");
            outer.append(", CASE WHEN __c")
                    .append(k)
                    .append(" THEN CAST(")
                    .append(c.confidence())
                    .append(" AS DOUBLE) END");
            outer.append(", CASE WHEN __c")
                    .append(k)
                    .append(" THEN ")
                    .append(c.severity())
                    .append(" END");
            any.add("__c" + k);
        }
        var evidenceNames = new ArrayList<>(evidence);
        for (String e : evidenceNames) {
            outer.append(", ").append(Sql.id(e));
        }
        String sql = outer + " FROM (" + inner + " FROM " + prep.features + ") WHERE " + String.join(" OR ", any)
                + " ORDER BY _row";
        long[] counts = new long[compiled.size()];
        double[] impacts = new double[compiled.size()];
        List<Finding> findings;
        try {
            findings = prep.tables.db().query(sql, rs -> {
                var out = new ArrayList<Finding>();
                int width = 4;
                int evidenceStart = 2 + width * compiled.size();
                while (rs.next()) {
                    long row = rs.getLong(1);
                    var values = new LinkedHashMap<String, Object>();
                    for (int i = 0; i < evidenceNames.size(); i++) {
                        values.put(evidenceNames.get(i), jsonValue(rs, evidenceStart + i));
                    }
                    for (int k = 0; k < compiled.size(); k++) {
                        int at = 2 + width * k;
                        if (!rs.getBoolean(at)) {
                            continue;
                        }
                        Compiled c = compiled.get(k);
                        double impact = clampImpact(rs.getDouble(at + 1));
                        double confidence = rs.getDouble(at + 2);
                        confidence =
                                rs.wasNull() || Double.isNaN(confidence) ? 0.5 : Math.max(0, Math.min(1, confidence));
                        Severity severity = Severity.parse(rs.getString(at + 3));
                        counts[k]++;
                        impacts[k] += impact;
                        out.add(new Finding(
                                row,
                                c.spec().type(),
                                severity,
                                confidence,
                                impact,
                                c.spec().id(),
                                describe(c.spec().description(), values),
                                evidenceOf(c.spec(), values),
                                null,
                                row));
                    }
                }
                return out;
            });
        } catch (SQLException e) {
            throw diagnose(compiled, e);
        }
        for (int k = 0; k < compiled.size(); k++) {
            Compiled c = compiled.get(k);
            statuses.add(new LeakageResult.RuleStatus(
                    c.spec().id(), c.spec().type(), "ran", null, counts[k], Math.round(impacts[k] * 100) / 100.0));
        }
        statuses.sort((a, b) -> Integer.compare(indexOf(a.id()), indexOf(b.id())));
        return new Outcome(findings, statuses);
    }

    private int indexOf(String ruleId) {
        var rules = prep.pack.rules();
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).id().equals(ruleId)) {
                return i;
            }
        }
        return rules.size();
    }

    static double clampImpact(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) || v < 0 ? 0 : Math.round(v * 10_000) / 10_000.0;
    }

    /**
     * A rule's condition, impact, confidence and severity as checked SQL: each part is refused before anything runs
     * when it uses what expressions may not, or does not type-check against the file's columns (a condition that is
     * not true/false, an impact that is not a number, text compared with a number), naming the rule and the part.
     */
    Compiled compile(DomainPack.RuleSpec rule) {
        String when = checked(rule, "when", rule.when(), SafeExpression.ValueKind.CONDITION);
        String impact = checked(rule, "impact", rule.impact(), SafeExpression.ValueKind.NUMBER);
        String confidenceText = rule.confidence() == null ? prep.pack.confidence() : rule.confidence();
        String confidence =
                checked(rule, "confidence", withImpact(confidenceText, impact), SafeExpression.ValueKind.NUMBER);
        var severity = new StringBuilder("CASE");
        if (rule.criticalWhen() != null && !rule.criticalWhen().isBlank()) {
            severity.append(" WHEN coalesce(")
                    .append(checked(rule, "critical_when", rule.criticalWhen(), SafeExpression.ValueKind.CONDITION))
                    .append(", FALSE) THEN 'critical'");
        }
        severity.append(severityLevels(impact));
        severity.append(" ELSE 'low' END");
        return new Compiled(rule, when, impact, confidence, severity.toString());
    }

    /** One part of a rule, checked and typed; an error names the rule and the part. */
    private String checked(DomainPack.RuleSpec rule, String part, String text, SafeExpression.ValueKind kind) {
        var db = prep.tables.db();
        try {
            SafeExpression e = SafeExpression.parse(db, prep.settings.substitute(text), prep.columns);
            e.requireKind(db, prep.features, kind);
            return e.sql();
        } catch (InvalidExpressionException e) {
            throw new InvalidExpressionException(e.expression(), "rule " + rule.id() + ", " + part + ": " + e.reason());
        }
    }

    /**
     * Why the rules' statement failed while it ran (a text value that is not a number, met only on some rows): the
     * first rule part that fails alone, as bad input naming the rule and the part; else the failure as it was.
     */
    private RuntimeException diagnose(List<Compiled> compiled, SQLException failure) {
        var db = prep.tables.db();
        for (Compiled c : compiled) {
            String holds = " FROM " + prep.features + " WHERE coalesce(" + c.when() + ", FALSE)";
            var parts = new LinkedHashMap<String, String>();
            parts.put("when", "SELECT count(*)" + holds);
            parts.put("impact", "SELECT sum(CAST(" + c.impact() + " AS DOUBLE))" + holds);
            parts.put("confidence", "SELECT sum(CAST(" + c.confidence() + " AS DOUBLE))" + holds);
            parts.put("severity", "SELECT count(DISTINCT " + c.severity() + ")" + holds);
            for (var part : parts.entrySet()) {
                try {
                    db.queryLong(part.getValue());
                } catch (SQLException e) {
                    String text = switch (part.getKey()) {
                        case "when" -> c.spec().when();
                        case "impact" -> c.spec().impact();
                        case "confidence" ->
                            c.spec().confidence() == null
                                    ? prep.pack.confidence()
                                    : c.spec().confidence();
                        default ->
                            c.spec().criticalWhen() == null
                                    ? "severity"
                                    : c.spec().criticalWhen();
                    };
                    return new InvalidExpressionException(
                            text,
                            "rule " + c.spec().id() + ", " + part.getKey() + ": "
                                    + SafeExpression.explain(e.getMessage()));
                }
            }
        }
        return new InternalException("SQL failed: " + SqlSession.firstLine(failure.getMessage()), failure);
    }

    /** {@code WHEN … THEN 'level'} for each of the pack's severity levels, for a finding of {@code impactSql}. */
    String severityLevels(String impactSql) {
        var sb = new StringBuilder();
        for (DomainPack.SeverityLevel level : prep.pack.severity()) {
            sb.append(" WHEN coalesce(")
                    .append(Preparation.expression(
                            prep.tables.db(), prep.settings, withImpact(level.when(), impactSql), prep.columns))
                    .append(", FALSE) THEN ")
                    .append(Sql.str(Severity.parse(level.level()).label()));
        }
        return sb.toString();
    }

    static String withImpact(String text, String impactSql) {
        return text.replace("{impact}", "(" + impactSql + ")");
    }

    /** The names a rule's description and evidence refer to. */
    static List<String> names(DomainPack.RuleSpec rule) {
        var out = new LinkedHashSet<>(rule.evidence());
        Matcher m = PLACEHOLDER.matcher(rule.description());
        while (m.find()) {
            out.add(m.group(1));
        }
        return new ArrayList<>(out);
    }

    Map<String, Object> evidenceOf(DomainPack.RuleSpec rule, Map<String, Object> values) {
        var out = new LinkedHashMap<String, Object>();
        for (String name : rule.evidence()) {
            out.put(
                    name,
                    values.containsKey(name)
                            ? values.get(name)
                            : prep.settings.params().get(name));
        }
        return out;
    }

    /** The rule's description with every {@code {name}} filled from the row (or a parameter) and formatted. */
    String describe(String template, Map<String, Object> values) {
        var out = new StringBuilder(template.length() + 40);
        for (Piece p : templates.computeIfAbsent(template, RuleRunner::pieces)) {
            if (p.name() == null) {
                out.append(p.text());
            } else {
                Object v = values.containsKey(p.name())
                        ? values.get(p.name())
                        : prep.settings.params().get(p.name());
                out.append(format(v, p.style()));
            }
        }
        return SPACES.matcher(out).replaceAll(" ").replace(" ,", ",").trim();
    }

    /** A piece of a description: literal text, or the name (and style) of a value to fill in. */
    private record Piece(String text, String name, String style) {}

    /** A description split at its placeholders, once per description rather than once per finding. */
    private static List<Piece> pieces(String template) {
        var out = new ArrayList<Piece>();
        Matcher m = PLACEHOLDER.matcher(template);
        int at = 0;
        while (m.find()) {
            out.add(new Piece(template.substring(at, m.start()), null, null));
            out.add(new Piece(null, m.group(1), m.group(2)));
            at = m.end();
        }
        out.add(new Piece(template.substring(at), null, null));
        return out;
    }

    static String format(Object v, String style) {
        if (v == null) {
            return "";
        }
        if (v instanceof Number n && style != null) {
            double d = n.doubleValue();
            return switch (style) {
                case "money" -> fixed(d, 2, true);
                case "pct" -> trim(fixed(d * 100, 2, false)) + "%";
                default -> trim(fixed(d, 4, true));
            };
        }
        if (v instanceof Double d) {
            return trim(fixed(d, 4, false));
        }
        return v.toString();
    }

    /**
     * {@code d} with {@code scale} decimals, as {@code String.format(Locale.ROOT, "%,.Nf")} (with {@code grouping})
     * or {@code "%.Nf"} writes it, ten times faster: the shortest decimal of the double rounded half up, thousands
     * separated by commas.
     */
    static String fixed(double d, int scale, boolean grouping) {
        if (!Double.isFinite(d)) {
            return String.format(Locale.ROOT, grouping ? "%,." + scale + "f" : "%." + scale + "f", d);
        }
        String digits = BigDecimal.valueOf(Math.abs(d))
                .setScale(scale, RoundingMode.HALF_UP)
                .toPlainString();
        var out = new StringBuilder(digits.length() + 8);
        if (Double.compare(d, 0.0) < 0) {
            out.append('-');
        }
        int point = digits.indexOf('.');
        int integers = point < 0 ? digits.length() : point;
        if (!grouping || integers <= 3) {
            return out.append(digits).toString();
        }
        for (int i = 0; i < integers; i++) {
            if (i > 0 && (integers - i) % 3 == 0) {
                out.append(',');
            }
            out.append(digits.charAt(i));
        }
        return out.append(digits, integers, digits.length()).toString();
    }

    /** {@code s} without trailing zeros after its decimal point, and without the point if nothing follows it. */
    private static String trim(String s) {
        if (s.indexOf('.') < 0) {
            return s;
        }
        int end = s.length();
        while (s.charAt(end - 1) == '0') {
            end--;
        }
        if (s.charAt(end - 1) == '.') {
            end--;
        }
        return s.substring(0, end);
    }

    /** A SQL value as a JSON-friendly Java value: numbers as doubles (6 decimals), dates as ISO text. */
    static Object jsonValue(ResultSet rs, int i) throws SQLException {
        Object v = rs.getObject(i);
        return switch (v) {
            case null -> null;
            case Boolean b -> b;
            case Number n -> {
                double d = n.doubleValue();
                yield Double.isNaN(d) || Double.isInfinite(d) ? null : Math.round(d * 1e6) / 1e6;
            }
            case String s -> s;
            default -> v.toString();
        };
    }
}
