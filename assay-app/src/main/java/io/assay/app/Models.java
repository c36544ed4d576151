package io.assay.app;

import io.assay.core.Progress;
import io.assay.core.error.InvalidOptionException;
import io.assay.core.ingest.Dataset;
import io.assay.core.ingest.Ingest;
import io.assay.core.io.OutputFile;
import io.assay.core.io.TableWriter;
import io.assay.core.pipeline.ApplyReport;
import io.assay.core.table.Table;
import io.assay.ml.Task;
import io.assay.ml.TrainedModel;
import io.assay.ml.Training;
import io.assay.ml.registry.ModelRegistry;
import io.assay.ml.registry.ModelVersion;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The model use cases: train a model on a file and register it, predict with a registered model on a file
 * (streamed in slices, so files larger than memory work) or on rows, and manage versions.
 */
public final class Models {

    /** Rows per slice when predicting on a file. */
    static final int SLICE = 50_000;

    private final Assay assay;
    private final ModelRegistry registry;

    Models(Assay assay, ModelRegistry registry) {
        this.assay = assay;
        this.registry = registry;
    }

    public ModelRegistry registry() {
        return registry;
    }

    /**
     * What to train.
     *
     * @param name the registered model's name (null: the file's name and the model type)
     * @param holdout a file with the same columns to evaluate on instead of a random share of {@code file} (null: split)
     */
    public record TrainRequest(
            Path file,
            Ingest.Options ingest,
            String target,
            List<String> features,
            String model,
            Map<String, String> params,
            Task task,
            double testSize,
            int folds,
            long seed,
            String name,
            Path holdout) {

        /** A request that holds out {@code testSize} of the file's rows for evaluation. */
        public TrainRequest(
                Path file,
                Ingest.Options ingest,
                String target,
                List<String> features,
                String model,
                Map<String, String> params,
                Task task,
                double testSize,
                int folds,
                long seed,
                String name) {
            this(file, ingest, target, features, model, params, task, testSize, folds, seed, name, null);
        }

        /**
         * Trains {@code model} (a type of {@code ModelZoo}, e.g. {@code xgboost}) to predict {@code target} from every
         * other usable column of {@code file}, as {@code assay train} does by default: the task inferred from the
         * target, 20% of the rows held out, no cross-validation, seed 42, named after the file and the model type.
         * A null {@code target} suits clustering and anomaly model types.
         */
        public static TrainRequest of(Path file, String target, String model) {
            return new TrainRequest(
                    file, Ingest.Options.defaults(), target, List.of(), model, Map.of(), null, 0.2, 0, 42, null);
        }

        /** This request registering the model as {@code name}. */
        public TrainRequest withName(String n) {
            return new TrainRequest(
                    file, ingest, target, features, model, params, task, testSize, folds, seed, n, holdout);
        }

        /** This request with hyperparameters as {@code --param} takes them ({@code n_estimators} → {@code 200}). */
        public TrainRequest withParams(Map<String, String> p) {
            return new TrainRequest(
                    file, ingest, target, features, model, Map.copyOf(p), task, testSize, folds, seed, name, holdout);
        }

        /** This request learning from {@code columns} only (empty: every usable column). */
        public TrainRequest withFeatures(List<String> columns) {
            return new TrainRequest(
                    file,
                    ingest,
                    target,
                    List.copyOf(columns),
                    model,
                    params,
                    task,
                    testSize,
                    folds,
                    seed,
                    name,
                    holdout);
        }

        /** This request holding out {@code share} of the rows, with {@code k}-fold cross-validation (0: none). */
        public TrainRequest withEvaluation(double share, int k) {
            return new TrainRequest(file, ingest, target, features, model, params, task, share, k, seed, name, holdout);
        }

        /** This request evaluated on {@code file} (same columns) instead of held-out rows. */
        public TrainRequest withHoldout(Path f) {
            return new TrainRequest(
                    file, ingest, target, features, model, params, task, testSize, folds, seed, name, f);
        }

        public TrainRequest withSeed(long s) {
            return new TrainRequest(
                    file, ingest, target, features, model, params, task, testSize, folds, s, name, holdout);
        }

        /** This request reading {@code file} with {@code options} (worksheet, column types, delimiter...). */
        public TrainRequest withIngest(Ingest.Options options) {
            return new TrainRequest(
                    file, options, target, features, model, params, task, testSize, folds, seed, name, holdout);
        }
    }

