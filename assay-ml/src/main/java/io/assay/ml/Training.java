package io.assay.ml;

import io.assay.core.AssayVersion;
import io.assay.core.Progress;
import io.assay.core.error.InvalidOptionException;
import io.assay.core.json.Json;
import io.assay.core.pipeline.Features;
import io.assay.core.pipeline.Pipeline;
import io.assay.core.table.Column;
import io.assay.core.table.ColumnType;
import io.assay.core.table.GroundTruth;
import io.assay.core.table.NumberColumn;
import io.assay.core.table.Schema;
import io.assay.core.table.Table;
import io.assay.ml.metrics.AnomalyMetrics;
import io.assay.ml.metrics.ClassificationMetrics;
import io.assay.ml.metrics.ClusteringMetrics;
import io.assay.ml.metrics.Metrics;
import io.assay.ml.metrics.RegressionMetrics;
import io.assay.ml.zoo.ModelZoo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * Trains a model on a table: detects the task from the target (or takes it), splits rows into training and
 * held-out test rows (stratified by class), fits the preprocessing pipeline and the model on the training rows
 * only, measures the model on the test rows, optionally cross-validates, and explains it on the original columns.
 *
 * <pre>{@code
 * TrainedModel m = Training.train(new Training.Request(table, "Churn", List.of(), "xgboost", Map.of(), null,
 *         0.2, 5, 42, null, 0.95), Progress.NONE);
 * m.evaluation().metrics().headline();
 * }</pre>
 */
public final class Training {

    /**
     * What to train.
     *
     * @param table the rows
     * @param target the column to predict (for anomaly detection: an optional label column used only to evaluate)
     * @param features columns to use; empty means every column but the target
     * @param model a model type ({@link ModelZoo})
     * @param params its hyperparameters as {@code name → value}
     * @param task the task, or null to detect it from the target
     * @param testSize share of rows held out for evaluation (supervised tasks)
     * @param folds cross-validation folds (0 or 1: none)
     * @param seed seed of the split, the folds and the model
     * @param pipeline preprocessing options, or null for the model type's defaults
     * @param anomalyPercentile for anomaly detection, the percentile of training scores above which a row is
     *     anomalous (the seed's default is 95)
     * @param holdout rows to evaluate on instead of holding out {@code testSize} of {@code table} (null: split)
     * @param source the schema the rows were read with, whose formats ({@code %m/%d/%Y}, {@code currency}) the model
     *     keeps to read rows given as text later the same way (null: none known)
     */
    public record Request(
            Table table,
            String target,
            List<String> features,
            String model,
            Map<String, String> params,
            Task task,
            double testSize,
            int folds,
            long seed,
            Pipeline.Options pipeline,
            double anomalyPercentile,
            Table holdout,
            Schema source) {

        /** A request that holds out {@code testSize} of the rows for evaluation. */
        public Request(
                Table table,
                String target,
                List<String> features,
                String model,
                Map<String, String> params,
                Task task,
                double testSize,
                int folds,
                long seed,
                Pipeline.Options pipeline,
                double anomalyPercentile) {
            this(
                    table,
                    target,
                    features,
                    model,
                    params,
                    task,
                    testSize,
                    folds,
                    seed,
                    pipeline,
                    anomalyPercentile,
                    null,
                    null);
        }

        public Request {
            features = features == null ? List.of() : List.copyOf(features);
            params = params == null ? Map.of() : Map.copyOf(params);
            checkTestSize("test size", testSize);
            checkFolds("cross-validation folds", folds);
            if (!(anomalyPercentile > 0 && anomalyPercentile < 100)) {
                throw new InvalidOptionException("anomaly percentile", anomalyPercentile, "must be between 0 and 100");
            }
        }
    }

