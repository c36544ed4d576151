package io.assay.bench.models;

import io.assay.core.ingest.Ingest;
import io.assay.core.pipeline.Features;
import io.assay.core.pipeline.Pipeline;
import io.assay.core.table.NumberColumn;
import io.assay.core.table.Table;
import io.assay.ml.Estimator;
import io.assay.ml.Task;
import io.assay.ml.Trainer;
import io.assay.ml.TrainingData;
import io.assay.ml.zoo.ModelZoo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Training time and test accuracy of the random forest and XGBoost trainers on a numeric classification table with a
 * 0/1 column {@code y}: the figures compared with scikit-learn and Python xgboost fitting the same files with the same
 * hyperparameters (both exclude reading the file; both time the fit alone, best of three).
 *
 * <pre>java -cp ... io.assay.bench.models.ModelsSpeedBench TRAIN.csv TEST.csv</pre>
 */
public final class ModelsSpeedBench {

    private ModelsSpeedBench() {}

    /** A model type with the hyperparameters both sides use. */
    record Case(String label, String model, Map<String, String> params) {}

    static final List<Case> CASES = List.of(
            new Case("random_forest (100 trees)", "random_forest", Map.of("n_estimators", "100")),
            new Case(
                    "xgboost (200 rounds, depth 6)",
                    "xgboost",
                    Map.of("n_estimators", "200", "max_depth", "6", "learning_rate", "0.3")));

    public static void main(String[] args) {
        Table train = Ingest.read(Path.of(args[0]), Ingest.Options.defaults()).table();
        Table test = Ingest.read(Path.of(args[1]), Ingest.Options.defaults()).table();
        double[] y = values((NumberColumn) train.column("y"));
        double[] truth = values((NumberColumn) test.column("y"));
        var target = Pipeline.Target.classes("y", y, List.of("0", "1"));
        var fitted = Pipeline.fit(train, List.of(), target, Pipeline.Options.defaults());
        Features x = fitted.training();
        Features testX = fitted.pipeline().apply(test);
        var data = new TrainingData(Task.CLASSIFICATION, x, y, List.of("0", "1"), null);
        for (Case c : CASES) {
            run(c, data, testX, truth);
        }
    }

    static double[] values(NumberColumn c) {
        double[] v = new double[c.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = c.get(i);
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    private static <O extends Record> void run(Case c, TrainingData data, Features testX, double[] truth) {
        var trainer = (Trainer<O>) ModelZoo.trainer(c.model());
        O options = trainer.options(c.params());
        var seconds = new ArrayList<Double>();
        Estimator model = null;
        for (int run = 0; run < 3; run++) {
            long t0 = System.nanoTime();
            model = trainer.fit(data, options, 42);
            seconds.add((System.nanoTime() - t0) / 1e9);
        }
        double[] predicted = model.predict(testX);
        int right = 0;
        for (int i = 0; i < truth.length; i++) {
            right += predicted[i] == truth[i] ? 1 : 0;
        }
        System.out.printf(
                Locale.ROOT,
                "%-30s fit %.2f s (best of %s), test accuracy %.4f%n",
                c.label(),
                seconds.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
                seconds.stream().map(s -> String.format(Locale.ROOT, "%.2f", s)).toList(),
                (double) right / truth.length);
    }
}
