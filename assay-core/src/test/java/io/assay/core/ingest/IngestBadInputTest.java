package io.assay.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.assay.core.error.InvalidFileException;
import io.assay.core.error.UnsupportedFormatException;
import io.assay.core.sql.DuckEngine;
import io.assay.core.sql.SqlSession;
import io.assay.core.testing.Workbooks;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad file gets one clear error and leaves nothing behind in the engine. */
class IngestBadInputTest {

    @TempDir
    Path dir;

    DuckEngine engine;

    @BeforeEach
    void start() {
        engine = DuckEngine.open(DuckEngine.Options.defaults(null));
    }

    @AfterEach
    void noPartialState() throws Exception {
        try (var db = new SqlSession(engine)) {
            assertThat(db.queryStrings("SELECT table_name FROM duckdb_tables()"))
                    .as("tables left behind")
                    .isEmpty();
        }
        engine.close();
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private InvalidFileException fails(Path file) {
        return fails(file, Ingest.Options.defaults());
    }

    private InvalidFileException fails(Path file, Ingest.Options options) {
        var thrown = org.assertj.core.api.Assertions.catchThrowableOfType(
                InvalidFileException.class,
                () -> Ingest.open(engine, file, options).close());
        assertThat(thrown).as("expected an InvalidFileException").isNotNull();
        assertThat(thrown.getMessage()).doesNotContain("\n");
        return thrown;
    }

    @Test
    void rejectsEmptyFile() throws IOException {
        assertThat(fails(write("empty.csv", "")).getMessage()).isEqualTo("empty.csv: the file is empty");
    }

    @Test
    void rejectsHeaderOnlyFile() throws IOException {
        assertThat(fails(write("header.csv", "a,b,c\n")).getMessage()).contains("has a header row but no data rows");
    }

    @Test
    void rejectsBinaryFileWithCsvName() throws IOException {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        Path file = Files.write(dir.resolve("photo.csv"), png);
        assertThat(fails(file).getMessage()).isEqualTo("photo.csv: is a PNG image, not delimited text");
    }

    @Test
    void rejectsBinaryDataWithNulBytes() throws IOException {
        byte[] data = new byte[4096];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i % 7 == 0 ? 0 : 'a' + i % 26);
        }
        Path file = Files.write(dir.resolve("blob.csv"), data);
        assertThat(fails(file).getMessage()).contains("binary data");
    }

    @Test
    void rejectsMissingFile() {
        assertThat(fails(dir.resolve("nowhere.csv")).getMessage()).isEqualTo("nowhere.csv: no such file");
    }

    @Test
    void rejectsUnsupportedExtension() throws IOException {
        Path file = write("notes.pdf", "hello");
        assertThatThrownBy(() -> Ingest.open(engine, file, Ingest.Options.defaults()))
                .isInstanceOf(UnsupportedFormatException.class)
                .hasMessageContaining("'.pdf' files are not supported")
                .hasMessageContaining(".csv");
    }

    @Test
    void rejectsLegacyXlsExtension() throws IOException {
        Path file = write("old.xls", "x");
        assertThatThrownBy(() -> Ingest.open(engine, file, Ingest.Options.defaults()))
                .isInstanceOf(UnsupportedFormatException.class)
                .hasMessageContaining("save it as .xlsx");
    }

    @Nested
    class RaggedRows {

        @Test
        void beyondToleranceAreRefusedWithTheirLineNumbers() throws IOException {
            Path file = write("ragged.csv", "a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n");
            assertThat(fails(file).getMessage())
                    .contains("2 of 4 rows cannot be read")
                    .contains("line 3: expected 3 fields, found 2")
                    .contains("line 4: expected 3 fields, found 4");
        }

        @Test
        void withinToleranceAreSkippedAndReported() throws IOException {
            var sb = new StringBuilder("id,value\n");
            for (int i = 0; i < 300; i++) {
                sb.append(i).append(',').append(i * 2).append('\n');
                if (i == 99) {
                    sb.append("oops,1,2\n");
                }
            }
            Path file = write("mostly.csv", sb.toString());
            try (var ds = Ingest.open(engine, file, Ingest.Options.defaults())) {
                assertThat(ds.rowCount()).isEqualTo(300);
                assertThat(ds.report().skippedRowCount()).isEqualTo(1);
                assertThat(ds.report().skippedRows().getFirst().line()).isEqualTo(102);
                assertThat(ds.report().problems()).anyMatch(p -> p.contains("line 102: expected 2 fields, found 3"));
                // rows after the skipped one still point at their place in the file
                var table = ds.toTable();
                assertThat(table.column("id").value(100)).isEqualTo(100L);
                assertThat(table.sourceRow(100)).isEqualTo(101);
            }
        }
    }

    @Test
    void duplicateAndEmptyColumnNamesAreMadeUniqueAndReported() throws IOException {
        Path file = write("names.csv", "price,Price,,total\n1,2,3,4\n5,6,7,8\n");
        try (var ds = Ingest.open(engine, file, Ingest.Options.defaults())) {
            assertThat(ds.schema().names()).containsExactly("price", "Price_2", "column_3", "total");
            assertThat(ds.report().renamedColumns())
                    .extracting(IngestReport.ColumnRename::reason)
                    .containsExactly("repeats the name 'price'", "has no name");
        }
    }

    @Test
    void aTenMegabyteFieldIsRefusedWithItsLine() throws IOException {
        Path file = write("huge.csv", "a,b\n1,x\n2," + "y".repeat(10_000_000) + "\n3,z\n");
        assertThat(fails(file).getMessage()).contains("line").contains("over the 2,097,152-byte limit for one line");
    }

    @Test
    void aTooLongLineIsNamedByItsLineInTheFileAndTheMessageSaysWhatCanBeDone() throws IOException {
        Path file = write("long-second.csv", "a,b\n1," + "y".repeat(3_000_000) + "\n2,x\n");
        assertThat(fails(file).getMessage())
                .as("line 1 is the header")
                .contains("line 2 is 3,000,003 bytes long")
                .contains("unclosed quote")
                .contains("Ingest.Options")
                .doesNotContain("raise the line limit if it is intended");
        Path later = write("long-third.csv", "a,b\n1,x\n2," + "y".repeat(3_000_000) + "\n");
        assertThat(fails(later).getMessage()).contains("line 3 is 3,000,003 bytes long");
    }

    @Test
    void aWorkbookThatDeclaresXmlEntitiesIsRefusedInOneLine() throws IOException {
        Path file = dir.resolve("xxe.xlsx");
        try (OutputStream os = Files.newOutputStream(file);
                var zip = new ZipOutputStream(os)) {
            workbookParts(
                    zip,
                    "<?xml version=\"1.0\"?><!DOCTYPE workbook [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>",
                    "&xxe;");
            put(zip, "xl/worksheets/sheet1.xml", "<worksheet><sheetData/></worksheet>");
        }
        String message = fails(file).getMessage();
        assertThat(message)
                .contains("declares XML entities, which Assay does not read")
                .doesNotContain("\n")
                .doesNotContain("row,col")
                .doesNotContain("root:");
    }

    @Test
    void aLongFieldIsReadWhenTheLimitIsRaised() throws IOException {
        Path file = write("long.csv", "a,b\n1,x\n2," + "y".repeat(3_000_000) + "\n");
        try (var ds = Ingest.open(engine, file, Ingest.Options.defaults().withMaxLineBytes(8_000_000))) {
            assertThat(ds.rowCount()).isEqualTo(2);
        }
    }

    /** A gzip file is expanded as a stream, with a running count, before any reader expands it whole. */
    @Nested
    class GzipBombs {

        private Path gzip(String name, String header, String line, int lines) throws IOException {
            Path file = dir.resolve(name);
            try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(file))) {
                out.write(header.getBytes(StandardCharsets.UTF_8));
                byte[] row = line.getBytes(StandardCharsets.UTF_8);
                for (int i = 0; i < lines; i++) {
                    out.write(row);
                }
            }
            return file;
        }

        @Test
        void refusesTheTrialsBomb() {
            // 2,385 bytes of gzip, 600,000 identical rows: 2.4 MB, 1000-fold
            Path bomb = Path.of("src/test/resources/trial/bomb.csv.gz");
            assertThat(fails(bomb).getMessage())
                    .isEqualTo("bomb.csv.gz: expands more than 100-fold (2,385 bytes of gzip to over 1,048,576);"
                            + " a decompression bomb? refusing to read it");
        }

        @Test
        void refusesGzipJsonLinesThatExpandAThousandFold() throws IOException {
            Path bomb = gzip("rows.jsonl.gz", "", "{\"a\": 1, \"b\": \"x\"}\n", 200_000);
            assertThat(fails(bomb).getMessage()).contains("expands more than 100-fold");
        }

        @Test
        void refusesGzipThatExpandsBeyondTheConfiguredSize() throws IOException {
            // varied rows compress about 4-fold: only the ceiling stops them
            Path file = dir.resolve("varied.csv.gz");
            var random = new java.util.Random(7);
            try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(file))) {
                out.write("id,amount\n".getBytes(StandardCharsets.UTF_8));
                for (int i = 0; i < 120_000; i++) {
                    out.write((i + "," + random.nextInt(1_000_000) + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
            assertThat(fails(file, Ingest.Options.defaults().withMaxUncompressedBytes(1024 * 1024))
                            .getMessage())
                    .isEqualTo("varied.csv.gz: expands to more than 1,048,576 bytes when unpacked (the limit);"
                            + " refusing to read it");
        }

        @Test
        void readsASmallFileThatCompressesWell() throws IOException {
            // 900 KB expanded from a few KB: below the size where the ratio counts
            Path small = gzip("small.csv.gz", "a,b\n", "1,2\n", 225_000);
            try (Dataset ds = Ingest.open(engine, small, Ingest.Options.defaults())) {
                assertThat(ds.rowCount()).isEqualTo(225_000);
            }
        }
    }

    @Nested
    class Workbooks_ {

        @Test
        void refusesAZipBomb() throws IOException {
            Path bomb = zipBomb(dir.resolve("bomb.xlsx"), 40 * 1024 * 1024);
            assertThat(fails(bomb).getMessage()).contains("zip bomb");
        }

        @Test
        void refusesAWorkbookThatExpandsBeyondTheConfiguredSize() throws IOException {
            Path bomb = zipBomb(dir.resolve("big.xlsx"), 2 * 1024 * 1024);
            assertThat(fails(bomb, Ingest.Options.defaults().withMaxUncompressedBytes(1024 * 1024))
                            .getMessage())
                    .contains("expands to more than 1048576 bytes");
        }

        @Test
        void refusesAPasswordProtectedWorkbook() throws Exception {
            Path locked = Workbooks.encrypted(dir);
            assertThat(fails(locked).getMessage())
                    .isEqualTo("locked.xlsx: is a password-protected workbook; remove the password and try again");
        }

        @Test
        void refusesMergedHeaderCells() throws IOException {
            Path merged = Workbooks.mergedHeader(dir);
            assertThat(fails(merged).getMessage()).contains("header row of sheet 'Data' has merged cells (A1:B1)");
        }

        @Test
        void refusesAnUnknownSheetListingTheSheets() throws IOException {
            Path book = Workbooks.sales(dir);
            assertThat(fails(book, Ingest.Options.defaults().withSheet("Returns"))
                            .getMessage())
                    .isEqualTo("sales.xlsx: has no sheet 'Returns'; its sheets are: Sales, Notes");
        }

        @Test
        void refusesTextWithAnXlsxName() throws IOException {
            assertThat(fails(write("fake.xlsx", "a,b\n1,2\n")).getMessage()).contains("is not an .xlsx workbook");
        }
    }

    @Test
    void refusesMalformedJsonLines() throws IOException {
        Path file = write("rows.jsonl", "{\"a\": 1}\n{\"a\": \n");
        assertThat(fails(file).getMessage()).contains("is not valid JSON lines");
    }

    @Test
    void refusesTextWithAParquetName() throws IOException {
        assertThat(fails(write("rows.parquet", "a,b\n1,2\n")).getMessage()).contains("is not a Parquet file");
    }

    /** A minimal workbook whose one sheet inflates from a few kilobytes to {@code size} bytes. */
    static Path zipBomb(Path file, int size) throws IOException {
        try (OutputStream os = Files.newOutputStream(file);
                var zip = new ZipOutputStream(os)) {
            zip.setLevel(9);
            workbookParts(zip, "", "S");
            zip.putNextEntry(new ZipEntry("xl/worksheets/sheet1.xml"));
            byte[] chunk = " ".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
            zip.write("<worksheet><sheetData>".getBytes(StandardCharsets.US_ASCII));
            for (int written = 0; written < size; written += chunk.length) {
                zip.write(chunk);
            }
            zip.write("</sheetData></worksheet>".getBytes(StandardCharsets.US_ASCII));
            zip.closeEntry();
        }
        return file;
    }

    /**
     * A workbook's parts but its sheet: content types, the workbook ({@code prolog} before it) with one sheet named
     * {@code sheet}, and the relationship to {@code xl/worksheets/sheet1.xml}.
     */
    private static void workbookParts(ZipOutputStream zip, String prolog, String sheet) throws IOException {
        put(
                zip,
                "[Content_Types].xml",
                "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>");
        put(
                zip,
                "xl/workbook.xml",
                prolog + "<workbook xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
                        + "<sheets><sheet name=\"" + sheet + "\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
        put(
                zip,
                "xl/_rels/workbook.xml.rels",
                "<Relationships><Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/></Relationships>");
    }

    private static void put(ZipOutputStream zip, String name, String content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }
}
