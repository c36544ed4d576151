package io.assay.core.sql;

import io.assay.core.error.InvalidExpressionException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
        if (hasComment(expression)) {
            throw new InvalidExpressionException(
                    expression,
                    "comments ('--' or '/* */') are not allowed in an expression: they could hide part of it");
        }
        String tree;
        try {
            tree = session.query("SELECT json_serialize_sql(" + Sql.str("SELECT (" + expression + ")") + ")", rs -> {
                rs.next();
                return rs.getString(1);
            });
        } catch (SQLException e) {
            throw new InvalidExpressionException(expression, explain(e.getMessage()));
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
        String m = explain(message);
        String ours = "at or near \")\"";
        if (m.endsWith(ours) && !expression.contains(")")) {
            m = m.substring(0, m.length() - ours.length()) + "at the end of the expression";
        }
        return m.isEmpty() ? "it does not parse" : m;
    }

    /**
     * Whether {@code text} holds a {@code --} or {@code /* *}{@code /} comment outside its string literals and quoted
     * names, as DuckDB's scanner would see it: single-quoted strings (also {@code E'…'} with backslash escapes),
     * double-quoted names and dollar-quoted strings ({@code $$…$$}, {@code $tag$…$tag$}).
     */
    static boolean hasComment(String text) {
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            char next = i + 1 < n ? text.charAt(i + 1) : ' ';
            if ((c == '-' && next == '-') || (c == '/' && next == '*')) {
                return true;
            }
            if (c == '\'' || c == '"') {
                boolean escapes = c == '\''
                        && i > 0
                        && (text.charAt(i - 1) == 'e' || text.charAt(i - 1) == 'E')
                        && (i < 2 || !isWordChar(text.charAt(i - 2)));
                i = endOfQuoted(text, i, c, escapes);
                continue;
            }
            if (c == '$' && (i == 0 || !isWordChar(text.charAt(i - 1)))) {
                int close = text.indexOf('$', i + 1);
                String tag = close < 0 ? null : text.substring(i, close + 1);
                // a tag starts with a letter or '_' ($1 is a parameter, not a quote), as in DuckDB's lexer
                boolean quote = tag != null
                        && (tag.length() == 2 || !Character.isDigit(tag.charAt(1)))
                        && tag.chars().skip(1).limit(tag.length() - 2L).allMatch(SafeExpression::isTagChar);
                int end = quote ? text.indexOf(tag, close + 1) : -1;
                if (end >= 0) {
                    i = end + tag.length();
                    continue;
                }
                // not a quote, or an unterminated one (the parser refuses it): look on for comments after it
            }
            i++;
        }
        return false;
    }

    private static int endOfQuoted(String text, int start, char quote, boolean backslashEscapes) {
        int i = start + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return i;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static boolean isTagChar(int c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    /**
     * The type DuckDB gives the expression's value over {@code relation} (e.g. {@code BOOLEAN}, {@code DOUBLE},
     * {@code VARCHAR}), found by binding it without running it.
     *
     * @throws InvalidExpressionException when it does not type-check there (text compared with a number, a function
     *     given a value it does not take), with DuckDB's reason in plain words
     */
    String typeIn(SqlSession session, String relation) {
        try (PreparedStatement st = session.connection().prepareStatement("SELECT " + sql() + " FROM " + relation)) {
            return st.getMetaData().getColumnTypeName(1).replace("\"", "");
        } catch (SQLException e) {
            throw new InvalidExpressionException(text, explain(e.getMessage()));
        }
    }

    /**
     * Checks that the expression's value over {@code relation} is of {@code kind}.
     *
     * @throws InvalidExpressionException when it does not type-check or its value is of another kind
     */
    public void requireKind(SqlSession session, String relation, ValueKind kind) {
        String type = typeIn(session, relation);
        ValueKind actual = ValueKind.of(type);
        if (actual != kind && actual != ValueKind.NOTHING) {
            throw new InvalidExpressionException(
                    text, "its value is " + words(type) + ", and " + kind.expected + " is needed here");
        }
    }

    /** What kind of value an expression has, for the checks of where it is used. */
    public enum ValueKind {
        CONDITION("a condition (true or false)"),
        NUMBER("a number"),
        OTHER("another value"),
        NOTHING("nothing (NULL)");

        private final String expected;

        ValueKind(String expected) {
            this.expected = expected;
        }

        static ValueKind of(String duckType) {
            String t = duckType.toUpperCase(Locale.ROOT);
            if (t.equals("BOOLEAN")) {
                return CONDITION;
            }
            if (t.equals("NULL")) {
                return NOTHING;
            }
            return NUMERIC.matcher(t).matches() ? NUMBER : OTHER;
        }
    }

    private static final Pattern NUMERIC = Pattern.compile(
            "U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)|FLOAT|DOUBLE|REAL|DECIMAL(\\(.*\\))?|INTEGER_LITERAL"
                    + "|DECIMAL_LITERAL");
    private static final Pattern ERROR_KIND = Pattern.compile("^[A-Z][A-Za-z ]* Error: ");
    private static final Pattern COMPARE = Pattern.compile("Cannot compare values of type (\\S+) and type (\\S+)");
    private static final Pattern NO_FUNCTION =
            Pattern.compile("No function matches the given name and argument types '([^'(]+)\\((.*?)\\)'");
    private static final Pattern CONVERT =
            Pattern.compile("Could not convert string '(.*)' to (\\S+?)(?: when casting from source column (\\S+))?$");
    private static final Pattern MIX = Pattern.compile("Cannot mix values of type (\\S+) and (\\S+)");
    private static final Pattern DEPTH = Pattern.compile("Max expression depth limit of (\\d+) exceeded");
    private static final Pattern TYPE_NAME = Pattern.compile(
            "\\b(VARCHAR|STRING_LITERAL|BOOLEAN|DATE|TIMESTAMP(?:_[A-Z]+| WITH TIME ZONE)?|TIME|INTERVAL"
                    + "|U?(?:TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)|FLOAT|DOUBLE|DECIMAL(?:\\(\\d+,\\d+\\))?"
                    + "|INTEGER_LITERAL|DECIMAL_LITERAL)\\b");

    /**
     * DuckDB's reason for refusing or failing an expression, in plain words: what it was comparing or converting,
     * without the engine's type names or its advice to change settings.
     */
    public static String explain(String duckdbMessage) {
        String m =
                ERROR_KIND.matcher(SqlSession.firstLine(duckdbMessage).trim()).replaceFirst("");
        Matcher x = DEPTH.matcher(m);
        if (x.find()) {
            return "it is nested too deeply (at most " + x.group(1) + " levels of parentheses and operators)";
        }
        x = COMPARE.matcher(m);
        if (x.find()) {
            return "it compares " + words(x.group(1)) + " with " + words(x.group(2))
                    + ", which cannot be compared (convert one side, e.g. CAST(x AS DOUBLE))";
        }
        x = NO_FUNCTION.matcher(m);
        if (x.find()) {
            var args = new ArrayList<String>();
            for (String a : x.group(2).split(",")) {
                if (!a.isBlank()) {
                    args.add(words(a.trim()));
                }
            }
            String name = x.group(1).matches("[A-Za-z_0-9]+") ? "function " + x.group(1) : "'" + x.group(1) + "'";
            return name + " does not take " + (args.isEmpty() ? "no arguments" : String.join(" and ", args));
        }
        x = CONVERT.matcher(m);
        if (x.find()) {
            return "'" + x.group(1) + "' is not " + words(x.group(2))
                    + (x.group(3) == null ? "" : " (a value of " + x.group(3) + ")");
        }
        x = MIX.matcher(m);
        if (x.find()) {
            return "it mixes " + words(x.group(1)) + " and " + words(x.group(2));
        }
        int hint = m.indexOf(" You might need");
        if (hint > 0) {
            m = m.substring(0, hint);
        }
        m = m.replace(" - an explicit cast is required", "");
        Matcher t = TYPE_NAME.matcher(m);
        var out = new StringBuilder();
        while (t.find()) {
            t.appendReplacement(out, Matcher.quoteReplacement(words(t.group(1))));
        }
        t.appendTail(out);
        return out.isEmpty() ? "it cannot be evaluated" : out.toString();
    }

    /** A DuckDB type in a reader's words: text, a number, a date. */
    static String words(String duckType) {
        String t = duckType.replace("\"", "").toUpperCase(Locale.ROOT);
        return switch (t) {
            case "VARCHAR", "STRING_LITERAL" -> "text";
            case "BOOLEAN" -> "true/false";
            case "DATE" -> "a date";
            case "TIME" -> "a time of day";
            case "INTERVAL" -> "a duration";
            case "NULL" -> "nothing (NULL)";
            default -> {
                if (t.startsWith("TIMESTAMP")) {
                    yield "a date and time";
                }
                yield NUMERIC.matcher(t).matches() ? "a number" : t.toLowerCase(Locale.ROOT);
            }
        };
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
