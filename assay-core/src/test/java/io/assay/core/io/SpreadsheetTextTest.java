package io.assay.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SpreadsheetTextTest {

    @Test
    void textThatAFormulaCouldStartWithGetsAnApostrophe() {
        assertThat(SpreadsheetText.inert("=HYPERLINK(\"http://evil.example\")"))
                .isEqualTo("'=HYPERLINK(\"http://evil.example\")");
        assertThat(SpreadsheetText.inert("+1+1")).isEqualTo("'+1+1");
        assertThat(SpreadsheetText.inert("-cmd")).isEqualTo("'-cmd");
        assertThat(SpreadsheetText.inert("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(SpreadsheetText.inert("\tx")).isEqualTo("'\tx");
        assertThat(SpreadsheetText.inert("\rx")).isEqualTo("'\rx");
    }

    @Test
    void numbersAndOrdinaryTextStayAsTheyAre() {
        assertThat(SpreadsheetText.inert("-12.5")).isEqualTo("-12.5");
        assertThat(SpreadsheetText.inert("+3")).isEqualTo("+3");
        assertThat(SpreadsheetText.inert("-1d")).isEqualTo("'-1d");
        assertThat(SpreadsheetText.inert("Lisbon")).isEqualTo("Lisbon");
        assertThat(SpreadsheetText.inert("")).isEmpty();
        assertThat(SpreadsheetText.inert(null)).isNull();
    }
}
