package io.assay.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.assay.core.Progress;
import io.assay.core.error.ColumnNotFoundException;
import io.assay.core.error.InvalidOptionException;
import io.assay.core.table.Table;
import io.assay.ml.metrics.ClassificationMetrics;
import io.assay.ml.metrics.ClusteringMetrics;
import io.assay.ml.metrics.RegressionMetrics;
import io.assay.testkit.Tables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TrainingTest {

    private static final Table BUSINESS = Tables.business(800, 5);

    private static TrainedModel train(String target, String model, Map<String, String> params, Task task, int folds) {
        return Training.train(
                new Training.Request(BUSINESS, target, List.of(), model, params, task, 0.25, folds, 42, null, 95),
                Progress.NONE);
    }

    @Nested
    class TaskDetection_ {

        @Test
        void labelsAreClassesAndAmountsAreRegression() {
            assertThat(train("churned", "xgboost", Map.of("n_estimators", "20"), null, 0)
                            .spec()
                            .task())
                    .isEqualTo(Task.CLASSIFICATION);
            assertThat(train("spend", "xgboost", Map.of("n_estimators", "20"), null, 0)
                            .spec()
                            .task())
                    .isEqualTo(Task.REGRESSION);
        }

        @Test
        void aModelThatCannotDoTheTaskSaysWhichCan() {
            assertThatThrownBy(() -> train("churned", "linear_regression", Map.of(), null, 0))
                    .isInstanceOf(InvalidOptionException.class)
                    .hasMessageContaining("linear_regression does regression, but 'churned' is a classification target")
                    .hasMessageContaining("logistic_regression");
        }

        @Test
        void theTaskCanBeForced() {
            var m = train("member", "xgboost", Map.of("n_estimators", "10"), Task.CLASSIFICATION, 0);
            assertThat(m.spec().classes()).containsExactly("false", "true");
        }

        @Test
        void aMissingTargetIsNamed() {
            assertThatThrownBy(() -> train("colour", "xgboost", Map.of(), null, 0))
                    .isInstanceOf(ColumnNotFoundException.class);
            assertThatThrownBy(() -> train(null, "xgboost", Map.of(), null, 0))
                    .hasMessageContaining("name it with --target");
        }

        @Test
        void anUnknownModelListsTheKnownOnes() {
            assertThatThrownBy(() -> train("churned", "deep_forest", Map.of(), null, 0))
                    .hasMessageContaining(
                            "use one of linear_regression, logistic_regression, random_forest, svm, xgboost, kmeans, dbscan, isolation_forest");
        }
    }

    @Test
    void evaluatesOnStratifiedHeldOutRows() {
        var m = train("churned", "logistic_regression", Map.of(), null, 0);
        var e = m.evaluation();
        assertThat(e.trainRows() + e.testRows()).isEqualTo(800);
        assertThat(e.testRows()).isBetween(195L, 205L);
        var metrics = (ClassificationMetrics) e.metrics();
        long testYes = metrics.perClass().get(1).support();
        long allYes = e.classBalance().counts().get("yes") + testYes;
        // the held-out rows have the same share of "yes" as the whole table
        assertThat((double) testYes / e.testRows()).isCloseTo((double) allYes / 800, within(0.02));
        assertThat(metrics.accuracy()).isGreaterThan(0.8);
        assertThat(metrics.rocAuc()).isGreaterThan(0.85);
    }

    @Test
    void evaluatesOnAGivenHoldoutTableWhenOneIsGiven() {
        Table holdout = Tables.business(300, 6);
        var m = Training.train(
                new Training.Request(
                        BUSINESS, "churned", List.of(), "xgboost", Map.of(), null, 0.25, 0, 42, null, 95, holdout,
                        null),
                Progress.NONE);
        assertThat(m.evaluation().trainRows()).isEqualTo(800);
        assertThat(m.evaluation().testRows()).isEqualTo(300);
        var metrics = (ClassificationMetrics) m.evaluation().metrics();
        assertThat(metrics.perClass().stream().mapToLong(c -> c.support()).sum())
                .isEqualTo(300);
        assertThat(metrics.rocAuc()).isGreaterThan(0.85);
    }

    @Test
    void crossValidatesWithMeanAndDeviation() {
        var m = train("spend", "linear_regression", Map.of(), null, 4);
        var cv = m.evaluation().crossValidation();
        assertThat(cv).containsKeys("r2", "rmse", "mae");
        assertThat(cv.get("r2").folds()).isEqualTo(4);
        assertThat(cv.get("r2").mean()).isGreaterThan(0.9);
        assertThat(cv.get("r2").sd()).isGreaterThan(0).isLessThan(0.1);
    }

    @Test
    void crossValidationReportsEachFold() {
        var stages = new ArrayList<String>();
        Training.train(
                new Training.Request(
                        BUSINESS, "spend", List.of(), "linear_regression", Map.of(), null, 0.25, 3, 42, null, 95),
                (stage, fraction) -> stages.add(stage));
        assertThat(stages)
                .containsSubsequence(
                        "cross-validating: fold 1 of 3",
                        "cross-validating: fold 2 of 3",
                        "cross-validating: fold 3 of 3",
                        "explaining");
    }

    @Test
    void explainsOnTheOriginalColumnsAndLeavesOutIdentifiers() {
        var m = train("spend", "xgboost", Map.of("n_estimators", "50"), null, 0);
        var importance = m.evaluation().importance();
        assertThat(importance)
                .extracting(Evaluation.Importance::column)
                .doesNotContain("customer_id")
                .contains("amount", "region", "noise", "member", "signup");
        assertThat(importance.getFirst().column()).isEqualTo("amount");
        assertThat(importance.stream()
                        .filter(i -> i.column().equals("noise"))
                        .findFirst()
                        .orElseThrow()
                        .permutation())
                .isLessThan(0.01);
        assertThat(importance.stream().mapToDouble(Evaluation.Importance::model).sum())
                .isCloseTo(1.0, within(1e-9));
        assertThat(m.evaluation().notes()).anyMatch(n -> n.contains("'customer_id' left out: identifier"));
    }

    @Test
    void contributionsAddUpToThePrediction() {
        var m = train("spend", "xgboost", Map.of("n_estimators", "30"), null, 0);
        var p = m.predict(BUSINESS.head(20), true);
        assertThat(p.contributionColumns())
                .contains("amount", "region", "base_value")
                .doesNotContain("region=N");
        for (int r = 0; r < 20; r++) {
            double sum = 0;
            for (double c : p.contributions()[r]) {
                sum += c;
            }
            assertThat(sum).isCloseTo(p.values()[r], within(1e-3));
        }
        var linear = train("spend", "linear_regression", Map.of(), null, 0).predict(BUSINESS.head(5), true);
        for (int r = 0; r < 5; r++) {
            double sum = 0;
            for (double c : linear.contributions()[r]) {
                sum += c;
            }
            assertThat(sum).isCloseTo(linear.values()[r], within(1e-6));
        }
    }

    @Test
    void l1LogisticRegressionOnXGBoostsLinearBoosterPredicts() {
        var m = train("churned", "logistic_regression", Map.of("penalty", "l1"), null, 0);
        assertThat(((ClassificationMetrics) m.evaluation().metrics()).accuracy())
                .isGreaterThan(0.8);
        assertThat(m.predict(BUSINESS.head(3), false).values()).hasSize(3);
    }

    @Test
    void reportsImbalanceAndOffersClassWeights() {
        var plain = train("churned", "xgboost", Map.of("n_estimators", "20"), null, 0);
        assertThat(plain.evaluation().classBalance().imbalanceRatio()).isGreaterThan(3);
        assertThat(plain.evaluation().notes()).anyMatch(n -> n.contains("consider class_weight=balanced"));
        var weighted = train("churned", "xgboost", Map.of("n_estimators", "20", "class_weight", "balanced"), null, 0);
        assertThat(weighted.evaluation().classBalance().weighted()).isTrue();
        var a = (ClassificationMetrics) plain.evaluation().metrics();
        var b = (ClassificationMetrics) weighted.evaluation().metrics();
        assertThat(b.perClass().get(1).recall())
                .isGreaterThanOrEqualTo(a.perClass().get(1).recall());
    }

    @Test
    void predictionsReportMissingColumnsAndUnseenCategories() {
        var m = train("churned", "logistic_regression", Map.of(), null, 0);
        var rows = List.<Map<String, Object>>of(Map.of("amount", 40.0, "region", "Atlantis", "member", true));
        var p = m.predictRows(rows, false);
        assertThat(p.rows()).isEqualTo(1);
        assertThat(p.report().missingColumns()).contains("signup", "noise");
        assertThat(p.report().unseenLevels())
                .singleElement()
                .satisfies(u -> assertThat(u.examples()).containsExactly("Atlantis"));
        var bad = m.predictRows(List.of(Map.of("amount", "lots", "region", "N")), false);
        assertThat(bad.report().typeChanges())
                .anySatisfy(t -> assertThat(t.column()).isEqualTo("amount"));
    }

    @Test
    void clustersAndProfilesTheClusters() {
        var blobs = Tables.blobs(300, 0, 1);
        var m = Training.train(
                new Training.Request(blobs, null, List.of("x", "y"), "kmeans", Map.of(), null, 0.2, 0, 1, null, 95),
                Progress.NONE);
        var c = (ClusteringMetrics) m.evaluation().metrics();
        assertThat(c.clusters()).isEqualTo(3);
        assertThat(c.silhouette()).isGreaterThan(0.6);
        assertThat(c.profiles())
                .hasSize(3)
                .allSatisfy(p -> assertThat(p.means()).containsKeys("x", "y"));
    }

    @Test
    void regressionMetricsAreOnHeldOutRows() {
        var m = train("spend", "random_forest", Map.of("n_estimators", "30"), null, 0);
        var r = (RegressionMetrics) m.evaluation().metrics();
        assertThat(r.rows()).isEqualTo(m.evaluation().testRows());
        assertThat(r.r2()).isGreaterThan(0.9);
    }

    @Test
    void isReproducibleForASeed() {
        var a = train("spend", "xgboost", Map.of("n_estimators", "20", "subsample", "0.7"), null, 0);
        var b = train("spend", "xgboost", Map.of("n_estimators", "20", "subsample", "0.7"), null, 0);
        assertThat(a.evaluation().metrics()).isEqualTo(b.evaluation().metrics());
        assertThat(a.provenance().data()).isEqualTo(b.provenance().data());
        assertThat(a.provenance().seed()).isEqualTo(42);
    }

    @Test
    void rejectsBadHyperparameterValuesByName() {
        assertThatThrownBy(() -> train("spend", "xgboost", Map.of("max_depth", "deep"), null, 0))
                .hasMessage("invalid xgboost hyperparameter max_depth 'deep': must be a whole number");
        assertThatThrownBy(() -> train("spend", "xgboost", Map.of("learning_rate", "2"), null, 0))
                .hasMessage("invalid xgboost hyperparameter learning_rate '2': must be above 0 and at most 1");
    }
}
