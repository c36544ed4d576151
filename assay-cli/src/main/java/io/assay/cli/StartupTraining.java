package io.assay.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;

/**
 * The training run of the ahead-of-time cache ({@code target/run/assay.aot}) that {@code ./assay} starts every command
 * with: the build runs this once under {@code -XX:AOTCacheOutput}, and the JDK keeps the classes it loaded and linked,
 * the lambdas and string concatenations it resolved and the method profiles it gathered. Later commands then start
 * sooner and reach compiled code sooner than with a class-data archive of whatever command happened to run first.
 *
 * <p>The run is a small, complete use of the product in a scratch data directory: a generated retail file is
 * analysed for leakage (training the default leak model on first use), profiled, searched for anomalies, and used to
 * train and apply a model. A command that fails fails the build: the cache is only worth having for commands that
 * work.
 */
public final class StartupTraining {

    private StartupTraining() {}

    /** {@code args[0]}: a scratch directory, emptied of nothing and left for the build to clean. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: StartupTraining SCRATCH_DIR");
            System.exit(2);
        }
        Path dir = Files.createDirectories(Path.of(args[0]));
        String data = dir.resolve("retail.csv").toString();
        String out = dir.resolve("out").toString();
        Files.createDirectories(Path.of(out));
        var environment = new HashMap<>(System.getenv());
        environment.put("ASSAY_HOME", dir.resolve("home").toString());
        List<List<String>> commands = List.of(
                List.of("generate", "retail", "--rows", "20000", "--seed", "7", "--out", data),
                List.of(
                        "analyze",
                        data,
                        "--domain",
                        "retail",
                        "--anomalies",
                        out + "/findings.csv",
                        "--summary",
                        out + "/summary.json",
                        "--report",
                        out + "/report.docx"),
                List.of("profile", data, "--format", "json"),
                List.of("profile", data),
                List.of("detect", data, "-o", out + "/flagged.csv"),
                List.of("train", data, "--target", "payment_method", "--model", "xgboost", "--name", "training"),
                List.of("predict", "training", data, "-o", out + "/predictions.csv"));
        for (List<String> command : commands) {
            var err = new StringWriter();
            int code = Main.run(
                    command.toArray(String[]::new),
                    new PrintWriter(Writer.nullWriter()),
                    new PrintWriter(err, true),
                    environment);
            if (code != 0) {
                System.err.println("start-up training: 'assay " + String.join(" ", command) + "' exited with " + code
                        + ": " + err.toString().strip());
                System.exit(1);
            }
        }
    }
}
