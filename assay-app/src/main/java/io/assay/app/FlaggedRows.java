package io.assay.app;

import io.assay.anomaly.FlaggedRow;
import io.assay.core.error.InvalidOptionException;
import io.assay.core.io.CsvWriter;
import io.assay.core.io.SpreadsheetText;
import io.assay.core.json.Json;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import tools.jackson.databind.JsonNode;

/**
 * The flagged rows of a run, collected in any order (slice by slice) and written most anomalous first as CSV, XLSX or
 * JSON in the layout of the detection contract: {@code row_index, anomaly_score, confidence, severity}, then
 * {@code feature_k, value_k, typical_k, contribution_k} for each named column, then the row's own columns (JSON nests
 * them as {@code anomalous_features} and {@code raw_data}); CSV and XLSX text cells are made inert against formula
 * injection ({@link SpreadsheetText}). Rows wait in a spill file, not in memory, so a run over a
 * file larger than memory can flag millions of rows; only their scores and positions stay in memory (28 bytes a row).
 */
final class FlaggedRows implements AutoCloseable {

    /** What a flagged-rows file is written as, by its extension. */
    enum Format {
        CSV,
        XLSX,
        JSON;

        /** The format of {@code file}; null for no file. */
        static Format of(Path file) {
            if (file == null) {
                return null;
            }
            String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (n.endsWith(".csv")) {
                return CSV;
            }
            if (n.endsWith(".xlsx")) {
                return XLSX;
            }
            if (n.endsWith(".json")) {
                return JSON;
            }
            throw new InvalidOptionException("flagged rows file", file, "use a .csv, .xlsx or .json name");
        }
    }

    /** Excel's last row, less the header. */
    static final int XLSX_MAX_ROWS = 1_048_575;

    private final Path spill;
    private final OutputStream out;
    private final List<String> columns;
    private final int top;
    private long[] offsets = new long[256];
    private int[] lengths = new int[256];
    private double[] scores = new double[256];
    private long[] rowIndex = new long[256];
    private int n;
    private long position;

    /**
     * @param spillDir where the spill file goes (the data directory's temporary area)
     * @param columns the input's columns, in file order
     * @param top how many explaining columns each row names at most
     */
    FlaggedRows(Path spillDir, List<String> columns, int top) {
        this.columns = List.copyOf(columns);
        this.top = top;
        try {
            Files.createDirectories(spillDir);
            this.spill = Files.createTempFile(spillDir, "flagged-", ".jsonl");
            this.out = new BufferedOutputStream(Files.newOutputStream(spill), 1 << 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a spill file in " + spillDir, e);
        }
    }

    void add(FlaggedRow row) {
        add(Json.mapper().writeValueAsBytes(row), row.anomalyScore(), row.rowIndex());
    }

    /** Adds a row as a flagged-rows JSON file holds it (the fields of a {@link FlaggedRow}). */
    void add(JsonNode row) {
        add(
                Json.mapper().writeValueAsBytes(row),
                row.path("anomaly_score").asDouble(),
                row.path("row_index").asLong());
    }

    private void add(byte[] bytes, double score, long index) {
        if (n == offsets.length) {
            int cap = n * 2;
            offsets = Arrays.copyOf(offsets, cap);
            lengths = Arrays.copyOf(lengths, cap);
            scores = Arrays.copyOf(scores, cap);
            rowIndex = Arrays.copyOf(rowIndex, cap);
        }
        offsets[n] = position;
        lengths[n] = bytes.length;
        scores[n] = score;
        rowIndex[n] = index;
        n++;
        try {
            out.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        position += bytes.length;
    }

    /**
     * Writes the rows of a flagged-rows JSON file again as {@code format} (e.g. the spreadsheet of a run that wrote
     * JSON), in the same layout; the source columns are those of the rows' {@code raw_data}.
     */
    static void rewrite(Path json, Path file, Format format, Path spillDir, int top) {
        JsonNode rows;
        try (var in = Files.newInputStream(json)) {
            rows = Json.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + json, e);
        }
        var columns = new ArrayList<String>();
        if (!rows.isEmpty()) {
            rows.get(0).path("raw_data").properties().forEach(e -> columns.add(e.getKey()));
        }
        try (var flagged = new FlaggedRows(spillDir, columns, top)) {
            rows.forEach(flagged::add);
            flagged.writeTo(file, format);
        }
    }

    /** Writes every row collected, most anomalous first (ties by row), to {@code file}. */
    void writeTo(Path file, Format format) {
        if (format == Format.XLSX && n > XLSX_MAX_ROWS) {
            throw new InvalidOptionException(
                    "flagged rows file",
                    file,
                    String.format(
                            Locale.ROOT,
                            "%,d flagged rows do not fit in a worksheet (at most %,d); write .csv or .json",
                            n,
                            XLSX_MAX_ROWS));
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> -scores[i]).thenComparingLong(i -> rowIndex[i]));
        try {
            out.flush();
            try (FileChannel ch = FileChannel.open(spill, StandardOpenOption.READ)) {
                var rows = new Rows(ch, order);
                switch (format) {
                    case CSV -> writeCsv(file, rows);
                    case XLSX -> writeXlsx(file, rows);
                    case JSON -> writeJson(file, rows);
                }
            }
        } catch (IOException e) {
            throw new InvalidOptionException("flagged rows file", file, "cannot be written: " + e.getMessage());
        }
    }