    /** A trained, registered model. */
    public record TrainResult(ModelVersion version, TrainedModel model) {}

    public TrainResult train(TrainRequest r, Progress progress) {
        var fitted = fit(r, progress);
        return new TrainResult(registry.register(fitted.name(), fitted.model()), fitted.model());
    }

    /** A trained model not registered yet, and the name it is to be registered under. */
    public record Fitted(String name, TrainedModel model) {}

    /**
     * Trains as {@link #train} does but registers nothing, for callers that register the model in a step of their own
     * (the service registers it in the transaction that records the training job's result).
     */
    public Fitted fit(TrainRequest r, Progress progress) {
        Table table;
        io.assay.core.table.Schema source;
        try (Dataset ds = Ingest.open(assay.engine(), r.file(), r.ingest(), Assay.scaled(progress, 0, 0.2))) {
            table = ds.toTable();
            source = ds.schema();
        }
        Table holdout = null;
        if (r.holdout() != null) {
            // a workbook's header row is the training file's: a test file in another format has its own header
            var ingest = io.assay.core.ingest.FileFormat.of(r.holdout()) == io.assay.core.ingest.FileFormat.XLSX
                    ? r.ingest()
                    : r.ingest().withHeaderRow(null);
            try (Dataset ds = Ingest.open(assay.engine(), r.holdout(), ingest, Progress.NONE)) {
                holdout = ds.toTable();
            }
        }
        var model = Training.train(
                new Training.Request(
                        table,
                        r.target(),
                        r.features(),
                        r.model(),
                        r.params(),
                        r.task(),
                        r.testSize(),
                        r.folds(),
                        r.seed(),
                        null,
                        95,
                        holdout,
                        source),
                Assay.scaled(progress, 0.2, 0.95));
        return new Fitted(r.name() != null ? r.name() : defaultName(r.file(), r.model()), model);
    }

    static String defaultName(Path file, String model) {
        String stem =
                file.getFileName().toString().replaceFirst("\\.[^.]*$", "").replaceFirst("\\.[^.]*$", "");
        String clean = stem.replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("^[^A-Za-z0-9]+", "");
        if (clean.isEmpty()) {
            clean = "model";
        }
        return (clean.length() > 60 ? clean.substring(0, 60) : clean) + "-" + model.toLowerCase(Locale.ROOT);
    }

    /**
     * What to predict.
     *
     * @param version a number, {@code latest}, {@code production}, or null (production, else latest)
     * @param output a .csv, .parquet, .jsonl or .xlsx file with the input's columns and the predictions, written whole or
     *     not at all (a failed run leaves an earlier file of that name as it was)
     * @param explain add per-column contributions
     */
    public record PredictRequest(
            String name, String version, Path file, Ingest.Options ingest, Path output, boolean explain) {

        public PredictRequest {
            if (output != null) {
                TableWriter.check(output, 0);
            }
        }
    }

    /**
     * How a prediction run went: rows written, everything the pipeline had to fill or map, and the rows left without a
     * prediction because an input was too large to compute with.
     */
    public record PredictResult(
            ModelVersion version,
            long rows,
            Path output,
            ApplyReport report,
            Map<String, Long> predictionCounts,
            List<io.assay.ml.Predictions.OutOfRange> outOfRange) {

        /** One line per problem, for people. */
        public List<String> problems() {
            var out = new ArrayList<>(report.problems());
            outOfRange.forEach(o -> out.add(o.problem()));
            return out;
        }
    }

