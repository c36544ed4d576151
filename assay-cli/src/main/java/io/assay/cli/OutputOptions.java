package io.assay.cli;

import io.assay.core.error.InvalidOptionException;
import io.assay.core.io.OutputFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --format table|json} and {@code --out FILE} for commands that print a result. */
final class OutputOptions {

    enum Format {
        TABLE,
        JSON
    }

    @Option(
            names = "--format",
            paramLabel = "table|json",
            defaultValue = "table",
            description = "Output format: table (for people, default) or json (for scripts).")
    Format format = Format.TABLE;

    @Option(
            names = {"--out"},
            paramLabel = "FILE",
            description = "Write the result to FILE instead of standard output.")
    Path out;

    /** Writes {@code text} to the chosen destination. */
    void emit(PrintWriter stdout, String text) {
        if (out == null) {
            stdout.print(text);
            if (!text.endsWith("\n")) {
                stdout.println();
            }
            stdout.flush();
            return;
        }
        try {
            OutputFile.writeString(out, text.endsWith("\n") ? text : text + "\n");
        } catch (IOException e) {
            throw new InvalidOptionException("--out", out, "cannot be written: " + e.getMessage());
        }
    }
}
