package io.assay.cli;

import io.assay.commerce.LoadReport;
import io.assay.commerce.RowIssue;
import io.assay.core.error.InvalidOptionException;
import io.assay.core.io.OutputFile;
import io.assay.core.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * {@code --format table|json|csv} and {@code -o/--out FILE} for the commerce commands: a table for people, JSON for
 * scripts, CSV of the main table for spreadsheets. Without {@code --format}, {@code -o} picks the format from the
 * file's extension ({@code .json}, {@code .csv}, {@code .txt} or none: the table); any other extension is refused
 * rather than guessed, so a table never lands in a file named for another format.
 */
final class CommerceOutput {

    enum Format {
        TABLE,
        JSON,
        CSV
    }

    @Option(
            names = "--format",
            paramLabel = "table|json|csv",
            description = "Output: table (for people, default), json (for scripts) or csv (the main table).")
    Format format;

    @Option(
            names = {"-o", "--out"},
            paramLabel = "FILE",
            description = "Write the result to FILE instead of standard output. Without --format the extension picks"
                    + " the format: .json JSON, .csv CSV, .txt or none the table.")
    Path out;

    /** A titled table of cells. */
    record Table(String title, List<String> header, List<List<String>> rows) {}

    /** What a command shows: lines of text, tables (the first is the main one), and the JSON form. */
    record View(List<String> lines, List<Table> tables, Object json) {}

    Format effectiveFormat() {
        if (format != null) {
            return format;
        }
        if (out == null) {
            return Format.TABLE;
        }
        String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        String extension = dot <= 0 ? "" : name.substring(dot + 1);
        return switch (extension) {
            case "json" -> Format.JSON;
            case "csv" -> Format.CSV;
            case "", "txt", "text" -> Format.TABLE;
            default ->
                throw new InvalidOptionException(
                        "--out",
                        out,
                        "cannot tell the format from '." + extension
                                + "': name it .json, .csv or .txt, or give --format table|json|csv");
        };
    }

    void emit(PrintWriter stdout, View view) {
        String text = switch (effectiveFormat()) {
            case JSON -> Json.write(view.json());
            case CSV -> view.tables().isEmpty() ? "" : csv(view.tables().getFirst());
            case TABLE -> text(view);
        };
        if (out == null) {
            stdout.print(text.endsWith("\n") ? text : text + "\n");
            stdout.flush();
            return;
        }
        try {
            OutputFile.writeString(out, text.endsWith("\n") ? text : text + "\n");
        } catch (IOException e) {
            throw new InvalidOptionException("--out", out, "cannot be written: " + e.getMessage());
        }
    }

    private static String text(View view) {
        var sb = new StringBuilder();
        for (String line : view.lines()) {
            sb.append(line).append('\n');
        }
        for (Table t : view.tables()) {
            sb.append('\n').append(t.title()).append('\n');
            var right = new ArrayList<Boolean>();
            for (int c = 0; c < t.header().size(); c++) {
                int col = c;
                right.add(!t.rows().isEmpty()
                        && t.rows().stream()
                                .allMatch(
                                        r -> r.get(col).isEmpty() || r.get(col).matches("[-+0-9.,×%]+")));
            }
            var tt = new TextTable(t.header(), right);
            t.rows().forEach(tt::row);
            sb.append(t.rows().isEmpty() ? "(none)\n" : tt.render());
        }
        return sb.toString();
    }

    static String csv(Table t) {
        var sb = new StringBuilder();
        sb.append(String.join(",", t.header().stream().map(CommerceOutput::cell).toList()))
                .append('\n');
        for (var r : t.rows()) {
            sb.append(String.join(",", r.stream().map(CommerceOutput::cell).toList()))
                    .append('\n');
        }
        return sb.toString();
    }

    private static String cell(String v) {
        if (v.contains(",") || v.contains("\"") || v.contains("\n")) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }

    /** One line about how the data was read and one per problem, for the top of a table output. */
    static List<String> describe(LoadReport r) {
        var out = new ArrayList<String>();
        out.add(String.format(
                Locale.ROOT,
                "Order data (%s): %,d of %,d lines used, %,d orders, %,d customers, %,d products%s%s",
                r.layout(),
                r.linesUsed(),
                r.linesRead(),
                r.orders(),
                r.customers(),
                r.items(),
                r.hasDates() ? ", dated" : ", no dates",
                r.hasMoney() ? ", with money" : ""));
        for (RowIssue i : r.issues()) {
            out.add("  " + i.summary());
        }
        return out;
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e12) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }

    /** An amount of money: always two decimals (867.40, 5391.00), no grouping, so CSV output stays a number. */
    static String money(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.2f", v);
    }

    static String pct(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }
}
