package io.assay.report;

import io.assay.core.error.InvalidOptionException;
import io.assay.core.io.CsvWriter;
import io.assay.core.io.SpreadsheetText;
import io.assay.core.json.Json;
import io.assay.leakage.Finding;
import io.assay.leakage.LeakageResult;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.IntStream;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SerializationFeature;

/**
 * The findings of an analysis as a file a person opens in a spreadsheet or a program reads: one row per finding, the
 * contract's columns first ({@code row_index, type, severity, confidence, revenue_impact, rule_id, description,
 * evidence}), then the source row's own columns (a source column whose name clashes with one of ours is written as
 * {@code source_<name>}). CSV and XLSX cells are neutralised against spreadsheet formula injection (a text cell
 * starting with {@code = + - @}, tab or CR gets a leading apostrophe); JSON keeps values as they are.
 *
 * <pre>{@code
 * FindingsFile.write(result, Path.of("anomalies.xlsx"));
 * }</pre>
 */
public final class FindingsFile {

    /** The columns every findings file starts with, in order. */
    static final List<String> COLUMNS = List.of(
            "row_index", "type", "severity", "confidence", "revenue_impact", "rule_id", "description", "evidence");

    /** Rows an XLSX sheet holds below its header; more findings are cut and the last row says so. */
    static final int XLSX_MAX_ROWS = 1_048_575;

    private static final ObjectWriter COMPACT = Json.mapper().writer().without(SerializationFeature.INDENT_OUTPUT);

    private FindingsFile() {}

    /**
     * Writes every finding of {@code result} to {@code file}, in the format its extension names ({@code .csv},
     * {@code .xlsx}, {@code .json}).
     *
     * @throws InvalidOptionException for another extension or a file that cannot be written
     */
    public static void write(LeakageResult result, Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            csv(result, file);
        } else if (name.endsWith(".xlsx")) {
            xlsx(result, file);
        } else if (name.endsWith(".json")) {
            json(result, file);
        } else {
            throw new InvalidOptionException("anomalies file", file, "must end in .csv, .xlsx or .json");
        }
    }

    /** The header: our columns, then the source columns (renamed where they clash). */
    static List<String> header(LeakageResult result) {
        var out = new ArrayList<>(COLUMNS);
        Set<String> taken = new HashSet<>(COLUMNS);
        for (String c : result.sourceColumns()) {
            String n = c;
            while (taken.contains(n)) {
                n = "source_" + n;
            }
            taken.add(n);
            out.add(n);
        }
        return out;
    }

    /** One finding's cells as text, in {@link #header} order. */
    static List<String> cells(Finding f, int sourceColumns) {
        var out = new ArrayList<String>(COLUMNS.size() + sourceColumns);
        out.add(Long.toString(f.rowIndex()));
        out.add(f.type());
        out.add(f.severity().label());
        out.add(number(f.confidence()));
        out.add(number(f.revenueImpact()));
        out.add(f.ruleId());
        out.add(f.description());
        out.add(COMPACT.writeValueAsString(f.evidence()));
        if (f.source() != null) {
            for (int i = 0; i < f.source().values().size(); i++) {
                out.add(f.source().text(i));
            }
        }
        while (out.size() < COLUMNS.size() + sourceColumns) {
            out.add("");
        }
        return out;
    }

    static String number(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /** Findings written per parallel slice of the CSV (their text is built on all cores, written in order). */
    private static final int CSV_SLICE = 4096;

    private static void csv(LeakageResult result, Path file) {
        List<String> header = header(result);
        int source = header.size() - COLUMNS.size();
        List<Finding> findings = result.findings();
        int slices = (findings.size() + CSV_SLICE - 1) / CSV_SLICE;
        List<String> text = IntStream.range(0, slices)
                .parallel()
                .mapToObj(s -> {
                    var sb = new StringBuilder();
                    int end = Math.min(findings.size(), (s + 1) * CSV_SLICE);
                    for (int i = s * CSV_SLICE; i < end; i++) {
                        csvLine(sb, cells(findings.get(i), source));
                    }
                    return sb.toString();
                })
                .toList();
        try (var out = new BufferedWriter(new OutputStreamWriter(open(file), StandardCharsets.UTF_8))) {
            var head = new StringBuilder();
            csvLine(head, header);
            out.write(head.toString());
            for (String t : text) {
                out.write(t);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One CSV line as {@link CsvWriter#row} writes it: cells made safe and quoted, comma-separated. */
    private static void csvLine(StringBuilder sb, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(CsvWriter.cell(cells.get(i)));
        }
        sb.append('\n');
    }

    private static void xlsx(LeakageResult result, Path file) {
        List<String> header = header(result);
        int source = header.size() - COLUMNS.size();
        try (OutputStream out = open(file)) {
            Workbook wb = new Workbook(out, "Assay", "1.0");
            Worksheet ws = wb.newWorksheet("findings");
            for (int c = 0; c < header.size(); c++) {
                ws.value(0, c, SpreadsheetText.inert(header.get(c)));
                ws.style(0, c).bold().set();
            }
            int r = 1;
            for (Finding f : result.findings()) {
                if (r > XLSX_MAX_ROWS - 1) {
                    ws.value(r, 0, "… " + (result.findings().size() - r + 1) + " more findings: write CSV or JSON");
                    break;
                }
                List<String> cells = cells(f, source);
                ws.value(r, 0, f.rowIndex());
                ws.value(r, 1, cells.get(1));
                ws.value(r, 2, cells.get(2));
                ws.value(r, 3, f.confidence());
                ws.value(r, 4, f.revenueImpact());
                for (int c = 5; c < cells.size(); c++) {
                    int s = c - COLUMNS.size();
                    if (s >= 0 && f.source() != null && f.source().values().get(s) instanceof BigDecimal number) {
                        ws.value(r, c, number); // the source row's numbers stay numbers
                        continue;
                    }
                    String v = cells.get(c);
                    if (v != null && !v.isEmpty()) {
                        ws.value(r, c, SpreadsheetText.inert(v));
                    }
                }
                r++;
            }
            wb.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void json(LeakageResult result, Path file) {
        List<String> header = header(result);
        var rows =
                new ArrayList<LinkedHashMap<String, Object>>(result.findings().size());
        for (Finding f : result.findings()) {
            var m = new LinkedHashMap<String, Object>();
            m.put("row_index", f.rowIndex());
            m.put("type", f.type());
            m.put("severity", f.severity().label());
            m.put("confidence", f.confidence());
            m.put("revenue_impact", f.revenueImpact());
            m.put("rule_id", f.ruleId());
            m.put("description", f.description());
            m.put("evidence", f.evidence());
            if (f.source() != null) {
                List<Object> values = f.source().values();
                for (int i = 0; i < values.size(); i++) {
                    m.put(header.get(COLUMNS.size() + i), values.get(i));
                }
            }
            rows.add(m);
        }
        try (OutputStream out = open(file)) {
            Json.mapper().writeValue(out, rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static OutputStream open(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return Files.newOutputStream(file);
        } catch (IOException e) {
            throw new InvalidOptionException("output file", file, "cannot be written: " + e.getMessage());
        }
    }
}
