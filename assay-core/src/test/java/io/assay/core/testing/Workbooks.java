package io.assay.core.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.apache.poi.poifs.crypt.EncryptionInfo;
import org.apache.poi.poifs.crypt.EncryptionMode;
import org.apache.poi.poifs.crypt.Encryptor;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.CreationHelper;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/** Writes the workbooks the ingest tests read, with Apache POI (a test-only dependency). */
public final class Workbooks {

    private Workbooks() {}

    /**
     * Two sheets: "Sales" (date, amount, a formula with its cached value, a yes/no flag) and "Notes". Rows: 3.
     */
    public static Path sales(Path dir) throws IOException {
        try (var wb = new XSSFWorkbook()) {
            CreationHelper helper = wb.getCreationHelper();
            CellStyle date = wb.createCellStyle();
            date.setDataFormat(helper.createDataFormat().getFormat("yyyy-mm-dd"));
            CellStyle stamp = wb.createCellStyle();
            stamp.setDataFormat(helper.createDataFormat().getFormat("yyyy-mm-dd hh:mm"));
            XSSFSheet s = wb.createSheet("Sales");
            var h = s.createRow(0);
            String[] names = {"Order", "Sold on", "Quantity", "Unit price", "Line total", "Member", "Checked at"};
            for (int i = 0; i < names.length; i++) {
                h.createCell(i).setCellValue(names[i]);
            }
            Object[][] rows = {
                {"A-1", LocalDate.of(2024, 1, 5), 3, 2.5, "yes", LocalDateTime.of(2024, 1, 5, 9, 30)},
                {"A-2", LocalDate.of(2024, 2, 29), 1, 10.0, "no", LocalDateTime.of(2024, 2, 29, 17, 5)},
                {"A-3", LocalDate.of(2024, 3, 1), 4, 0.75, "yes", LocalDateTime.of(2024, 3, 1, 8, 0)},
            };
            for (int r = 0; r < rows.length; r++) {
                var row = s.createRow(r + 1);
                row.createCell(0).setCellValue((String) rows[r][0]);
                var d = row.createCell(1);
                d.setCellValue((LocalDate) rows[r][1]);
                d.setCellStyle(date);
                row.createCell(2).setCellValue((Integer) rows[r][2]);
                row.createCell(3).setCellValue((Double) rows[r][3]);
                row.createCell(4).setCellFormula("C" + (r + 2) + "*D" + (r + 2));
                row.createCell(5).setCellValue((String) rows[r][4]);
                var t = row.createCell(6);
                t.setCellValue((LocalDateTime) rows[r][5]);
                t.setCellStyle(stamp);
            }
            wb.getCreationHelper().createFormulaEvaluator().evaluateAll();
            var notes = wb.createSheet("Notes");
            notes.createRow(0).createCell(0).setCellValue("note");
            notes.createRow(1).createCell(0).setCellValue("hello");
            return write(wb, dir.resolve("sales.xlsx"));
        }
    }

    /**
     * A report as people lay it out, sheet "Sales": a title (row 1), who prepared it (row 2), a notes row three cells
     * wide (row 3, which the header detection takes for the header), an empty row 4, the header in row 5 (Region,
     * Product, Units, Revenue) and 6 data rows (6 to 11). A second sheet "Returns" has its header in row 3 below a
     * title and a note.
     */
    public static Path titledReport(Path dir) throws IOException {
        try (var wb = new XSSFWorkbook()) {
            var s = wb.createSheet("Sales");
            s.createRow(0).createCell(0).setCellValue("Quarterly sales");
            s.createRow(1).createCell(0).setCellValue("Prepared by finance");
            var notes = s.createRow(2);
            notes.createCell(0).setCellValue("Source: ERP export");
            notes.createCell(1).setCellValue("unaudited");
            notes.createCell(2).setCellValue("EUR");
            var h = s.createRow(4);
            String[] names = {"Region", "Product", "Units", "Revenue"};
            for (int i = 0; i < names.length; i++) {
                h.createCell(i).setCellValue(names[i]);
            }
            Object[][] rows = {
                {"North", "Tea", 3, 7.5}, {"North", "Coffee", 5, 20.0}, {"South", "Tea", 2, 5.0},
                {"South", "Cocoa", 1, 3.25}, {"East", "Coffee", 7, 28.0}, {"West", "Tea", 4, 10.0},
            };
            for (int r = 0; r < rows.length; r++) {
                var row = s.createRow(5 + r);
                row.createCell(0).setCellValue((String) rows[r][0]);
                row.createCell(1).setCellValue((String) rows[r][1]);
                row.createCell(2).setCellValue((Integer) rows[r][2]);
                row.createCell(3).setCellValue((Double) rows[r][3]);
            }
            var returns = wb.createSheet("Returns");
            returns.createRow(0).createCell(0).setCellValue("Returns");
            var note = returns.createRow(1);
            note.createCell(0).setCellValue("checked");
            note.createCell(1).setCellValue("by");
            note.createCell(2).setCellValue("store");
            var rh = returns.createRow(2);
            rh.createCell(0).setCellValue("Product");
            rh.createCell(1).setCellValue("Units");
            var r1 = returns.createRow(3);
            r1.createCell(0).setCellValue("Tea");
            r1.createCell(1).setCellValue(1);
            return write(wb, dir.resolve("report.xlsx"));
        }
    }

    /** A sheet whose header row has A1:B1 merged. */
    public static Path mergedHeader(Path dir) throws IOException {
        try (var wb = new XSSFWorkbook()) {
            var s = wb.createSheet("Data");
            var h = s.createRow(0);
            h.createCell(0).setCellValue("Amounts");
            h.createCell(2).setCellValue("Region");
            s.addMergedRegion(new CellRangeAddress(0, 0, 0, 1));
            var r = s.createRow(1);
            r.createCell(0).setCellValue(1);
            r.createCell(1).setCellValue(2);
            r.createCell(2).setCellValue("North");
            return write(wb, dir.resolve("merged.xlsx"));
        }
    }

    /** A workbook encrypted with a password (agile encryption), as Excel writes it. */
    public static Path encrypted(Path dir) throws Exception {
        Path plain = sales(dir);
        Path out = dir.resolve("locked.xlsx");
        try (var fs = new POIFSFileSystem()) {
            var info = new EncryptionInfo(EncryptionMode.agile);
            Encryptor enc = info.getEncryptor();
            enc.confirmPassword("secret");
            try (var opc = org.apache.poi.openxml4j.opc.OPCPackage.open(plain.toFile());
                    OutputStream os = enc.getDataStream(fs)) {
                opc.save(os);
            }
            try (OutputStream os = Files.newOutputStream(out)) {
                fs.writeFilesystem(os);
            }
        }
        return out;
    }

    /** One sheet "Data" holding {@code rows}; values that read as numbers are written as numbers. */
    public static Path write(Path file, java.util.List<java.util.List<String>> rows) throws IOException {
        try (var wb = new XSSFWorkbook()) {
            var s = wb.createSheet("Data");
            for (int r = 0; r < rows.size(); r++) {
                var row = s.createRow(r);
                for (int c = 0; c < rows.get(r).size(); c++) {
                    String v = rows.get(r).get(c);
                    if (v.matches("-?\\d+(\\.\\d+)?")) {
                        row.createCell(c).setCellValue(Double.parseDouble(v));
                    } else {
                        row.createCell(c).setCellValue(v);
                    }
                }
            }
            return write(wb, file);
        }
    }

    private static Path write(XSSFWorkbook wb, Path file) throws IOException {
        try (OutputStream os = Files.newOutputStream(file)) {
            wb.write(os);
        }
        return file;
    }
}
