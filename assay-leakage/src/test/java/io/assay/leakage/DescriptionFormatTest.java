package io.assay.leakage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Amounts in finding descriptions read exactly as {@link String#format} writes them (the formatter the descriptions
 * were first written with), on ties, signs, grouping and every magnitude a file holds.
 */
class DescriptionFormatTest {

    @Test
    void moneyPercentagesAndNumbersReadAsStringFormatWritesThem() {
        var random = new SplittableRandom(2026);
        double[] edges = {
            0,
            -0.0,
            0.005,
            0.015,
            0.125,
            0.995,
            999.995,
            999_999.995,
            1234.5,
            -1234.565,
            1e-7,
            -1e-7,
            0.00005,
            0.00015,
            12_345_678.9,
            1e15,
            1e21,
            123_456_789_012.345,
            Double.MIN_VALUE,
            Double.MAX_VALUE,
            Double.NaN,
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY
        };
        for (double d : edges) {
            assertSameAsStringFormat(d);
        }
        for (int i = 0; i < 200_000; i++) {
            double scale = Math.pow(10, random.nextInt(-3, 10));
            double d = random.nextDouble(-1, 1) * scale;
            assertSameAsStringFormat(d);
            // values as the rules read them: rounded to 6 decimals, often on a cent or a half cent
            assertSameAsStringFormat(Math.round(d * 1e6) / 1e6);
            assertSameAsStringFormat(Math.round(d * 200) / 200.0);
            assertSameAsStringFormat(Math.round(d * 20_000) / 20_000.0);
        }
    }

    @Test
    void textAndMissingValuesAreWrittenAsTheyAre() {
        assertThat(RuleRunner.format(null, "money")).isEmpty();
        assertThat(RuleRunner.format("Food", "money")).isEqualTo("Food");
        assertThat(RuleRunner.format(12L, null)).isEqualTo("12");
        assertThat(RuleRunner.format(0.0725, "pct")).isEqualTo("7.25%");
        assertThat(RuleRunner.format(1234567.891, "money")).isEqualTo("1,234,567.89");
        assertThat(RuleRunner.format(3.0, "num")).isEqualTo("3");
    }

    private static void assertSameAsStringFormat(double d) {
        assertThat(RuleRunner.format(d, "money")).as("money %s", d).isEqualTo(String.format(Locale.ROOT, "%,.2f", d));
        assertThat(RuleRunner.format(d, "pct"))
                .as("pct %s", d)
                .isEqualTo(trimmed(String.format(Locale.ROOT, "%.2f", d * 100)) + "%");
        assertThat(RuleRunner.format(d, "num"))
                .as("num %s", d)
                .isEqualTo(trimmed(String.format(Locale.ROOT, "%,.4f", d)));
        assertThat(RuleRunner.format(d, null))
                .as("plain %s", d)
                .isEqualTo(trimmed(String.format(Locale.ROOT, "%.4f", d)));
    }

    private static String trimmed(String s) {
        if (!s.contains(".")) {
            return s;
        }
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
