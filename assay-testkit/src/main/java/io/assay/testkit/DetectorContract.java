package io.assay.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.assay.anomaly.AnomalousFeature;
import io.assay.anomaly.AnomalyModel;
import io.assay.anomaly.Detection;
import io.assay.anomaly.DetectorRegistry;
import io.assay.anomaly.Detectors;
import io.assay.anomaly.FlaggedRow;
import io.assay.core.Progress;
import io.assay.core.error.InvalidOptionException;
import io.assay.core.table.BooleanColumn;
import io.assay.core.table.CategoricalColumn;
import io.assay.core.table.DateColumn;
import io.assay.core.table.NumberColumn;
import io.assay.core.table.Table;
import io.assay.ml.metrics.AnomalyMetrics;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every anomaly-detection method must do: fit on a table of mixed columns, give one finite score per row, save
 * and reload (directly and through the model registry) with the very same scores, flags and explanations on new rows,
 * be reproducible for a seed, rank a row with one planted extreme value first and name that column first, and reject
 * an unknown hyperparameter naming the valid ones. Each method's test extends this class.
 */
public abstract class DetectorContract {

    /** The row of {@link #orders} whose amount is planted fifty times too high. */
    public static final int PLANTED = 37;

    @TempDir
    protected Path registryDir;

    /** The method under test, e.g. {@code iforest}. */
    protected abstract String method();

    /** Hyperparameters that keep the test fast. */
    protected Map<String, String> params() {
        return Map.of();
    }

    protected Detectors.Fitted fit(Table t, long seed) {
        return Detectors.fit(
                t, Detectors.Request.of(method()).withParams(params()).withSeed(seed), Progress.NONE);
    }

    /**
     * Orders: {@code order_id} (an identifier), {@code quantity}, {@code amount} ≈ 20 × quantity, {@code discount},
     * {@code channel} (3 levels), {@code express} (flag), {@code placed} (date). With {@code planted}, row
     * {@value #PLANTED} has an amount fifty times what its quantity implies; nothing else about it is unusual.
     */
    public static Table orders(int rows, long seed, boolean planted) {
        var rnd = new SplittableRandom(seed);
        double[] id = new double[rows];
        double[] quantity = new double[rows];
        double[] amount = new double[rows];
        double[] discount = new double[rows];
        String[] channel = new String[rows];
        Boolean[] express = new Boolean[rows];
        LocalDate[] placed = new LocalDate[rows];
        String[] channels = {"web", "store", "phone"};
        for (int i = 0; i < rows; i++) {
            id[i] = 5000 + i;
            quantity[i] = 1 + rnd.nextInt(10);
            amount[i] = 20 * quantity[i] * (1 + 0.05 * gaussian(rnd));
            discount[i] = Math.round(rnd.nextDouble() * 10) / 100.0;
            channel[i] = channels[rnd.nextDouble() < 0.6 ? 0 : rnd.nextDouble() < 0.7 ? 1 : 2];
            express[i] = rnd.nextDouble() < 0.3;
            placed[i] = LocalDate.of(2025, 1, 1).plusDays(rnd.nextInt(300));
        }
        if (planted) {
            amount[PLANTED] = 50 * amount[PLANTED];
        }
        return Table.of(List.of(
                NumberColumn.ofInteger("order_id", id),
                NumberColumn.ofInteger("quantity", quantity),
                NumberColumn.ofDecimal("amount", amount),
                NumberColumn.ofDecimal("discount", discount),
                CategoricalColumn.of("channel", channel),
                BooleanColumn.of("express", express),
                DateColumn.of("placed", placed)));
    }

    private static double gaussian(SplittableRandom rnd) {
        return Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }

