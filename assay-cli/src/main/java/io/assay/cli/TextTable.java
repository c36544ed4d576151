package io.assay.cli;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table with aligned columns, for results printed to people. */
final class TextTable {

    private final List<String> header;
    private final List<Boolean> rightAligned;
    private final List<List<String>> rows = new ArrayList<>();

    TextTable(List<String> header, List<Boolean> rightAligned) {
        this.header = header;
        this.rightAligned = rightAligned;
    }

    TextTable row(List<String> cells) {
        rows.add(cells);
        return this;
    }

    String render() {
        int[] width = new int[header.size()];
        for (int c = 0; c < header.size(); c++) {
            width[c] = header.get(c).length();
            for (var r : rows) {
                width[c] = Math.max(width[c], r.get(c).length());
            }
        }
        var sb = new StringBuilder();
        line(sb, header, width);
        for (int c = 0; c < width.length; c++) {
            sb.append(c == 0 ? "" : "  ").append("-".repeat(width[c]));
        }
        sb.append('\n');
        for (var r : rows) {
            line(sb, r, width);
        }
        return sb.toString();
    }

    private void line(StringBuilder sb, List<String> cells, int[] width) {
        var line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            String v = cells.get(c);
            String pad = " ".repeat(width[c] - v.length());
            line.append(c == 0 ? "" : "  ").append(rightAligned.get(c) ? pad + v : v + pad);
        }
        sb.append(line.toString().stripTrailing()).append('\n');
    }
}
