package io.assay.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.assay.core.error.InvalidOptionException;
import io.assay.core.sql.DuckEngine;
import io.assay.core.table.BooleanColumn;
import io.assay.core.table.CategoricalColumn;
import io.assay.core.table.DateColumn;
import io.assay.core.table.NumberColumn;
import io.assay.core.table.Table;
import io.assay.core.table.TextColumn;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableWriterTest {

    @TempDir
    Path dir;

    static Table slice(String name, String comment, double amount, long id, Boolean paid, LocalDate day) {
        return Table.of(List.of(
                CategoricalColumn.of("customer", name),
                TextColumn.of("comment", comment),
                NumberColumn.ofDecimal("amount", amount),
                NumberColumn.ofInteger("id", id),
                BooleanColumn.of("paid", paid),
                DateColumn.of("day", day)));
    }

    @Test
    void aWorkbookIsWrittenSliceBySliceWithExcelsOwnTypesAndInertText() throws Exception {
        Path file = dir.resolve("scored.xlsx");
        try (var engine = DuckEngine.open(DuckEngine.Options.defaults(null));
                var w = TableWriter.open(engine, file)) {
            w.write(slice("=HYPERLINK(\"http://evil.example\",\"x\")", "-5", 12.5, 7, true, LocalDate.of(2024, 3, 1)));
            w.write(slice("@SUM(A1)", "+cmd", -3.25, 4_111_111_111_111_111L, null, null));
            assertThat(w.rows()).isEqualTo(2);
        }
        try (InputStream in = Files.newInputStream(file);
                var wb = new ReadableWorkbook(in)) {
            List<Row> rows = wb.getFirstSheet().read();
            assertThat(rows).hasSize(3);
            assertThat(rows.get(0).getCellText(0)).isEqualTo("customer");
            assertThat(rows.get(0).getCellText(5)).isEqualTo("day");
            Row first = rows.get(1);
            assertThat(first.getCellText(0)).isEqualTo("'=HYPERLINK(\"http://evil.example\",\"x\")");
            assertThat(first.getCellText(1))
                    .as("a number in a text column stays as written")
                    .isEqualTo("-5");
            assertThat(first.getCell(2).getType()).isEqualTo(CellType.NUMBER);
            assertThat(first.getCellAsNumber(2).orElseThrow()).isEqualByComparingTo(new BigDecimal("12.5"));
            assertThat(first.getCellAsNumber(3).orElseThrow()).isEqualByComparingTo(new BigDecimal("7"));
            assertThat(first.getCell(4).getType()).isEqualTo(CellType.BOOLEAN);
            assertThat(first.getCellAsDate(5).orElseThrow().toLocalDate()).isEqualTo(LocalDate.of(2024, 3, 1));
            Row second = rows.get(2);
            assertThat(second.getCellText(0)).isEqualTo("'@SUM(A1)");
            assertThat(second.getCellText(1)).isEqualTo("'+cmd");
            assertThat(second.getCellText(3))
                    .as("a whole number longer than Excel keeps exactly (15 digits) is kept as text")
                    .isEqualTo("4111111111111111");
            assertThat(second.getOptionalCell(4).filter(c -> c.getType() != CellType.EMPTY))
                    .as("a missing value is an empty cell")
                    .isEmpty();
        }
    }

    @Test
    void moreRowsThanAWorksheetHoldsAreRefusedBeforeAnyWork() {
        TableWriter.check(dir.resolve("ok.xlsx"), TableWriter.XLSX_MAX_ROWS);
        TableWriter.check(dir.resolve("big.csv"), 50_000_000);
        assertThatThrownBy(() -> TableWriter.check(dir.resolve("big.xlsx"), 1_048_576))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageEndingWith(
                        "1,048,576 rows do not fit in an Excel worksheet (at most 1,048,575); write .csv or .parquet");
        assertThatThrownBy(() -> TableWriter.check(dir.resolve("out.txt"), 1))
                .hasMessageEndingWith("use a .csv, .parquet, .jsonl or .xlsx name");
        assertThat(dir.resolve("big.xlsx")).doesNotExist();
    }
}
