package io.assay.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Files as users bring them, made from the shared data: a sales file with one absurd but finite total, and order lines
 * in a workbook whose table sits on its second sheet below a title block.
 */
public final class AwkwardFiles {

    private AwkwardFiles() {}

    /** The shared supermarket sales file with {@code 1e+300} as the Total of data row 5 (the others: 10.68 to 1042.65). */
    public static byte[] salesWithAbsurdTotal() {
        try {
            var lines = new ArrayList<>(Files.readAllLines(SharedData.file("domains/supermarket_sales.csv")));
            int total = Arrays.asList(lines.getFirst().split(",")).indexOf("Total");
            String[] cells = lines.get(5).split(",", -1);
            cells[total] = "1e+300";
            lines.set(5, String.join(",", cells));
            return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #salesWithAbsurdTotal()} written to {@code dir/name}. */
    public static Path salesWithAbsurdTotal(Path dir, String name) throws IOException {
        return Files.write(dir.resolve(name), salesWithAbsurdTotal());
    }

    /**
     * The header and the first {@code n} lines of the online-retail export that hold no quoted comma (so that a line's
     * cells are its comma-separated parts).
     */
    public static List<String> orderLines(int n) {
        try (var lines = Files.lines(SharedData.file("domains/online_retail_uci_2010-12_to_2011-05.csv"))) {
            return lines.filter(l -> !l.contains("\"")).limit(n + 1L).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code lines} (as {@link #orderLines}) in a workbook of two sheets: "Cover" (a title and a note), then "Orders":
     * a title in row 1, a note in row 2, a notes row three cells wide in row 3 (which the header detection would take
     * for the header), row 4 empty, the header in row 5 and the order lines below it, quantities and prices as numbers.
     */
    public static byte[] orderLinesWorkbook(List<String> lines) {
        var out = new ByteArrayOutputStream();
        try (var wb = new org.dhatim.fastexcel.Workbook(out, "assay-test", "1.0")) {
            var cover = wb.newWorksheet("Cover");
            cover.value(0, 0, "Orders export");
            cover.value(1, 0, "see the Orders sheet");
            var orders = wb.newWorksheet("Orders");
            orders.value(0, 0, "Online retail: order lines");
            orders.value(1, 0, "Exported from the shop");
            orders.value(2, 0, "Source: web shop");
            orders.value(2, 1, "all countries");
            orders.value(2, 2, "GBP");
            for (int r = 0; r < lines.size(); r++) {
                String[] cells = lines.get(r).split(",", -1);
                for (int c = 0; c < cells.length; c++) {
                    boolean number = r > 0 && (c == 3 || c == 5); // Quantity, UnitPrice
                    if (cells[c].isEmpty()) {
                        continue;
                    }
                    if (number) {
                        orders.value(4 + r, c, new BigDecimal(cells[c]));
                    } else {
                        orders.value(4 + r, c, cells[c]);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
