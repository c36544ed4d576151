package io.assay.report;

import io.assay.core.Progress;
import io.assay.core.ingest.Dataset;
import io.assay.core.ingest.Ingest;
import io.assay.core.sql.DuckEngine;
import io.assay.leakage.DomainPacks;
import io.assay.leakage.Leakage;
import io.assay.leakage.LeakageResult;
import io.assay.leakage.generator.LeakGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Results of real analyses of generated files, for the writers to write. */
final class Results {

    /** The payment method written into the first leaking row: a spreadsheet formula. */
    static final String FORMULA = "=HYPERLINK(\"http://evil.example\",\"click\")";

    private Results() {}

    /** A retail analysis of 3,000 generated rows whose first leaking row carries {@link #FORMULA} in a cell. */
    static LeakageResult retail(Path dir) {
        var g = LeakGenerator.generate("retail", 3_000, 0.05, 99, dir.resolve("sales.csv"));
        try {
            var truth = Files.readAllLines(g.truth());
            int row = Integer.parseInt(truth.get(1).split(",")[0]);
            var lines = Files.readAllLines(g.data());
            int column = Arrays.asList(lines.getFirst().split(",")).indexOf("payment_method");
            var cells = lines.get(row + 1).split(",", -1);
            cells[column] = "\"" + FORMULA.replace("\"", "\"\"") + "\"";
            lines.set(row + 1, String.join(",", cells));
            Files.write(g.data(), lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return analyse(g.data(), "retail");
    }

    static LeakageResult analyse(Path file, String domain) {
        try (var engine = DuckEngine.open(new DuckEngine.Options(2, "1GB", null));
                Dataset ds = Ingest.open(engine, file, Ingest.Options.defaults())) {
            return Leakage.analyze(ds, Leakage.Request.of(DomainPacks.resolve(domain, null)), Progress.NONE);
        }
    }
}
