package io.assay.core.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.assay.core.error.InvalidExpressionException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SafeExpressionTest {

    private static final List<String> COLUMNS = List.of("Total", "cogs", "Tax 5%", "category", "sold_on");

    DuckEngine engine;
    SqlSession db;

    @BeforeEach
    void start() {
        engine = DuckEngine.open(DuckEngine.Options.defaults(null));
        db = new SqlSession(engine);
    }

    @AfterEach
    void stop() {
        db.close();
        engine.close();
    }

    @Test
    void acceptsArithmeticComparisonsAndAllowedFunctions() throws Exception {
        var e = SafeExpression.parse(
                db,
                "abs(\"Total\" - (cogs + \"Tax 5%\")) <= 0.01 AND lower(category) IN ('food', 'drinks')"
                        + " AND year(sold_on) >= 2019 AND CASE WHEN cogs > 0 THEN true ELSE false END AND cogs::DOUBLE > 0",
                COLUMNS);
        assertThat(e.columns()).containsExactly("Total", "cogs", "Tax 5%", "category", "sold_on");
        db.execute("CREATE TABLE t AS SELECT 10.5 AS \"Total\", 10.0 AS cogs, 0.5 AS \"Tax 5%\", 'Food' AS category,"
                + " DATE '2020-01-01' AS sold_on");
        assertThat(db.queryLong("SELECT count(*) FROM t WHERE " + e.sql())).isEqualTo(1);
    }

    @Test
    void resolvesColumnNamesCaseInsensitively() {
        assertThat(SafeExpression.parse(db, "TOTAL > COGS", COLUMNS).columns()).containsExactly("Total", "cogs");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "(SELECT 1) = 1",
                "read_csv('/etc/passwd') IS NOT NULL",
                "read_text('/etc/passwd') IS NOT NULL",
                "getvariable('x') = 1",
                "current_setting('threads') = '2'",
                "cogs > 0; DROP TABLE t",
                "cogs > 0) FROM t WHERE (1",
                "system('ls') = 0",
                "count(*) > 0",
                "row_number() OVER () > 1",
                "* IS NOT NULL",
                "t.cogs > 0",
                "cogs::BLOB IS NULL",
                "nothing > 0",
                ""
            })
    void rejectsAnythingThatIsNotARowExpression(String hostile) {
        assertThatThrownBy(() -> SafeExpression.parse(db, hostile, COLUMNS))
                .isInstanceOf(InvalidExpressionException.class)
                .hasMessageStartingWith("invalid expression")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aSyntaxErrorNamesWhatTheUserWrote() {
        // the text is parsed inside parentheses: an unfinished expression is not blamed on a ')' the user never typed
        assertThatThrownBy(() -> SafeExpression.parse(db, "cogs >", COLUMNS))
                .hasMessageEndingWith("syntax error at the end of the expression")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\")\""));
        assertThatThrownBy(() -> SafeExpression.parse(db, "abs(cogs >", COLUMNS))
                .hasMessageContaining("syntax error");
    }

    @Test
    void explainsAnUnknownColumn() {
        assertThatThrownBy(() -> SafeExpression.parse(db, "price > 0", COLUMNS))
                .hasMessageContaining("no column 'price'");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "cogs > 1 /* x */ OR true",
                "cogs > 1 -- AND false",
                "cogs > 1 --",
                "category = 'a' OR \"Total\" > 1/**/",
                "category = E'it\\'s' -- x",
                "cogs > $1$ -- $1$", // $1 is a parameter, not a dollar quote
                "category = $t$ never closed -- x",
            })
    void refusesCommentsThatCouldHidePartOfAnExpression(String hidden) {
        assertThatThrownBy(() -> SafeExpression.parse(db, hidden, COLUMNS))
                .isInstanceOf(InvalidExpressionException.class)
                .hasMessageEndingWith(
                        "comments ('--' or '/* */') are not allowed in an expression: they could hide" + " part of it");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "category = '-- not a comment'",
                "category = '/* text */'",
                "\"Tax 5%\" - -1 > 0",
                "category = $$--$$",
                "category = $t$/*$t$",
                "category = 'it''s -- text'",
            })
    void acceptsCommentMarksInsideTextAndNegativeNumbers(String fine) {
        assertThat(SafeExpression.parse(db, fine, COLUMNS).text()).isEqualTo(fine);
    }

    @Test
    void aTooDeeplyNestedExpressionSaysSoWithTheLimitAndNoSettingsAdvice() {
        String deep = "(".repeat(1100) + "cogs" + ")".repeat(1100) + " > 0";
        assertThatThrownBy(() -> SafeExpression.parse(db, deep, COLUMNS))
                .isInstanceOf(InvalidExpressionException.class)
                .hasMessageEndingWith("it is nested too deeply (at most 1000 levels of parentheses and operators)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("SET", "max_expression_depth"));
    }

    @Test
    void typesAnExpressionWithoutRunningItAndExplainsWhatDoesNotFit() throws Exception {
        db.execute("CREATE TABLE typed AS SELECT 10.5 AS \"Total\", 10.0 AS cogs, 0.5 AS \"Tax 5%\","
                + " 'Food' AS category, DATE '2020-01-01' AS sold_on");
        assertThat(SafeExpression.parse(db, "cogs > 1", COLUMNS).typeIn(db, "typed"))
                .isEqualTo("BOOLEAN");
        SafeExpression.parse(db, "cogs * 2", COLUMNS).requireKind(db, "typed", SafeExpression.ValueKind.NUMBER);
        assertThatThrownBy(() -> SafeExpression.parse(db, "category > 5", COLUMNS)
                        .requireKind(db, "typed", SafeExpression.ValueKind.CONDITION))
                .hasMessage("invalid expression 'category > 5': it compares text with a number, which cannot be"
                        + " compared (convert one side, e.g. CAST(x AS DOUBLE))");
        assertThatThrownBy(() -> SafeExpression.parse(db, "sold_on > 5", COLUMNS)
                        .requireKind(db, "typed", SafeExpression.ValueKind.CONDITION))
                .hasMessageContaining("it compares a date with a number");
        assertThatThrownBy(() -> SafeExpression.parse(db, "category", COLUMNS)
                        .requireKind(db, "typed", SafeExpression.ValueKind.NUMBER))
                .hasMessageEndingWith("its value is text, and a number is needed here");
        assertThat(SafeExpression.explain("Conversion Error: Could not convert string 'x' to DOUBLE"))
                .isEqualTo("'x' is not a number");
    }
}
