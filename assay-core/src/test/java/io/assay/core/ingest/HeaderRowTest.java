package io.assay.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.assay.core.error.InvalidOptionException;
import io.assay.core.table.ColumnType;
import io.assay.core.testing.Workbooks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The header row of a workbook sheet, given where the detection cannot find it (a notes row above it). */
class HeaderRowTest {

    @TempDir
    Path dir;

    @Test
    void theDetectionTakesTheNotesRowWhichIsWhyTheRowCanBeGiven() throws IOException {
        var in = Ingest.read(Workbooks.titledReport(dir), Ingest.Options.defaults());
        assertThat(in.table().columnNames()).startsWith("Source: ERP export", "unaudited", "EUR");
    }

    @Test
    void theGivenRowIsTheHeaderAndTheRowsAboveAreLeftOutAndSaidSo() throws IOException {
        var in = Ingest.read(
                Workbooks.titledReport(dir), Ingest.Options.defaults().withHeaderRow(5));
        var t = in.table();
        assertThat(t.columnNames()).containsExactly("Region", "Product", "Units", "Revenue");
        assertThat(t.rowCount()).isEqualTo(6);
        assertThat(t.column("Units").type()).isEqualTo(ColumnType.INTEGER);
        assertThat(t.column("Revenue").type()).isEqualTo(ColumnType.DECIMAL);
        assertThat(t.column("Region").text(0)).isEqualTo("North");
        assertThat(in.report().notes())
                .contains("sheet 'Sales': the header is row 5, as given; 'Quarterly sales', 'Prepared by finance',"
                        + " 'Source: ERP export' above it left out");
    }

    @Test
    void theRowCountsOnTheChosenSheet() throws IOException {
        var in = Ingest.read(
                Workbooks.titledReport(dir),
                Ingest.Options.defaults().withSheet("Returns").withHeaderRow(3));
        assertThat(in.table().columnNames()).containsExactly("Product", "Units");
        assertThat(in.table().rowCount()).isEqualTo(1);
    }

    @Test
    void aHeaderRowOnTheFirstRowReadsAWorkbookAsBefore() throws IOException {
        var in = Ingest.read(Workbooks.sales(dir), Ingest.Options.defaults().withHeaderRow(1));
        assertThat(in.table().columnNames()).startsWith("Order", "Sold on");
        assertThat(in.table().rowCount()).isEqualTo(3);
    }

    @Nested
    class Refused {

        @Test
        void anEmptyRow() throws IOException {
            Path book = Workbooks.titledReport(dir);
            assertThatThrownBy(() -> Ingest.read(book, Ingest.Options.defaults().withHeaderRow(4)))
                    .isInstanceOf(InvalidOptionException.class)
                    .hasMessage("invalid header row '4': row 4 of sheet 'Sales' is empty");
        }

        @Test
        void aRowBelowTheLastOne() throws IOException {
            Path book = Workbooks.titledReport(dir);
            assertThatThrownBy(() -> Ingest.read(book, Ingest.Options.defaults().withHeaderRow(40)))
                    .isInstanceOf(InvalidOptionException.class)
                    .hasMessage("invalid header row '40': row 40 of sheet 'Sales' is empty; the sheet's last row"
                            + " with values is 11");
        }

        @Test
        void aRowOutsideAnyWorksheet() {
            assertThatThrownBy(() -> Ingest.Options.defaults().withHeaderRow(0))
                    .hasMessage("invalid header row '0': give the row number Excel shows, from 1 to 1048576");
            assertThatThrownBy(() -> Ingest.Options.defaults().withHeaderRow(1_048_577))
                    .isInstanceOf(InvalidOptionException.class);
        }

        @Test
        void aFileThatIsNoWorkbook() throws IOException {
            Path csv = Files.writeString(dir.resolve("sales.csv"), "a,b\n1,2\n");
            assertThatThrownBy(() -> Ingest.read(csv, Ingest.Options.defaults().withHeaderRow(2)))
                    .isInstanceOf(InvalidOptionException.class)
                    .hasMessage("invalid header row '2': names the header row of a workbook sheet (.xlsx); sales.csv"
                            + " is csv (its header: --header)");
        }

        @Test
        void aSheetOfAFileThatIsNoWorkbook() throws IOException {
            // read as if no sheet were named, the user would believe they saw the sheet they asked for
            Path csv = Files.writeString(dir.resolve("sales.csv"), "a,b\n1,2\n");
            assertThatThrownBy(() -> Ingest.read(csv, Ingest.Options.defaults().withSheet("Sales")))
                    .isInstanceOf(InvalidOptionException.class)
                    .hasMessage("invalid sheet 'Sales': chooses a worksheet of a workbook (.xlsx); sales.csv is csv");
        }
    }
}
