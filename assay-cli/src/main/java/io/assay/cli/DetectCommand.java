package io.assay.cli;

import io.assay.anomaly.Detectors;
import io.assay.anomaly.Threshold;
import io.assay.app.Assay;
import io.assay.app.Detections;
import io.assay.core.error.InvalidOptionException;
import io.assay.core.json.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code assay detect FILE}: fit an anomaly detector on a table (or apply a saved one), flag the unusual rows and
 * explain each; the contract is shared/specs/anomaly-detection.md.
 */
@Command(
        name = "detect",
        mixinStandardHelpOptions = true,
        description = {
            "Find the anomalous rows of a table: each flagged row with its score, a calibrated confidence, a severity,",
            "the columns that made it anomalous (actual value, typical value, contribution) and the row itself.",
            "Methods: iforest (default), autoencoder, ocsvm, lof, robust, ensemble ('assay detect --methods' lists",
            "their hyperparameters). Train once with --save NAME, apply to new files with --model NAME[@VERSION]."
        },
        footer = {
            "",
            "Examples:",
            "  assay detect payments.csv -o flagged.csv --scores all.csv",
            "  assay detect payments.csv --method autoencoder --param epochs=50 --contamination 0.01 --save payments",
            "  assay detect --model payments new-payments.csv -o flagged.xlsx",
            "  assay detect cardio.csv --method ensemble --label label --format json",
            "  assay detect payments.csv --top 100 -o flagged.xlsx"
        })
final class DetectCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "The table to score.")
    Path file;

    @Option(
            names = "--method",
            paramLabel = "METHOD",
            description = "iforest, autoencoder, ocsvm, lof, robust or ensemble (default: iforest).")
    String method;

    @Option(
            names = "--model",
            paramLabel = "NAME[@VERSION]",
            description = "Apply a saved detector instead of fitting one (default version: production, else latest).")
    String model;

    @Option(names = "--exclude", paramLabel = "COLUMN", description = "Leave a column out of the features. Repeatable.")
    List<String> exclude = new ArrayList<>();

    @Option(
            names = "--label",
            paramLabel = "COLUMN",
            description = "A ground-truth column (1/true = anomaly): not a feature; ROC AUC, AP, precision/recall/F1.")
    String label;

    @Option(
            names = "--threshold-percentile",
            paramLabel = "P",
            description = "Flag rows scoring at or above the P-th percentile of the training scores (default: 95).")
    Double percentile;

    @Option(
            names = "--contamination",
            paramLabel = "SHARE",
            description = "Flag the expected share of anomalous rows, e.g. 0.01.")
    Double contamination;

    @Option(
            names = "--threshold",
            paramLabel = "SCORE",
            description = "Flag rows scoring at or above this score (the method's own scale).")
    Double score;

    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "A hyperparameter of the method. Repeatable.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(
            names = "--seed",
            paramLabel = "N",
            defaultValue = "42",
            description = "Seed of every random choice: same seed and data, same detector (default: 42).")
    long seed;

    @Option(names = "--save", paramLabel = "NAME", description = "Register the fitted detector under this name.")
    String save;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "Write the flagged rows, most anomalous first: .csv, .xlsx or .json.")
    Path flagged;

    @Option(
            names = "--scores",
            paramLabel = "FILE",
            description = "Write every row's row_index, anomaly_score, is_anomaly: .csv, .parquet or .jsonl.")
    Path scores;

    @Option(
            names = "--top-features",
            paramLabel = "N",
            defaultValue = "3",
            description = "Columns named per flagged row (default: 3).")
    int topFeatures;

    @Option(
            names = "--top",
            paramLabel = "N",
            defaultValue = "" + Detections.TOP,
            description =
                    "Flagged rows printed (and in --format json), most anomalous first (default: ${DEFAULT-VALUE};"
                            + " 0: none); -o FILE has them all.")
    int top;

    @Option(names = "--methods", description = "List the methods and their hyperparameters, then exit.")
    boolean listMethods;

    @Mixin
    IngestOptions input;

    @Mixin
    OutputOptions output;

    @Mixin
    CommonOptions common;

    private final Map<String, String> environment;

    DetectCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        if (listMethods) {
            output.emit(
                    spec.commandLine().getOut(),
                    output.format == OutputOptions.Format.JSON
                            ? Json.write(Detectors.describe())
                            : DetectReport.methods(Detectors.describe()));
            return 0;
        }
        if (file == null) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "Missing required parameter: 'FILE' (the table to score: assay detect FILE)");
        }
        if (model == null && method != null) {
            Detectors.detector(method.equals(Detectors.ENSEMBLE) ? "iforest" : method);
        }
        var ref = model == null ? null : ModelRef.parse(model);
        var request = new Detections.DetectRequest(
                file,
                input.toOptions(),
                method,
                params,
                exclude,
                label,
                threshold(),
                seed,
                ref == null ? null : ref.name(),
                ref == null ? null : ref.version(),
                save,
                flagged,
                scores,
                topFeatures,
                top);
        Detections.DetectResult result;
        String task = model == null ? "detecting with " + request.method() : "detecting with " + model;
        try (Assay assay = Assay.open(common.home(environment), Assay.Engine.fromEnvironment(environment));
                var progress = TerminalProgress.start(spec.commandLine().getErr(), task)) {
            result = assay.detections().detect(request, progress);
        }
        output.emit(
                spec.commandLine().getOut(),
                output.format == OutputOptions.Format.JSON ? Json.write(result) : DetectReport.detected(result));
        return 0;
    }

    /** The one threshold option given, or null for the default; two of them are a usage error. */
    private Threshold threshold() {
        int given = (percentile != null ? 1 : 0) + (contamination != null ? 1 : 0) + (score != null ? 1 : 0);
        if (given > 1) {
            throw new InvalidOptionException(
                    "threshold",
                    "several",
                    "give one of --threshold-percentile, --contamination and --threshold, not more");
        }
        if (percentile != null) {
            return Threshold.percentile(percentile);
        }
        if (contamination != null) {
            return Threshold.contamination(contamination);
        }
        return score != null ? Threshold.score(score) : null;
    }
}
