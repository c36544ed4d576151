package io.assay.ml;

import io.assay.core.error.InvalidOptionException;
import io.assay.core.pipeline.Pipeline;
import io.assay.core.table.Column;
import io.assay.core.table.NumberColumn;
import io.assay.core.table.Table;
import java.util.HashSet;
import java.util.Set;

/**
 * The task a model should learn: given by the user, implied by the model type (clustering, anomaly detection), or
 * read from the target: labels and flags are classes, numbers with at most {@value #MAX_CLASSES} distinct whole
 * values are classes, other numbers are a regression target.
 */
final class TaskDetection {

    static final int MAX_CLASSES = 20;

    private TaskDetection() {}

    static Task task(Trainer<?> trainer, Table table, String target, Task given) {
        Set<Task> tasks = trainer.tasks();
        boolean unsupervised = tasks.stream().noneMatch(Task::supervised);
        if (unsupervised) {
            Task only = tasks.iterator().next();
            if (given != null && given != only) {
                throw new InvalidOptionException("task", given.label(), trainer.name() + " does " + only.label());
            }
            if (target != null) {
                table.column(target); // must exist: it is the evaluation label
            }
            return only;
        }
        if (target == null) {
            throw new InvalidOptionException(
                    "target", "(none)", trainer.name() + " learns from a target column: name it with --target");
        }
        Column c = table.column(target);
        Task task = given != null ? given : detect(c);
        if (!tasks.contains(task)) {
            throw new InvalidOptionException(
                    "model",
                    trainer.name(),
                    trainer.name() + " does "
                            + String.join(
                                    " and ",
                                    tasks.stream().map(Task::label).sorted().toList()) + ", but '" + target + "' is a "
                            + task.label() + " target" + alternative(task));
        }
        return task;
    }

    private static String alternative(Task task) {
        return switch (task) {
            case CLASSIFICATION -> "; try logistic_regression, random_forest, svm or xgboost";
            case REGRESSION -> "; try linear_regression, random_forest, svm or xgboost";
            default -> "";
        };
    }

    static Task detect(Column c) {
        return switch (c.type()) {
            case BOOLEAN, CATEGORICAL, TEXT -> Task.CLASSIFICATION;
            case INTEGER, DECIMAL -> {
                var distinct = new HashSet<Double>();
                boolean whole = true;
                var n = (NumberColumn) c;
                for (int i = 0; i < n.size() && distinct.size() <= MAX_CLASSES; i++) {
                    if (!n.isMissing(i)) {
                        distinct.add(n.get(i));
                        whole &= n.get(i) == Math.rint(n.get(i));
                    }
                }
                yield whole && distinct.size() <= MAX_CLASSES ? Task.CLASSIFICATION : Task.REGRESSION;
            }
            case DATE, TIMESTAMP, TIME ->
                throw new InvalidOptionException(
                        "target", c.name(), "is a " + c.type().label() + "; predict a number or a class");
        };
    }

    /**
     * Preprocessing that suits the model type: distance- and gradient-based models get standardised features,
     * trees take them as they are.
     */
    static Pipeline.Options pipelineDefaults(String model, long seed) {
        var o = Pipeline.Options.defaults().withSeed(seed);
        return switch (model) {
            case "linear_regression", "logistic_regression", "svm", "kmeans", "dbscan" ->
                o.withScaling(Pipeline.Scaling.STANDARD);
            default -> o;
        };
    }
}
