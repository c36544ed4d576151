package io.assay.core.sql;

import io.assay.core.error.InvalidExpressionException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A user-written row expression (a consistency check, a leakage rule) that has been proven harmless: it is parsed
 * by DuckDB's own parser and its syntax tree may hold only column references, constants, arithmetic, comparisons,
 * logic, {@code CASE}, casts and functions from a fixed allow-list. Subqueries, table functions, {@code *}, window
 * functions, parameters and every function that could touch files, the network, settings or variables are
 * rejected, so an expression can only compute a value from the row it is evaluated on.
 *
 * <pre>{@code
 * SafeExpression check = SafeExpression.parse(session, "abs(\"Total\" - (cogs + \"Tax 5%\")) <= 0.01", columns);
 * String sql = "SELECT count(*) FILTER (WHERE NOT (" + check.sql() + ")) FROM t";
 * }</pre>
 */
public final class SafeExpression {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Functions an expression may call: pure, row-level, no I/O, no state. */
    private static final Set<String> ALLOWED_FUNCTIONS = Set.of(
            // operators DuckDB represents as functions
            "+",
            "-",
            "*",
            "/",
            "//",
            "%",
            "^",
            "**",
            "~~",
            "!~~",
            "~~*",
            "!~~*",
            "||",
            // arithmetic
            "abs",
            "round",
            "floor",
            "ceil",
            "ceiling",
            "trunc",
            "sqrt",
            "cbrt",
            "ln",
            "log",
            "log10",
            "log2",
            "exp",
            "pow",
            "power",
            "sign",
            "mod",
            "greatest",
            "least",
            "isnan",
            "isinf",
            "isfinite",
            "round_even",
            // null handling and conditionals
            "coalesce",
            "ifnull",
            "nullif",
            "if",
            // text
            "lower",
            "upper",
            "lcase",
            "ucase",
            "trim",
            "ltrim",
            "rtrim",
            "length",
            "strlen",
            "substring",
            "substr",
            "left",
            "right",
            "concat",
            "starts_with",
            "ends_with",
            "contains",
            "prefix",
            "suffix",
            "replace",
            "regexp_matches",
            "regexp_full_match",
            "strpos",
            "instr",
            "position",
            "lpad",
            "rpad",
            "reverse",
            // dates and times
            "year",
            "month",
            "day",
            "dayofweek",
            "dayofyear",
            "hour",
            "minute",
            "second",
            "week",
            "quarter",
            "date_part",
            "datepart",
            "date_diff",
            "datediff",
            "date_trunc",
            "datetrunc",
            "epoch",
            "make_date",
            "last_day",
            "dayname",
            "monthname",
            "isodow");

    private static final Set<String> ALLOWED_CLASSES = Set.of(
            "COLUMN_REF", "CONSTANT", "COMPARISON", "CONJUNCTION", "OPERATOR", "CASE", "CAST", "FUNCTION", "BETWEEN");

    private static final Set<String> ALLOWED_CAST_TYPES = Set.of(
            "DOUBLE",
            "FLOAT",
            "BIGINT",
            "INTEGER",
            "SMALLINT",
            "DECIMAL",
            "VARCHAR",
            "BOOLEAN",
            "DATE",
            "TIMESTAMP",
            "TIME",
            "HUGEINT",
            "REAL",
            "NUMERIC",
            "INT",
            "TEXT",
            "STRING");

    private final String text;
    private final List<String> columns;

    private SafeExpression(String text, List<String> columns) {
        this.text = text;
        this.columns = List.copyOf(columns);
    }

    /**
     * Parses and checks {@code expression} against the columns it may reference (matched case-insensitively, as
     * DuckDB does).
     *
     * @throws InvalidExpressionException when it does not parse, references an unknown column, or uses anything
     *     outside the allow-list
     */
    public static SafeExpression parse(SqlSession session, String expression, Collection<String> availableColumns) {
        if (expression == null || expression.isBlank()) {
            throw new InvalidExpressionException(String.valueOf(expression), "it is empty");
        }
        if (expression.length() > 4000) {
            throw new InvalidExpressionException(expression, "it is longer than 4000 characters");
        }
        String tree;
        try {
            tree = session.query("SELECT json_serialize_sql(" + Sql.str("SELECT (" + expression + ")") + ")", rs -> {
                rs.next();
                return rs.getString(1);
            });
        } catch (SQLException e) {
            throw new InvalidExpressionException(expression, SqlSession.firstLine(e.getMessage()));
        }
        JsonNode root = JSON.readTree(tree);
        if (root.path("error").asBoolean(false)) {
            throw new InvalidExpressionException(
                    expression, cleanParserMessage(root.path("error_message").asString(""), expression));
        }
        JsonNode statements = root.path("statements");
        if (statements.size() != 1) {
            throw new InvalidExpressionException(expression, "write a single expression");
        }
        JsonNode node = statements.get(0).path("node");
        boolean plainSelect = "SELECT_NODE".equals(node.path("type").asString(""))
                && node.path("select_list").size() == 1
                && "EMPTY".equals(node.path("from_table").path("type").asString(""))
                && node.path("where_clause").isNull()
                && node.path("having").isNull()
                && node.path("qualify").isNull()
                && node.path("sample").isNull()
                && node.path("group_expressions").isEmpty()
                && node.path("modifiers").isEmpty()
                && node.path("cte_map").path("map").isEmpty();
        if (!plainSelect) {
            throw new InvalidExpressionException(expression, "write a single expression over the row's columns");
        }
        Map<String, String> byLowerName = new TreeMap<>();
        for (String c : availableColumns) {
            byLowerName.putIfAbsent(c.toLowerCase(Locale.ROOT), c);
        }
        var used = new LinkedHashSet<String>();
        check(node.path("select_list").get(0), expression, byLowerName, used);
        return new SafeExpression(expression.trim(), new ArrayList<>(used));
    }

