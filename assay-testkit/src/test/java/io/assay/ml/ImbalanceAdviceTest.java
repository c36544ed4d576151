package io.assay.ml;

import static org.assertj.core.api.Assertions.assertThat;

import io.assay.core.Progress;
import io.assay.core.table.Table;
import io.assay.ml.metrics.ClassificationMetrics;
import io.assay.ml.zoo.ModelZoo;
import io.assay.testkit.Tables;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The advice against imbalanced classes is advice the model type accepts: for every classifier, the hyperparameter
 * the note names trains, counts as weighted and silences the note (the SVM's advice named a class_weight it refused).
 */
class ImbalanceAdviceTest {

    private static final Table IMBALANCED = Tables.business(600, 11);

    static Stream<String> classifiers() {
        return ModelZoo.all().stream()
                .filter(t -> t.tasks().contains(Task.CLASSIFICATION))
                .map(Trainer::name);
    }

    private static TrainedModel train(String model, Map<String, String> params) {
        return Training.train(
                new Training.Request(IMBALANCED, "churned", List.of(), model, params, null, 0.25, 0, 42, null, 95),
                Progress.NONE);
    }

    @ParameterizedTest
    @MethodSource("classifiers")
    void theAdvisedParameterIsAcceptedAndWeighsTheClasses(String model) {
        var fast = model.equals("xgboost") || model.equals("random_forest")
                ? Map.of("n_estimators", "20")
                : Map.<String, String>of();
        var plain = train(model, fast).evaluation();
        assertThat(plain.classBalance().imbalanceRatio()).isGreaterThan(3);
        var note = plain.notes().stream()
                .filter(n -> n.startsWith("classes are imbalanced"))
                .findFirst()
                .orElseThrow();
        assertThat(note).contains("--param class_weight=balanced");
        var params = new HashMap<>(fast);
        params.put("class_weight", "balanced");
        var weighted = train(model, params).evaluation();
        assertThat(weighted.classBalance().weighted()).isTrue();
        assertThat(weighted.notes()).noneMatch(n -> n.startsWith("classes are imbalanced"));
        var a = (ClassificationMetrics) plain.metrics();
        var b = (ClassificationMetrics) weighted.metrics();
        assertThat(b.perClass().get(1).recall())
                .isGreaterThanOrEqualTo(a.perClass().get(1).recall());
    }
}
