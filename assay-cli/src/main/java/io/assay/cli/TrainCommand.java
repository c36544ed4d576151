package io.assay.cli;

import io.assay.app.Assay;
import io.assay.app.Models;
import io.assay.ml.Task;
import io.assay.ml.zoo.ModelZoo;
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

/** {@code assay train FILE --target COL --model M}: train, evaluate, explain and register a model. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = {
            "Train a model on a table, measure it on held-out rows, explain it on the original columns, and register it",
            "as the next version of its name. Models: linear_regression, logistic_regression, random_forest, svm,",
            "xgboost, kmeans, dbscan, isolation_forest ('assay models types' lists their hyperparameters)."
        },
        footer = {
            "",
            "Examples:",
            "  assay train churn.csv --target Churn --model xgboost --param max_depth=4 --cv 5 --name churn",
            "  assay train charges.csv --target MonthlyCharges --model linear_regression --param penalty=l2 --param alpha=0.5",
            "  assay train customers.csv --model kmeans --param k=auto --features recency,frequency,monetary"
        })
final class TrainCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The training table.")
    Path file;

    @Option(
            names = "--target",
            paramLabel = "COLUMN",
            description = "The column to predict (anomaly detection: an optional label to evaluate against).")
    String target;

    @Option(names = "--model", paramLabel = "TYPE", required = true, description = "The model type.")
    String model;

    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "A hyperparameter. Repeatable.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(
            names = "--features",
            paramLabel = "COLUMN,...",
            split = ",",
            description = "Columns to learn from (default: all but the target).")
    List<String> features = new ArrayList<>();

    @Option(
            names = "--name",
            paramLabel = "NAME",
            description = "Registered name (default: the file's name and the model type).")
    String name;

    @Option(
            names = "--task",
            paramLabel = "TASK",
            description = "classification or regression (default: detected from the target).")
    String task;

    @Option(
            names = "--test-size",
            paramLabel = "SHARE",
            defaultValue = "0.2",
            description = "Share of rows held out for evaluation (default: 0.2).")
    double testSize;

    @Option(
            names = "--test",
            paramLabel = "FILE",
            description = "Evaluate on this file (same columns) instead of holding out --test-size of the rows.")
    Path holdout;

    @Option(
            names = "--cv",
            paramLabel = "FOLDS",
            defaultValue = "0",
            description = "Also cross-validate with this many folds.")
    int folds;

    @Option(
            names = "--seed",
            paramLabel = "N",
            defaultValue = "42",
            description = "Seed of the split, the folds and the model (default: 42).")
    long seed;

    @Mixin
    IngestOptions input;

    @Mixin
    OutputOptions output;

    @Mixin
    CommonOptions common;

    private final Map<String, String> environment;

    TrainCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        ModelZoo.trainer(model);
        var request = new Models.TrainRequest(
                file,
                input.toOptions(),
                target,
                features,
                model,
                params,
                task == null ? null : Task.parse(task),
                testSize,
                folds,
                seed,
                name,
                holdout);
        Models.TrainResult result;
        try (Assay assay = Assay.open(common.home(environment), Assay.Engine.fromEnvironment(environment));
                var progress = TerminalProgress.start(spec.commandLine().getErr(), "training " + model)) {
            result = assay.models().train(request, progress);
        }
        ModelReport.emitTrained(
                output,
                spec.commandLine().getOut(),
                result.version(),
                result.model().evaluation());
        return 0;
    }
}