    /**
     * Refuses a share of rows to hold out that training cannot use (it must be between 0 and 1); {@code option} names
     * it in the caller's words ({@code test_size}), so that an entry point can refuse it before any work.
     */
    public static void checkTestSize(String option, double testSize) {
        if (!(testSize > 0 && testSize < 1)) {
            throw new InvalidOptionException(option, testSize, "must be between 0 and 1, e.g. 0.2");
        }
    }

    /**
     * Refuses a number of cross-validation folds training cannot use (0: none, or 2 to 20); {@code option} names it
     * in the caller's words ({@code folds}), so that an entry point can refuse it before any work.
     */
    public static void checkFolds(String option, int folds) {
        if (folds < 0 || folds == 1 || folds > 20) {
            throw new InvalidOptionException(option, folds, "must be 0 (none) or between 2 and 20");
        }
    }

    private static final int PERMUTATION_ROWS = 5000;
    private static final int PERMUTATION_REPEATS = 3;

    private Training() {}

    public static TrainedModel train(Request r, Progress progress) {
        Trainer<?> trainer = ModelZoo.trainer(r.model());
        return run(trainer, r, progress);
    }

    private static <O extends Record> TrainedModel run(Trainer<O> trainer, Request r, Progress progress) {
        O options = trainer.options(r.params());
        Task task = TaskDetection.task(trainer, r.table(), r.target(), r.task());
        var notes = new ArrayList<String>();
        Table table = r.table();
        Target target = null;
        if (r.target() != null && task.supervised()) {
            Magnitudes.requireWithinLimit(table, List.of(r.target()), "");
        }
        if (r.target() != null) {
            target = Target.of(table.column(r.target()), task);
            if (target.missing() > 0) {
                notes.add(target.missing() + " row(s) without a value in '" + r.target() + "' were left out");
                table = table.rows(target.present());
                target = Target.of(table.column(r.target()), task);
            }
        }
        if (table.rowCount() < (task.supervised() ? 10 : 3)) {
            throw new InvalidOptionException("rows", table.rowCount(), "too few rows to train on");
        }
        var features = new ArrayList<>(r.features().isEmpty() ? table.columnNames() : r.features());
        if (r.target() != null) {
            features.remove(r.target());
        }
        Pipeline.Options pipelineOptions =
                r.pipeline() != null ? r.pipeline() : TaskDetection.pipelineDefaults(trainer.name(), r.seed());

        int[] train;
        Table testTable;
        Target testTarget;
        if (task.supervised() && r.holdout() != null) {
            train = all(table.rowCount());
            var known = Target.known(r.holdout().column(r.target()), task, target.classes());
            if (known.dropped() > 0) {
                notes.add(known.dropped() + " held-out row(s) without a known value in '" + r.target()
                        + "' were not scored");
            }
            testTable = r.holdout().rows(known.rows());
            testTarget = known.target();
        } else if (task.supervised()) {
            int[][] split = split(target, r.testSize(), r.seed());
            train = split[0];
            testTable = table.rows(split[1]);
            testTarget = target.rows(split[1]);
        } else {
            train = all(table.rowCount());
            testTable = table;
            testTarget = null;
        }
        progress.update("preparing features", 0.1);
        Table trainTable = table.rows(train);
        Target trainTarget = target == null ? null : target.rows(train);
        var fitted = Pipeline.fit(
                trainTable,
                features,
                trainTarget == null ? null : trainTarget.forPipeline(r.target()),
                pipelineOptions);
        fitted.pipeline().excluded().forEach(e -> notes.add("column '" + e.column() + "' left out: " + e.reason()));
        notes.addAll(fitted.notes());
        if (fitted.training().width() == 0) {
            throw new InvalidOptionException(
                    "features",
                    features,
                    "no usable feature column remains after leaving out " + "identifiers, free text and constants");
        }
        List<String> used = fitted.pipeline().inputColumns();
        Magnitudes.requireWithinLimit(r.table(), used, "");
        if (r.holdout() != null && task.supervised()) {
            var heldOut = new ArrayList<>(used);
            heldOut.add(r.target());
            Magnitudes.requireWithinLimit(r.holdout(), heldOut, " of the test file");
        }
        var data = new TrainingData(
                task,
                fitted.training(),
                trainTarget == null ? null : trainTarget.values(),
                target == null ? List.of() : target.classes(),
                null);
        Evaluation.ClassBalance balance = null;
        if (task == Task.CLASSIFICATION) {
            balance = balance(trainTarget, options);
            if (balance.imbalanceRatio() > 3 && !balance.weighted()) {
                notes.add(String.format(
                        java.util.Locale.ROOT,
                        "classes are imbalanced (largest/smallest = %.1f); %s",
                        balance.imbalanceRatio(),
                        imbalanceAdvice(trainer)));
            }
        }
        progress.update("training " + trainer.name(), 0.2);
        Estimator estimator = trainer.fit(data, options, r.seed());

        progress.update("evaluating", 0.7);
        var checked = new ArrayList<>(used);
        checked.add(r.target());
        Features testX = fitted.pipeline().apply(testTable);
        Double threshold = null;
        Metrics metrics;
        switch (task) {
            case CLASSIFICATION, REGRESSION -> metrics = score(task, estimator, testX, testTarget);
            case CLUSTERING -> {
                double[] labels = estimator.predict(fitted.training());
                Magnitudes.requireFinitePredictions(trainer.name(), labels, r.table(), checked);
                metrics = ClusteringMetrics.of(
                        fitted.training().toRows(), toInts(labels), profiles(trainTable, labels), r.seed());
            }
            case ANOMALY_DETECTION -> {
                double[] scores = estimator.predict(fitted.training());
                Magnitudes.requireFinitePredictions(trainer.name(), scores, r.table(), checked);
                double[] sorted = scores.clone();
                Arrays.sort(sorted);
                threshold = sorted[
                        Math.min(sorted.length - 1, (int) Math.floor(r.anomalyPercentile() / 100 * sorted.length))];
                boolean[] labels = r.target() == null ? null : anomalyLabels(table.column(r.target()));
                metrics = AnomalyMetrics.of(scores, threshold, labels);
            }
            default -> throw new IllegalStateException(task.toString());
        }
        if (task.supervised()) {
            Magnitudes.requireFiniteMetrics(trainer.name(), metrics.headline(), r.table(), checked);
        }
        Map<String, Evaluation.MeanSd> cv = Map.of();
        if (r.folds() >= 2 && task.supervised()) {
            progress.update("cross-validating", 0.8);
            cv = crossValidate(trainer, options, table, features, target, task, pipelineOptions, r, progress);
        }
        if (!cv.isEmpty()) {
            var means = new LinkedHashMap<String, Double>();
            cv.forEach((name, m) -> means.put("cross-validated " + name, m.mean()));
            Magnitudes.requireFiniteMetrics(trainer.name(), means, r.table(), checked);
        }
        progress.update("explaining", 0.9);
        var importance = task.supervised()
                ? importance(estimator, fitted.training(), testX, testTarget, task, r.seed())
                : List.<Evaluation.Importance>of();
        var warnings = task.supervised()
                ? TargetLeakage.check(
                        r.target(),
                        task,
                        fitted.training(),
                        trainTarget.values(),
                        target.classes(),
                        metrics,
                        testTable.rowCount(),
                        importance,
                        r.seed())
                : labelsUsedAsFeatures(task, used);
        var evaluation = new Evaluation(
                task,
                train.length,
                task.supervised() ? testTable.rowCount() : 0,
                metrics,
                cv,
                importance,
                balance,
                notes,
                warnings);
        var spec = new ModelSpec(
                trainer.name(),
                task,
                Json.mapper().valueToTree(options),
                r.target(),
                target == null ? List.of() : target.classes(),
                fitted.pipeline().inputColumns(),
                threshold);
        var provenance = new Provenance(
                AssayVersion.get(), Libraries.versions(), r.seed(), Instant.now(), Fingerprint.of(table, r.source()));
        progress.update("trained", 1.0);
        return new TrainedModel(spec, fitted.pipeline(), estimator, evaluation, provenance);
    }

