package io.assay.core.error;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The one-line reason a user reads for a value that cannot be used. */
class InvalidOptionExceptionTest {

    @Test
    void aWholeNumberReadsAsTyped() {
        assertThat(new InvalidOptionException("test size", 2.0, "must be between 0 and 1").getMessage())
                .isEqualTo("invalid test size '2': must be between 0 and 1");
        assertThat(new InvalidOptionException("max_depth", -3.0, "must be at least 1").value())
                .isEqualTo("-3");
    }

    @Test
    void otherValuesAreUnchanged() {
        assertThat(new InvalidOptionException("test size", 1.5, "x").value()).isEqualTo("1.5");
        assertThat(new InvalidOptionException("port", "abc", "x").value()).isEqualTo("abc");
        assertThat(new InvalidOptionException("rows", null, "x").value()).isEqualTo("null");
        assertThat(new InvalidOptionException("share", Double.NaN, "x").value()).isEqualTo("NaN");
    }

    @Test
    void aLongValueIsCutWithItsLengthSoTheErrorStaysOneReadableLine() {
        String pasted = "x".repeat(5_000);
        var e = new InvalidOptionException("model name", pasted, "use letters, digits, '-' and '_'");
        assertThat(e.getMessage())
                .isEqualTo("invalid model name '" + "x".repeat(120) + "… (5,000 characters)': use letters, digits, '-'"
                        + " and '_'");
        assertThat(new InvalidOptionException("name", "y".repeat(120), "x").value())
                .isEqualTo("y".repeat(120));
    }
}
