package io.assay.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.assay.core.Progress;
import io.assay.core.error.ColumnNotFoundException;
import io.assay.core.error.InvalidOptionException;
import io.assay.core.table.BooleanColumn;
import io.assay.core.table.CategoricalColumn;
import io.assay.core.table.DateColumn;
import io.assay.core.table.NumberColumn;
import io.assay.core.table.Table;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DetectorsTest {

    static final int PLANTED = 37;

    /**
     * Orders: {@code order_id} (an identifier), {@code quantity}, {@code amount} ≈ 20 × quantity, {@code discount},
     * {@code channel} (3 levels), {@code express} (flag), {@code placed} (date). Row {@value #PLANTED} has an amount
     * fifty times what its quantity implies; nothing else about it is unusual.
     */
    static Table orders(int rows, long seed, boolean planted) {
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

    static double gaussian(SplittableRandom rnd) {
        return Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }

    static Map<String, String> fast(String method) {
        return switch (method) {
            case "autoencoder" -> Map.of("epochs", "30", "hidden", "16", "latent", "4", "patience", "0");
            case "ensemble" -> Map.of("members", "iforest,robust,lof");
            default -> Map.of();
        };
    }

    static Detectors.Fitted fit(Table t, String method) {
        return Detectors.fit(t, Detectors.Request.of(method).withParams(fast(method)), Progress.NONE);
    }

    @Test
    void typicalValueIsTheTrainingMedianOrTheReconstruction() {
        Table t = orders(400, 1, true);
        var robust = fit(t, "robust");
        var top = robust.model()
                .detect(t, AnomalyModel.DetectOptions.defaults(), robust.scores())
                .flagged()
                .getFirst()
                .anomalousFeatures()
                .getFirst();
        double[] amounts = ((NumberColumn) t.column("amount")).toArray();
        java.util.Arrays.sort(amounts);
        assertThat((double) top.typicalValue()).isCloseTo(Calibration.quantile(amounts, 0.5), within(1e-9));

        var ae = fit(t, "autoencoder");
        var reconstructed = ae.model()
                .detect(t, AnomalyModel.DetectOptions.defaults(), ae.scores())
                .flagged()
                .getFirst()
                .anomalousFeatures()
                .getFirst();
        // the autoencoder expects an amount in line with the row's quantity, far below the planted one
        assertThat((double) reconstructed.typicalValue()).isLessThan((double) reconstructed.actualValue() / 2);
    }

    @Test
    void leavesOutIdentifiersAndSaysWhy() {
        var model = fit(orders(200, 2, false), "iforest").model();
        assertThat(model.inputColumns()).doesNotContain("order_id").contains("amount", "channel", "placed");
        assertThat(model.excluded()).anySatisfy(e -> {
            assertThat(e.column()).isEqualTo("order_id");
            assertThat(e.reason()).contains("identifier");
        });
    }

    @Test
    void aSeedGivesTheSameScoresAndAnotherSeedOthers() {
        Table t = orders(300, 3, true);
        for (String method : List.of("iforest", "autoencoder", "ocsvm", "ensemble")) {
            var request = Detectors.Request.of(method).withParams(fast(method));
            double[] a = Detectors.fit(t, request.withSeed(5), Progress.NONE).scores();
            double[] b = Detectors.fit(t, request.withSeed(5), Progress.NONE).scores();
            assertThat(b).as(method).containsExactly(a);
            double[] c = Detectors.fit(t, request.withSeed(6), Progress.NONE).scores();
            assertThat(c).as(method).isNotEqualTo(a);
        }
    }

    @Test
    void anAveragedAutoencoderScoresTheMeanOfItsNetworksAndSavesThemAll() {
        Table t = orders(300, 4, true);
        var params = new java.util.HashMap<>(fast("autoencoder"));
        params.put("networks", "3");
        var averaged = Detectors.fit(
                t, Detectors.Request.of("autoencoder").withParams(params).withSeed(5), Progress.NONE);
        // network k is the one a single-network fit draws from seed + k × 0x9E3779B97F4A7C15
        params.put("networks", "1");
        double[] sum = new double[t.rowCount()];
        for (int k = 0; k < 3; k++) {
            double[] single = Detectors.fit(
                            t,
                            Detectors.Request.of("autoencoder")
                                    .withParams(params)
                                    .withSeed(5 + k * 0x9E3779B97F4A7C15L),
                            Progress.NONE)
                    .scores();
            for (int i = 0; i < sum.length; i++) {
                sum[i] += single[i];
            }
        }
        for (int i = 0; i < sum.length; i++) {
            assertThat(averaged.scores()[i]).isCloseTo(sum[i] / 3, within(1e-12 * (1 + sum[i])));
        }
        var reloaded = AnomalyModel.load(averaged.model().save());
        assertThat(reloaded.score(t)).containsExactly(averaged.model().score(t));
        assertThat(averaged.model()
                        .detect(t, AnomalyModel.DetectOptions.defaults(), averaged.scores())
                        .flagged()
                        .getFirst()
                        .rowIndex())
                .isEqualTo(PLANTED);
    }

    @Nested
    class Thresholds {

        @Test
        void theDefaultFlagsTheTopFivePercentOfTheTrainingRows() {
            Table t = orders(1000, 5, false);
            var fitted = fit(t, "iforest");
            var d = fitted.model().detect(t, AnomalyModel.DetectOptions.defaults(), fitted.scores());
            assertThat(fitted.model().threshold()).isEqualTo(Threshold.percentile(95));
            assertThat(d.flagged()).hasSize(50);
            assertThat(d.flagged().getLast().anomalyScore()).isGreaterThanOrEqualTo(d.threshold());
            for (int i = 1; i < d.flagged().size(); i++) {
                assertThat(d.flagged().get(i).anomalyScore())
                        .isLessThanOrEqualTo(d.flagged().get(i - 1).anomalyScore());
            }
        }

        @Test
        void contaminationAndAFixedScoreCutWhereTheySay() {
            Table t = orders(1000, 5, false);
            var fitted = fit(t, "iforest");
            var byShare = fitted.model()
                    .detect(t, new AnomalyModel.DetectOptions(Threshold.contamination(0.02), 3), fitted.scores());
            // 2% of 1,000 rows; a row tied with the 20th at the cut is flagged with it
            assertThat(byShare.flagged()).hasSizeBetween(20, 21);
            double s = byShare.threshold();
            var byScore =
                    fitted.model().detect(t, new AnomalyModel.DetectOptions(Threshold.score(s), 3), fitted.scores());
            assertThat(byScore.flagged()).isEqualTo(byShare.flagged());
            assertThat(Threshold.contamination(0.02).describe()).contains("98th percentile");
        }

        @Test
        void severityFollowsHowRareTheRowIs() {
            assertThat(Severity.of(0.9995)).isEqualTo(Severity.CRITICAL);
            assertThat(Severity.of(0.995)).isEqualTo(Severity.HIGH);
            assertThat(Severity.of(0.96)).isEqualTo(Severity.MEDIUM);
            assertThat(Severity.of(0.80)).isEqualTo(Severity.LOW);
        }

        @Test
        void rejectsThresholdsOutsideTheirRange() {
            assertThatThrownBy(() -> Threshold.percentile(100)).isInstanceOf(InvalidOptionException.class);
            assertThatThrownBy(() -> Threshold.contamination(0.7))
                    .isInstanceOf(InvalidOptionException.class)
                    .hasMessageContaining("0.7");
            assertThatThrownBy(() -> Threshold.score(Double.NaN)).isInstanceOf(InvalidOptionException.class);
        }
    }

    @Nested
    class Calibrations {

        @Test
        void confidenceIsTheShareOfTrainingScoresBelowAndKeepsOrderBeyondThem() {
            double[] scores = new double[2000];
            for (int i = 0; i < scores.length; i++) {
                scores[i] = i;
            }
            var c = Calibration.of(scores);
            assertThat(c.confidence(1000)).isCloseTo(0.5, within(0.001));
            assertThat(c.confidence(1900)).isCloseTo(0.95, within(0.001));
            assertThat(c.percentile(95)).isCloseTo(1899.05, within(1e-9));
            assertThat(c.confidence(5000)).isGreaterThan(c.confidence(3000)).isLessThan(1);
            assertThat(c.confidence(3000)).isGreaterThan(c.confidence(1999));
            assertThat(c.confidence(-10)).isGreaterThan(0).isLessThan(c.confidence(0));
        }

        @Test
        void tiesShareTheirMiddleRank() {
            double[] scores = new double[100];
            java.util.Arrays.fill(scores, 0, 80, 1.0);
            for (int i = 80; i < 100; i++) {
                scores[i] = i;
            }
            assertThat(Calibration.of(scores).confidence(1.0)).isCloseTo(0.4, within(0.01));
        }
    }

    @Nested
    class BadInput {

        @Test
        void anUnknownMethodListsTheMethods() {
            assertThatThrownBy(() -> fit(orders(50, 1, false), "kmeans"))
                    .isInstanceOf(InvalidOptionException.class)
                    .hasMessageContaining("kmeans")
                    .hasMessageContaining("iforest, autoencoder, ocsvm, lof, robust, ensemble");
        }

        @Test
        void anUnknownHyperparameterListsTheValidOnes() {
            assertThatThrownBy(() -> Detectors.fit(
                            orders(50, 1, false),
                            Detectors.Request.of("iforest").withParams(Map.of("trees", "5")),
                            Progress.NONE))
                    .isInstanceOf(InvalidOptionException.class)
                    .hasMessageContaining("trees")
                    .hasMessageContaining("n_estimators");
            assertThatThrownBy(() -> Detectors.fit(
                            orders(50, 1, false),
                            Detectors.Request.of("ensemble").withParams(Map.of("lof.n_neighbors", "5")),
                            Progress.NONE))
                    .isInstanceOf(InvalidOptionException.class)
                    .hasMessageContaining("lof.n_neighbors");
        }

        @Test
        void aMissingColumnIsNamed() {
            assertThatThrownBy(() -> Detectors.fit(
                            orders(50, 1, false), Detectors.Request.of("robust").withLabel("is_fraud"), Progress.NONE))
                    .isInstanceOf(ColumnNotFoundException.class)
                    .hasMessageContaining("is_fraud");
        }

        @Test
        void tooFewRowsOrNoUsableColumnIsRefused() {
            assertThatThrownBy(() -> fit(orders(4, 1, false), "iforest"))
                    .isInstanceOf(InvalidOptionException.class)
                    .hasMessageContaining("at least 5 rows");
            Table ids = Table.of(List.of(CategoricalColumn.of("region", "N", "N", "N", "N", "N", "N")));
            assertThatThrownBy(() -> fit(ids, "iforest"))
                    .isInstanceOf(InvalidOptionException.class)
                    .hasMessageContaining("no usable column");
        }

        @Test
        void aDamagedFileIsRefusedWithAReason() {
            assertThatThrownBy(() -> AnomalyModel.load("not a detector".getBytes()))
                    .isInstanceOf(DetectorFileException.class)
                    .hasMessageContaining("gzip");
        }
    }
}