    /** The collected rows read back from the spill file in a given order. */
    private final class Rows {
        private final FileChannel ch;
        private final Integer[] order;

        Rows(FileChannel ch, Integer[] order) {
            this.ch = ch;
            this.order = order;
        }

        int size() {
            return order.length;
        }

        JsonNode get(int k) throws IOException {
            int i = order[k];
            ByteBuffer buf = ByteBuffer.allocate(lengths[i]);
            long at = offsets[i];
            while (buf.hasRemaining()) {
                int read = ch.read(buf, at + buf.position());
                if (read < 0) {
                    throw new IOException("spill file ended early");
                }
            }
            return Json.mapper().readTree(buf.array());
        }
    }

    private List<String> header() {
        var h = new ArrayList<String>(List.of("row_index", "anomaly_score", "confidence", "severity"));
        for (int k = 1; k <= top; k++) {
            h.addAll(List.of("feature_" + k, "value_" + k, "typical_" + k, "contribution_" + k));
        }
        h.addAll(columns);
        return h;
    }

    /** The cells of one row in {@link #header()} order, as JSON values (missing ones as JSON null). */
    private List<JsonNode> cells(JsonNode row) {
        var missing = Json.mapper().nullNode();
        var cells = new ArrayList<JsonNode>(4 + 4 * top + columns.size());
        cells.add(row.get("row_index"));
        cells.add(row.get("anomaly_score"));
        cells.add(row.get("confidence"));
        cells.add(row.get("severity"));
        JsonNode features = row.get("anomalous_features");
        for (int k = 0; k < top; k++) {
            JsonNode f = k < features.size() ? features.get(k) : null;
            cells.add(f == null ? missing : f.get("feature_name"));
            cells.add(f == null ? missing : f.get("actual_value"));
            cells.add(f == null ? missing : f.get("typical_value"));
            cells.add(f == null ? missing : f.get("contribution"));
        }
        JsonNode raw = row.get("raw_data");
        for (String c : columns) {
            JsonNode v = raw.get(c);
            cells.add(v == null ? missing : v);
        }
        return cells;
    }

    private void writeCsv(Path file, Rows rows) throws IOException {
        try (var csv = new CsvWriter(file)) {
            csv.row(header());
            for (int k = 0; k < rows.size(); k++) {
                var text = new ArrayList<String>();
                for (JsonNode v : cells(rows.get(k))) {
                    text.add(text(v));
                }
                csv.row(text);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** A cell as CSV text: whole numbers without a decimal point, as most files write them. */
    private static String text(JsonNode v) {
        if (v == null || v.isNull()) {
            return "";
        }
        if (v.isFloatingPointNumber()) {
            double d = v.doubleValue();
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
        }
        return v.isString() ? v.asString() : v.toString();
    }

    private void writeXlsx(Path file, Rows rows) throws IOException {
        try (OutputStream os = Files.newOutputStream(file);
                Workbook wb = new Workbook(os, "Assay", "1.0")) {
            Worksheet ws = wb.newWorksheet("flagged rows");
            List<String> header = header();
            for (int c = 0; c < header.size(); c++) {
                ws.value(0, c, SpreadsheetText.inert(header.get(c)));
            }
            ws.freezePane(0, 1);
            for (int k = 0; k < rows.size(); k++) {
                List<JsonNode> cells = cells(rows.get(k));
                for (int c = 0; c < cells.size(); c++) {
                    JsonNode v = cells.get(c);
                    if (v == null || v.isNull()) {
                        continue;
                    }
                    if (v.isNumber()) {
                        ws.value(k + 1, c, v.numberValue());
                    } else if (v.isBoolean()) {
                        ws.value(k + 1, c, v.booleanValue());
                    } else {
                        ws.value(k + 1, c, SpreadsheetText.inert(v.asString()));
                    }
                }
                if (k % 10_000 == 9_999) {
                    ws.flush();
                }
            }
            wb.finish();
        }
    }

    private void writeJson(Path file, Rows rows) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("[");
            for (int k = 0; k < rows.size(); k++) {
                w.write(k == 0 ? "\n  " : ",\n  ");
                w.write(Json.mapper().writeValueAsString(reordered(rows.get(k))));
            }
            w.write(rows.size() == 0 ? "]\n" : "\n]\n");
        }
    }

    /** A flagged row as the contract lists it, with the explanation and the row nested. */
    private static Map<String, JsonNode> reordered(JsonNode row) {
        var m = new java.util.LinkedHashMap<String, JsonNode>();
        for (String k : List.of(
                "row_index",
                "anomaly_score",
                "confidence",
                "is_anomaly",
                "severity",
                "anomalous_features",
                "raw_data")) {
            m.put(k, row.get(k));
        }
        return m;
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            // closing a spill file that is deleted next
        }
        Detections.deleteQuietly(spill);
    }
}