    private static int[] all(int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return out;
    }

    private static int[] toInts(double[] v) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (int) v[i];
        }
        return out;
    }

    /** Stratified for classes (each class split in the same proportion), shuffled for regression. */
    static int[][] split(Target target, double testSize, long seed) {
        var rnd = new Random(seed);
        var train = new ArrayList<Integer>();
        var test = new ArrayList<Integer>();
        if (target.classes().isEmpty()) {
            int[] idx = shuffled(all(target.values().length), rnd);
            int nTest = (int) Math.ceil(testSize * idx.length);
            for (int i = 0; i < idx.length; i++) {
                (i < nTest ? test : train).add(idx[i]);
            }
        } else {
            var byClass = new HashMap<Integer, List<Integer>>();
            for (int i = 0; i < target.values().length; i++) {
                byClass.computeIfAbsent((int) target.values()[i], k -> new ArrayList<>())
                        .add(i);
            }
            for (int c : new TreeSet<>(byClass.keySet())) {
                int[] idx = shuffled(
                        byClass.get(c).stream().mapToInt(Integer::intValue).toArray(), rnd);
                int nTest = idx.length < 2 ? 0 : (int) Math.max(1, Math.round(testSize * idx.length));
                for (int i = 0; i < idx.length; i++) {
                    (i < nTest ? test : train).add(idx[i]);
                }
            }
        }
        return new int[][] {
            train.stream().mapToInt(Integer::intValue).sorted().toArray(),
            test.stream().mapToInt(Integer::intValue).sorted().toArray()
        };
    }

    private static int[] shuffled(int[] idx, Random rnd) {
        int[] a = idx.clone();
        for (int i = a.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    static Metrics score(Task task, Estimator estimator, Features x, Target truth) {
        double[] predicted = estimator.predict(x);
        if (task == Task.REGRESSION) {
            return RegressionMetrics.of(truth.values(), predicted);
        }
        return ClassificationMetrics.of(
                toInts(truth.values()), toInts(predicted), estimator.probabilities(x), truth.classes());
    }

    private static <O extends Record> Map<String, Evaluation.MeanSd> crossValidate(
            Trainer<O> trainer,
            O options,
            Table table,
            List<String> features,
            Target target,
            Task task,
            Pipeline.Options pipelineOptions,
            Request r,
            Progress progress) {
        int k = r.folds();
        int[] fold = new int[table.rowCount()];
        var rnd = new Random(r.seed() + 1);
        if (task == Task.CLASSIFICATION) {
            var byClass = new HashMap<Integer, List<Integer>>();
            for (int i = 0; i < fold.length; i++) {
                byClass.computeIfAbsent((int) target.values()[i], c -> new ArrayList<>())
                        .add(i);
            }
            int next = 0;
            for (int c : new TreeSet<>(byClass.keySet())) {
                for (int i : shuffled(
                        byClass.get(c).stream().mapToInt(Integer::intValue).toArray(), rnd)) {
                    fold[i] = next++ % k;
                }
            }
        } else {
            int[] idx = shuffled(all(fold.length), rnd);
            for (int i = 0; i < idx.length; i++) {
                fold[idx[i]] = i % k;
            }
        }
        var values = new LinkedHashMap<String, List<Double>>();
        for (int f = 0; f < k; f++) {
            // a fold at a time: a client sees the work move, and a cancelled job stops at the next fold
            progress.update("cross-validating: fold " + (f + 1) + " of " + k, 0.8 + 0.1 * f / k);
            final int held = f;
            int[] tr = java.util.stream.IntStream.range(0, fold.length)
                    .filter(i -> fold[i] != held)
                    .toArray();
            int[] te = java.util.stream.IntStream.range(0, fold.length)
                    .filter(i -> fold[i] == held)
                    .toArray();
            Target trTarget = target.rows(tr);
            var fitted = Pipeline.fit(table.rows(tr), features, trTarget.forPipeline(r.target()), pipelineOptions);
            var data = new TrainingData(task, fitted.training(), trTarget.values(), target.classes(), null);
            Estimator e = trainer.fit(data, options, r.seed());
            Metrics m = score(task, e, fitted.pipeline().apply(table.rows(te)), target.rows(te));
            m.headline()
                    .forEach((name, v) ->
                            values.computeIfAbsent(name, x -> new ArrayList<>()).add(v));
        }
        var out = new LinkedHashMap<String, Evaluation.MeanSd>();
        values.forEach((name, list) -> {
            double mean =
                    list.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double var = list.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / Math.max(1, list.size() - 1);
            out.put(name, new Evaluation.MeanSd(mean, Math.sqrt(var), list.size()));
        });
        return out;
    }

    /**
     * For models without a target (clustering, anomaly detection): the input columns named like a ground-truth label
     * ({@link GroundTruth}, the rule {@code assay detect} warns by), which the model learns from instead of being
     * measured against.
     */
    private static List<Evaluation.Warning> labelsUsedAsFeatures(Task task, List<String> used) {
        var out = new ArrayList<Evaluation.Warning>();
        for (String c : used) {
            if (GroundTruth.looksLikeLabel(c)) {
                String instead = task == Task.ANOMALY_DETECTION
                        ? "pass --target " + c + " to evaluate against it instead, or leave it out"
                        : "leave it out";
                out.add(new Evaluation.Warning(
                        Evaluation.Warning.LABEL_AS_FEATURE,
                        List.of(c),
                        "column '" + c + "' looks like a ground-truth label and is used as a feature; " + instead
                                + " (list the columns to use with --features)"));
            }
        }
        return out;
    }

    /**
     * What {@code trainer} accepts against imbalance: class weights when it has them, else the classifiers that do and
     * resampling (never advice its own hyperparameters would refuse).
     */
    static String imbalanceAdvice(Trainer<?> trainer) {
        if (trainer.hyperparameters().stream().anyMatch(h -> h.name().equals("class_weight"))) {
            return "consider class_weight=balanced (--param class_weight=balanced)";
        }
        var weighted = ModelZoo.all().stream()
                .filter(t -> t.tasks().contains(Task.CLASSIFICATION))
                .filter(t -> t.hyperparameters().stream().anyMatch(h -> h.name().equals("class_weight")))
                .map(Trainer::name)
                .toList();
        return trainer.name() + " has no class weights: resample the rarer classes, or use "
                + String.join(", ", weighted) + " with --param class_weight=balanced";
    }

    private static Evaluation.ClassBalance balance(Target target, Record options) {
        var counts = new LinkedHashMap<String, Long>();
        for (String c : target.classes()) {
            counts.put(c, 0L);
        }
        for (double v : target.values()) {
            counts.merge(target.classes().get((int) v), 1L, Long::sum);
        }
        long max = counts.values().stream().mapToLong(Long::longValue).max().orElse(1);
        long min = counts.values().stream()
                .mapToLong(Long::longValue)
                .filter(c -> c > 0)
                .min()
                .orElse(1);
        boolean weighted = Json.write(options).contains("\"balanced\"");
        return new Evaluation.ClassBalance(counts, (double) max / min, weighted);
    }

    /** Native importance (summed per original column, normalised) and permutation importance on test rows. */
    static List<Evaluation.Importance> importance(
            Estimator e, Features train, Features test, Target truth, Task task, long seed) {
        var columns = new ArrayList<String>();
        var featuresOf = new LinkedHashMap<String, List<Integer>>();
        for (int f = 0; f < train.width(); f++) {
            featuresOf.computeIfAbsent(train.source(f), k -> new ArrayList<>()).add(f);
        }
        columns.addAll(featuresOf.keySet());
        double[] nativeImportance = e.importance();
        Map<String, Double> model = new HashMap<>();
        if (nativeImportance != null) {
            double total = Arrays.stream(nativeImportance).sum();
            featuresOf.forEach((c, fs) -> model.put(
                    c,
                    total == 0
                            ? 0
                            : fs.stream().mapToDouble(f -> nativeImportance[f]).sum() / total));
        }
        int[] rows = ClusteringMetrics.sampleRows(test.rows(), PERMUTATION_ROWS, seed);
        Features sample = test.rows(rows);
        Target sampleTruth = truth.rows(rows);
        double base = primary(score(task, e, sample, sampleTruth));
        var rnd = new Random(seed);
        var out = new ArrayList<Evaluation.Importance>();
        for (String c : columns) {
            double[] drops = new double[PERMUTATION_REPEATS];
            for (int k = 0; k < PERMUTATION_REPEATS; k++) {
                int[] perm = shuffled(all(sample.rows()), rnd);
                Features shuffled = sample.permuted(featuresOf.get(c), perm);
                drops[k] = base - primary(score(task, e, shuffled, sampleTruth));
            }
            double mean = Arrays.stream(drops).average().orElse(0);
            double sd = Math.sqrt(
                    Arrays.stream(drops).map(d -> (d - mean) * (d - mean)).sum() / Math.max(1, drops.length - 1));
            out.add(new Evaluation.Importance(c, model.get(c), mean, sd));
        }
        out.sort((a, b) -> Double.compare(
                b.permutation() == null ? 0 : b.permutation(), a.permutation() == null ? 0 : a.permutation()));
        return out;
    }

    /** The score permutation importance is measured on: accuracy (classification) or R² (regression). */
    private static double primary(Metrics m) {
        return switch (m) {
            case ClassificationMetrics c -> c.accuracy();
            case RegressionMetrics rm -> rm.r2();
            default -> 0;
        };
    }

    private static boolean[] anomalyLabels(Column c) {
        boolean[] out = new boolean[c.size()];
        for (int i = 0; i < out.length; i++) {
            Object v = c.value(i);
            out[i] = switch (v) {
                case null -> false;
                case Boolean b -> b;
                case Number n -> n.doubleValue() != 0;
                default ->
                    java.util.Set.of("1", "true", "yes", "anomaly", "outlier")
                            .contains(v.toString().trim().toLowerCase(java.util.Locale.ROOT));
            };
        }
        return out;
    }

    private static List<ClusteringMetrics.ClusterProfile> profiles(Table table, double[] labels) {
        var clusters = new TreeSet<Integer>();
        for (double l : labels) {
            clusters.add((int) l);
        }
        var out = new ArrayList<ClusteringMetrics.ClusterProfile>();
        for (int c : clusters) {
            var means = new LinkedHashMap<String, Double>();
            var frequent = new LinkedHashMap<String, String>();
            long size = Arrays.stream(labels).filter(l -> (int) l == c).count();
            for (Column col : table.columns()) {
                if (col instanceof NumberColumn n) {
                    double s = 0;
                    long k = 0;
                    for (int i = 0; i < labels.length; i++) {
                        if ((int) labels[i] == c && !n.isMissing(i)) {
                            s += n.get(i);
                            k++;
                        }
                    }
                    if (k > 0) {
                        means.put(col.name(), s / k);
                    }
                } else if (col.type() == ColumnType.CATEGORICAL || col.type() == ColumnType.BOOLEAN) {
                    var counts = new HashMap<String, Integer>();
                    for (int i = 0; i < labels.length; i++) {
                        if ((int) labels[i] == c && !col.isMissing(i)) {
                            counts.merge(col.text(i), 1, Integer::sum);
                        }
                    }
                    counts.entrySet().stream()
                            .max(Map.Entry.comparingByValue())
                            .ifPresent(e -> frequent.put(col.name(), e.getKey()));
                }
            }
            out.add(new ClusteringMetrics.ClusterProfile(c, size, means, frequent));
        }
        return out;
    }
}
