package io.assay.core.error;

/**
 * A user-written expression (consistency check, rule) that does not parse or uses something expressions may not
 * use: subqueries, table functions, file or network access, or functions outside the allow-list.
 */
public final class InvalidExpressionException extends AssayException {

    private final String expression;
    private final String reason;

    public InvalidExpressionException(String expression, String reason) {
        super("invalid expression '" + abbreviate(expression) + "': " + reason);
        this.expression = expression;
        this.reason = reason;
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }

    public String expression() {
        return expression;
    }

    public String reason() {
        return reason;
    }

    @Override
    public String code() {
        return "invalid-expression";
    }
}
