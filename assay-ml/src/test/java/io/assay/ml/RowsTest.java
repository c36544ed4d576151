package io.assay.ml;

import static org.assertj.core.api.Assertions.assertThat;

import io.assay.core.pipeline.ApplyReport;
import io.assay.core.pipeline.Pipeline;
import io.assay.core.table.NumberColumn;
import io.assay.core.table.Table;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rows given as JSON become the table a model sees; values it cannot use are missing and reported by column. */
class RowsTest {

    private static final Pipeline.Fitted FITTED = Pipeline.fit(
            Table.of(List.of(
                    NumberColumn.ofInteger("qty", 1, 2, 3, 4, 5, 6),
                    NumberColumn.ofDecimal("price", 1.5, 2.5, 3.5, 4.5, 5.5, 6.5))),
            List.of("qty", "price"),
            null,
            Pipeline.Options.defaults());

    private static Rows.Converted convert(List<Map<String, Object>> rows) {
        return Rows.toTable(rows, FITTED.pipeline(), Map.of());
    }

    @Test
    void nonFiniteNumbersAreUnreadableNotInfinity() {
        // Jackson reads the JSON number 1e999999 as Infinity; text values go through the training file's format
        var converted = convert(List.of(
                Map.of("qty", 1, "price", Double.POSITIVE_INFINITY),
                Map.of("qty", 2, "price", "Infinity"),
                Map.of("qty", 3, "price", "NaN"),
                Map.of("qty", 4, "price", "1e999999"),
                Map.of("qty", 5, "price", 2.25)));
        var price = (NumberColumn) converted.table().column("price");
        for (int row = 0; row < 4; row++) {
            assertThat(price.isMissing(row)).as("row %d", row).isTrue();
        }
        assertThat(price.get(4)).isEqualTo(2.25);
        assertThat(converted.unreadable())
                .containsExactly(new ApplyReport.TypeChange("price", "decimal", "unreadable values", 4));
    }

    @Test
    void anIntegerBeyondWhatADoubleHoldsExactlyIsUnreadable() {
        var converted = convert(List.of(
                Map.of("qty", new BigInteger("99999999999999999999999"), "price", 1.0),
                Map.of("qty", 7, "price", 1e300)));
        var qty = (NumberColumn) converted.table().column("qty");
        assertThat(qty.isMissing(0)).isTrue();
        assertThat(qty.get(1)).isEqualTo(7);
        // finite, however absurd, is a number: the model decides what it means
        assertThat(((NumberColumn) converted.table().column("price")).get(1)).isEqualTo(1e300);
        assertThat(converted.unreadable())
                .containsExactly(new ApplyReport.TypeChange("qty", "integer", "unreadable values", 1));
    }
}