    private static void check(JsonNode expr, String source, Map<String, String> columns, Set<String> used) {
        String cls = expr.path("class").asString("");
        if (!ALLOWED_CLASSES.contains(cls)) {
            throw new InvalidExpressionException(source, describe(cls) + " is not allowed in an expression");
        }
        switch (cls) {
            case "COLUMN_REF" -> {
                JsonNode names = expr.path("column_names");
                if (names.size() != 1) {
                    throw new InvalidExpressionException(source, "refer to columns by name only, not table.column");
                }
                String name = names.get(0).asString();
                String actual = columns.get(name.toLowerCase(Locale.ROOT));
                if (actual == null) {
                    throw new InvalidExpressionException(
                            source, "no column '" + name + "' (quote names with spaces or symbols in double quotes)");
                }
                used.add(actual);
            }
            case "FUNCTION" -> {
                String fn = expr.path("function_name").asString("").toLowerCase(Locale.ROOT);
                if (!ALLOWED_FUNCTIONS.contains(fn)
                        || !expr.path("schema").asString("").isEmpty()
                        || !expr.path("catalog").asString("").isEmpty()) {
                    throw new InvalidExpressionException(
                            source, "function '" + fn + "' is not allowed in an expression");
                }
                if (!expr.path("filter").isNull()
                        || expr.path("distinct").asBoolean(false)
                        || !expr.path("order_bys").path("orders").isEmpty()) {
                    throw new InvalidExpressionException(source, "aggregate clauses are not allowed in an expression");
                }
            }
            case "CAST" -> {
                JsonNode type = expr.path("type_expr");
                String name = type.path("type_name").asString("").toUpperCase(Locale.ROOT);
                if (!ALLOWED_CAST_TYPES.contains(name) || !type.path("children").isEmpty()) {
                    throw new InvalidExpressionException(source, "cast to " + name + " is not allowed");
                }
                check(expr.path("child"), source, columns, used);
                return;
            }
            default -> {
                // constants, comparisons, logic, CASE, BETWEEN: their children are checked below
            }
        }
        for (var entry : expr.properties()) {
            visitChildren(entry.getValue(), source, columns, used);
        }
    }

    private static void visitChildren(JsonNode value, String source, Map<String, String> columns, Set<String> used) {
        if (value.isObject()) {
            if (value.has("class")) {
                check(value, source, columns, used);
            } else {
                for (var entry : value.properties()) {
                    visitChildren(entry.getValue(), source, columns, used);
                }
            }
        } else if (value.isArray()) {
            for (JsonNode item : value) {
                visitChildren(item, source, columns, used);
            }
        }
    }

    private static String describe(String cls) {
        return switch (cls) {
            case "SUBQUERY" -> "a subquery";
            case "STAR" -> "'*'";
            case "WINDOW" -> "a window function";
            case "PARAMETER" -> "a parameter";
            case "LAMBDA" -> "a lambda";
            case "" -> "this construct";
            default -> cls.toLowerCase(Locale.ROOT).replace('_', ' ');
        };
    }

    /** The parser's first line, about the user's text: the ')' it may name is ours when the text has none. */
    private static String cleanParserMessage(String message, String expression) {
        String m = SqlSession.firstLine(message);
        String ours = "at or near \")\"";
        if (m.endsWith(ours) && !expression.contains(")")) {
            m = m.substring(0, m.length() - ours.length()) + "at the end of the expression";
        }
        return m.isEmpty() ? "it does not parse" : m;
    }

    /** The expression's SQL text, safe to embed in {@code SELECT ... FROM table}. */
    public String sql() {
        return "(" + text + ")";
    }

    /** The expression as the user wrote it (trimmed). */
    public String text() {
        return text;
    }

    /** The columns the expression reads, as the table names them. */
    public List<String> columns() {
        return columns;
    }

    @Override
    public String toString() {
        return text;
    }
}
