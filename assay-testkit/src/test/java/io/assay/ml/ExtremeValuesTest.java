package io.assay.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.assay.core.Progress;
import io.assay.core.ingest.Ingest;
import io.assay.core.table.Table;
import io.assay.testkit.AwkwardFiles;
import io.assay.testkit.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The supermarket sales file with one absurd but finite {@code Total} (1e+300 in data row 5): no model kind may train
 * on it, as target or as feature, and the refusal names the column, the value and its row.
 */
class ExtremeValuesTest {

    @TempDir
    static Path dir;

    private static Table absurd;
    private static Table large;

    @BeforeAll
    static void readFiles() throws IOException {
        absurd = Ingest.read(AwkwardFiles.salesWithAbsurdTotal(dir, "absurd.csv"), Ingest.Options.defaults())
                .table();
        String within =
                new String(AwkwardFiles.salesWithAbsurdTotal(), StandardCharsets.UTF_8).replace("1e+300", "5e+30");
        large = Ingest.read(Files.writeString(dir.resolve("large.csv"), within), Ingest.Options.defaults())
                .table();
    }

    private static TrainedModel train(Table table, String target, String model) {
        Map<String, String> params =
                model.equals("xgboost") || model.equals("random_forest") ? Map.of("n_estimators", "10") : Map.of();
        return Training.train(
                new Training.Request(table, target, List.of(), model, params, null, 0.2, 0, 42, null, 95),
                Progress.NONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"linear_regression", "random_forest", "svm", "xgboost"})
    void aRegressionTargetBeyondTheLimitIsRefusedNamingColumnValueAndRow(String model) {
        assertThatThrownBy(() -> train(absurd, "Total", model))
                .isInstanceOf(ValueOutOfRangeException.class)
                .hasMessageStartingWith("column 'Total' holds 1e+300 (row 5; 1 value(s) beyond ±1e+38;"
                        + " the other values range from 10.6785 to 1042.65)")
                .hasMessageContaining("too large to train on");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"logistic_regression", "random_forest", "svm", "xgboost", "kmeans", "dbscan", "isolation_forest"
            })
    void aFeatureBeyondTheLimitIsRefusedForEveryModelKind(String model) {
        String target = java.util.Set.of("kmeans", "dbscan", "isolation_forest").contains(model) ? null : "Gender";
        assertThatThrownBy(() -> train(absurd, target, model))
                .isInstanceOf(ValueOutOfRangeException.class)
                .satisfies(
                        e -> assertThat(((ValueOutOfRangeException) e).column()).isEqualTo("Total"))
                .hasMessageContaining("holds 1e+300 (row 5;");
    }

    @Test
    void aFeatureOfARegressionIsRefusedToo() {
        assertThatThrownBy(() -> train(absurd, "Rating", "linear_regression"))
                .isInstanceOf(ValueOutOfRangeException.class)
                .hasMessageContaining("column 'Total' holds 1e+300");
    }

    @Test
    void aTestFileWithSuchAValueIsRefusedAndNamedAsTheTestFile() {
        var clean = read5e30Free();
        assertThatThrownBy(() -> Training.train(
                        new Training.Request(
                                clean,
                                "Total",
                                List.of(),
                                "linear_regression",
                                Map.of(),
                                null,
                                0.2,
                                0,
                                42,
                                null,
                                95,
                                absurd,
                                null),
                        Progress.NONE))
                .isInstanceOf(ValueOutOfRangeException.class)
                .hasMessageStartingWith("column 'Total' of the test file holds 1e+300");
    }

    @ParameterizedTest
    @ValueSource(strings = {"linear_regression", "xgboost"})
    void largeValuesWithinTheLimitTrainWithFiniteMetrics(String model) {
        var m = train(large, "Total", model);
        assertThat(m.evaluation().metrics().headline().values()).allMatch(Double::isFinite);
    }

    @ParameterizedTest
    @ValueSource(strings = {"linear_regression", "xgboost", "logistic_regression", "kmeans"})
    void aRowBeyondTheLimitIsNotPredictedAndSaidSoTheOthersAre(String model) {
        String target = switch (model) {
            case "linear_regression", "xgboost" -> "Rating";
            case "logistic_regression" -> "Gender";
            default -> null;
        };
        var trained = train(read5e30Free(), target, model);
        var p = trained.predict(absurd, false);
        assertThat(p.predicted(4)).isFalse();
        assertThat(p.label(4)).isNull();
        assertThat(p.outOfRange()).containsExactly(new Predictions.OutOfRange("Total", 1, 5, 1e300));
        assertThat(p.outOfRange().getFirst().problem())
                .isEqualTo("1 row(s) not predicted: column 'Total' holds 1e+300 (row 5) beyond ±1e+38, too large to"
                        + " compute with");
        for (int r = 0; r < p.rows(); r++) {
            if (r != 4) {
                assertThat(p.values()[r]).as("row %d", r + 1).isFinite();
            }
        }
        if (p.probabilities() != null) {
            assertThat(p.probabilities()[4]).containsOnly(Double.NaN);
        }
        assertThat(p.columns().getFirst().isMissing(4)).isTrue();
    }

    @Test
    void anOverflowingModelIsRefusedEvenWithinTheLimit() {
        var table = absurd;
        assertThatThrownBy(() -> Magnitudes.requireFiniteMetrics(
                        "linear_regression", Map.of("r2", Double.NEGATIVE_INFINITY), table, List.of("Total", "Rating")))
                .isInstanceOf(ValueOutOfRangeException.class)
                .hasMessage("linear_regression overflowed (its r2 (-Infinity) not finite); the largest number is 1e+300"
                        + " in column 'Total'; rescale that column or correct its extreme values; nothing was"
                        + " registered");
    }

    private static Table read5e30Free() {
        return Ingest.read(SharedData.file("domains/supermarket_sales.csv"), Ingest.Options.defaults())
                .table();
    }
}
