package io.assay.report;

import io.assay.core.json.Json;
import io.assay.leakage.LeakageResult;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The result summary as JSON, in the contract's shape: domain, column mapping, norms, metrics, executive summary,
 * visualisation data, forecast, top findings (and how every rule and detector went).
 */
public final class SummaryFile {

    private SummaryFile() {}

    public static void write(LeakageResult result, Path file) {
        try (OutputStream out = FindingsFile.open(file)) {
            Json.mapper().writeValue(out, result);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
