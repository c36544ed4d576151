package io.assay.core.io;

import io.assay.core.error.InvalidOptionException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes CSV (RFC 4180 quoting, UTF-8) safely for spreadsheets: a text cell that starts with {@code = + - @}, a tab
 * or a carriage return is prefixed with an apostrophe so that Excel or LibreOffice never evaluates it as a formula.
 * Numbers, including negative ones, are written as they are.
 */
public final class CsvWriter implements AutoCloseable {

    private final BufferedWriter out;

    public CsvWriter(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidOptionException("output file", file, "cannot be written: " + e.getMessage());
        }
    }

    public CsvWriter row(List<String> cells) {
        try {
            for (int i = 0; i < cells.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                out.write(cell(cells.get(i)));
            }
            out.write('\n');
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One cell, neutralised against formula injection ({@link SpreadsheetText#inert}) and quoted when needed. */
    public static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String v = SpreadsheetText.inert(value);
        boolean quote = v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0;
        return quote ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