    public PredictResult predict(PredictRequest r, Progress progress) {
        ModelVersion v = registry.find(r.name(), r.version());
        TrainedModel model = registry.load(v);
        var report = new ReportMerger();
        var counts = new LinkedHashMap<String, Long>();
        var outOfRange = new LinkedHashMap<String, io.assay.ml.Predictions.OutOfRange>();
        long done = 0;
        try (Dataset ds = Ingest.open(assay.engine(), r.file(), r.ingest(), Assay.scaled(progress, 0, 0.2))) {
            long total = ds.rowCount();
            TableWriter.check(r.output(), total);
            try (OutputFile file = OutputFile.of(r.output())) {
                try (TableWriter out = TableWriter.open(assay.engine(), file.path())) {
                    for (long offset = 0; offset < total; offset += SLICE) {
                        Table slice = ds.toTable(offset, SLICE);
                        var p = model.predict(slice, r.explain());
                        out.write(p.appendTo(slice));
                        report.add(p.report());
                        for (var o : p.outOfRange()) {
                            outOfRange.merge(
                                    o.column(),
                                    new io.assay.ml.Predictions.OutOfRange(
                                            o.column(), o.rows(), o.firstRow() + offset, o.firstValue()),
                                    io.assay.ml.Predictions.OutOfRange::plus);
                        }
                        if (v.task() != Task.REGRESSION && v.task() != Task.ANOMALY_DETECTION) {
                            for (int i = 0; i < p.rows(); i++) {
                                if (p.predicted(i)) {
                                    counts.merge(String.valueOf(p.label(i)), 1L, Long::sum);
                                }
                            }
                        } else if (p.anomalies() != null) {
                            for (int i = 0; i < p.rows(); i++) {
                                if (p.predicted(i)) {
                                    counts.merge(p.anomalies()[i] ? "anomaly" : "normal", 1L, Long::sum);
                                }
                            }
                        }
                        done += slice.rowCount();
                        progress.update(
                                "predicted " + done + " of " + total + " rows", 0.2 + 0.8 * done / Math.max(1, total));
                    }
                }
                if (done > 0) { // no rows: no file, as before
                    file.commit();
                }
            } catch (IOException e) {
                throw new InvalidOptionException("output file", r.output(), "cannot be written: " + e.getMessage());
            }
        }
        return new PredictResult(
                v, done, r.output(), report.merged(done), counts, new ArrayList<>(outOfRange.values()));
    }

    /** Predictions for rows given as maps (APIs). */
    public io.assay.ml.Predictions predictRows(
            String name, String version, List<Map<String, Object>> rows, boolean explain) {
        if (rows.size() > 10_000) {
            throw new InvalidOptionException(
                    "rows", rows.size(), "at most 10,000 rows per request; predict on a file instead");
        }
        return registry.load(name, version).predictRows(rows, explain);
    }

    /** Merges the apply reports of the slices of one prediction run. */
    static final class ReportMerger {
        private final LinkedHashSet<String> missing = new LinkedHashSet<>();
        private final Map<String, ApplyReport.TypeChange> changes = new LinkedHashMap<>();
        private final Map<String, ApplyReport.UnseenLevels> unseen = new LinkedHashMap<>();

        void add(ApplyReport r) {
            missing.addAll(r.missingColumns());
            for (var c : r.typeChanges()) {
                changes.merge(
                        c.column(),
                        c,
                        (a, b) -> new ApplyReport.TypeChange(
                                a.column(), a.expected(), a.actual(), a.unreadable() + b.unreadable()));
            }
            for (var u : r.unseenLevels()) {
                unseen.merge(u.column(), u, (a, b) -> {
                    var examples = new LinkedHashSet<>(a.examples());
                    examples.addAll(b.examples());
                    return new ApplyReport.UnseenLevels(
                            a.column(),
                            a.rows() + b.rows(),
                            new ArrayList<>(examples).subList(0, Math.min(5, examples.size())),
                            a.handling());
                });
            }
        }

        ApplyReport merged(long rows) {
            return new ApplyReport(
                    rows,
                    new ArrayList<>(missing),
                    new ArrayList<>(changes.values()),
                    new ArrayList<>(unseen.values()));
        }
    }
}