    @Test
    void fitsOnMixedColumnsAndScoresEveryRow() {
        Table t = orders(300, 1, false);
        var fitted = fit(t, 7);
        double[] again = fitted.model().score(t);
        assertThat(fitted.scores()).hasSize(t.rowCount());
        assertThat(again).hasSize(t.rowCount());
        assertThat(java.util.stream.DoubleStream.concat(
                                java.util.Arrays.stream(fitted.scores()), java.util.Arrays.stream(again))
                        .allMatch(Double::isFinite))
                .isTrue();
        assertThat(fitted.model().inputColumns()).contains("amount", "channel", "express", "placed");
        assertThat(fitted.model().excluded()).extracting(e -> e.column()).contains("order_id");
    }

    @Test
    void ranksAPlantedExtremeValueFirstAndNamesItsColumnFirst() {
        Table t = orders(400, 1, true);
        var fitted = fit(t, 42);
        Detection d = fitted.model().detect(t, AnomalyModel.DetectOptions.defaults(), fitted.scores());
        FlaggedRow top = d.flagged().getFirst();
        assertThat(top.rowIndex()).isEqualTo(PLANTED);
        AnomalousFeature first = top.anomalousFeatures().getFirst();
        assertThat(first.featureName()).isEqualTo("amount");
        assertThat(first.actualValue()).isEqualTo(t.column("amount").value(PLANTED));
        assertThat(first.typicalValue()).isNotNull();
        assertThat(top.rawData()).containsEntry("order_id", 5000L + PLANTED);
        assertThat(d.flagged()).allSatisfy(r -> {
            assertThat(r.anomalousFeatures()).isNotEmpty().hasSizeLessThanOrEqualTo(3);
            assertThat(r.anomalousFeatures().stream()
                            .mapToDouble(AnomalousFeature::contribution)
                            .sum())
                    .isLessThanOrEqualTo(1.0 + 1e-9);
        });
    }

    @Test
    void savesAndReloadsWithIdenticalScoresFlagsAndExplanations() {
        var model = fit(orders(300, 4, false), 7).model();
        Table fresh = orders(120, 99, true);
        var reloaded = AnomalyModel.load(model.save());
        assertThat(reloaded.score(fresh)).containsExactly(model.score(fresh));
        assertThat(reloaded.thresholdScore()).isEqualTo(model.thresholdScore());
        var a = model.detect(fresh, AnomalyModel.DetectOptions.defaults());
        var b = reloaded.detect(fresh, AnomalyModel.DetectOptions.defaults());
        assertThat(b.flagged()).isNotEmpty().isEqualTo(a.flagged());
    }

    @Test
    void goesThroughTheModelRegistry() {
        var fitted = fit(orders(300, 4, false), 7);
        var registry = DetectorRegistry.open(registryDir);
        var version = registry.register(
                "contract",
                fitted.model(),
                AnomalyMetrics.of(fitted.scores(), fitted.model().thresholdScore(), null));
        assertThat(version.type()).isEqualTo("detector:" + method());
        Table fresh = orders(120, 99, true);
        var reloaded = registry.load("contract", Integer.toString(version.version()));
        assertThat(reloaded.score(fresh)).containsExactly(fitted.model().score(fresh));
        assertThat(registry.models().list()).extracting(v -> v.id()).containsExactly("contract@1");
    }

    @Test
    void givesTheSameScoresForTheSameSeed() {
        Table t = orders(300, 3, true);
        assertThat(fit(t, 5).scores()).containsExactly(fit(t, 5).scores());
    }

    @Test
    void rejectsAnUnknownHyperparameterNamingTheValidOnes() {
        var request = Detectors.Request.of(method()).withParams(Map.of("no_such_knob", "1"));
        assertThatThrownBy(() -> Detectors.fit(orders(50, 1, false), request, Progress.NONE))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("no_such_knob");
    }

    @Test
    void documentsEveryHyperparameter() {
        var info = Detectors.describe().stream()
                .filter(m -> m.name().equals(method()))
                .findFirst()
                .orElseThrow();
        assertThat(info.description()).isNotBlank();
        assertThat(info.hyperparameters()).isNotEmpty().allSatisfy(h -> {
            assertThat(h.description()).isNotBlank();
            assertThat(h.defaultValue()).isNotBlank();
        });
    }
}
