package io.assay.cli;

import io.assay.app.Assay;
import io.assay.app.Models;
import io.assay.core.json.Json;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code assay predict NAME[@VERSION] FILE -o OUT}: predict with a registered model. */
@Command(
        name = "predict",
        mixinStandardHelpOptions = true,
        description = {
            "Predict with a registered model on a file, streaming it slice by slice, and write the input's rows with the",
            "predictions (and class probabilities, anomaly flags, per-column contributions with --explain) to OUT:",
            "CSV, Parquet, JSON lines, or an Excel workbook (up to Excel's 1,048,575 rows; text cells that could be",
            "read as formulas start with an apostrophe, as in every spreadsheet Assay writes).",
            "Missing columns, changed types and unseen categories are filled as in training and reported."
        },
        footer = {
            "",
            "Examples:",
            "  assay predict churn new_customers.csv -o scored.csv",
            "  assay predict churn@3 new_customers.parquet -o scored.parquet --explain",
            "  assay predict churn new_customers.xlsx -o scored.xlsx"
        })
final class PredictCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "NAME[@VERSION]",
            description =
                    "A registered model; VERSION is a number, latest or production (default: production, else latest).")
    String model;

    @Parameters(index = "1", paramLabel = "FILE", description = "The rows to predict.")
    Path file;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "OUT",
            required = true,
            description = "Where to write the predictions (.csv, .parquet, .jsonl or .xlsx).")
    Path out;

    @Option(names = "--explain", description = "Add each original column's contribution to every prediction.")
    boolean explain;

    @Mixin
    IngestOptions input;

    @Mixin
    OutputOptions output;

    @Mixin
    CommonOptions common;

    private final Map<String, String> environment;

    PredictCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        var ref = ModelRef.parse(model);
        Models.PredictResult result;
        try (Assay assay = Assay.open(common.home(environment), Assay.Engine.fromEnvironment(environment));
                var progress = TerminalProgress.start(spec.commandLine().getErr(), "predicting")) {
            result = assay.models()
                    .predict(
                            new Models.PredictRequest(ref.name(), ref.version(), file, input.toOptions(), out, explain),
                            progress);
        }
        String text = output.format == OutputOptions.Format.JSON ? Json.write(result) : ModelReport.predicted(result);
        output.emit(spec.commandLine().getOut(), text);
        return 0;
    }
}
