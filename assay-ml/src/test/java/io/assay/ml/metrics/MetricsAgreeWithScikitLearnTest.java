package io.assay.ml.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.assay.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every metric equals scikit-learn's on the same fixed predictions. The fixture is made by
 * src/test/resources/metrics/make_fixture.py with Debian's python3-sklearn and checked in.
 */
class MetricsAgreeWithScikitLearnTest {

    private static final double TOL = 1e-10;
    private static JsonNode fixture;

    @BeforeAll
    static void read() throws IOException {
        try (InputStream in =
                MetricsAgreeWithScikitLearnTest.class.getResourceAsStream("/metrics/sklearn_metrics.json")) {
            fixture = Json.mapper().readTree(in);
        }
    }

    private static int[] ints(JsonNode a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asInt();
        }
        return out;
    }

    private static double[] doubles(JsonNode a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asDouble();
        }
        return out;
    }

    private static double[][] matrix(JsonNode a) {
        double[][] out = new double[a.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = doubles(a.get(i));
        }
        return out;
    }

    private static List<List<Long>> longs(JsonNode a) {
        var out = new java.util.ArrayList<List<Long>>();
        for (JsonNode row : a) {
            var r = new java.util.ArrayList<Long>();
            row.forEach(v -> r.add(v.asLong()));
            out.add(r);
        }
        return out;
    }

    @Test
    void binaryClassification() {
        JsonNode f = fixture.get("binary");
        var m = ClassificationMetrics.of(
                ints(f.get("truth")), ints(f.get("predicted")), matrix(f.get("probabilities")), List.of("no", "yes"));
        assertThat(m.accuracy()).isCloseTo(f.get("accuracy").asDouble(), within(TOL));
        assertThat(m.precisionMacro()).isCloseTo(f.get("precision_macro").asDouble(), within(TOL));
        assertThat(m.recallMacro()).isCloseTo(f.get("recall_macro").asDouble(), within(TOL));
        assertThat(m.f1Macro()).isCloseTo(f.get("f1_macro").asDouble(), within(TOL));
        assertThat(m.precisionWeighted()).isCloseTo(f.get("precision_weighted").asDouble(), within(TOL));
        assertThat(m.recallWeighted()).isCloseTo(f.get("recall_weighted").asDouble(), within(TOL));
        assertThat(m.f1Weighted()).isCloseTo(f.get("f1_weighted").asDouble(), within(TOL));
        assertThat(m.rocAuc()).isCloseTo(f.get("roc_auc").asDouble(), within(TOL));
        assertThat(m.prAuc()).isCloseTo(f.get("average_precision").asDouble(), within(TOL));
        assertThat(m.logLoss()).isCloseTo(f.get("log_loss").asDouble(), within(TOL));
        assertThat(m.confusion()).isEqualTo(longs(f.get("confusion")));
    }

    @Test
    void multiclassClassification() {
        JsonNode f = fixture.get("multiclass");
        var m = ClassificationMetrics.of(
                ints(f.get("truth")), ints(f.get("predicted")), matrix(f.get("probabilities")), List.of("a", "b", "c"));
        assertThat(m.accuracy()).isCloseTo(f.get("accuracy").asDouble(), within(TOL));
        assertThat(m.precisionMacro()).isCloseTo(f.get("precision_macro").asDouble(), within(TOL));
        assertThat(m.recallMacro()).isCloseTo(f.get("recall_macro").asDouble(), within(TOL));
        assertThat(m.f1Macro()).isCloseTo(f.get("f1_macro").asDouble(), within(TOL));
        assertThat(m.f1Weighted()).isCloseTo(f.get("f1_weighted").asDouble(), within(TOL));
        assertThat(m.precisionWeighted()).isCloseTo(f.get("precision_weighted").asDouble(), within(TOL));
        assertThat(m.rocAuc()).isCloseTo(f.get("roc_auc_ovr").asDouble(), within(TOL));
        assertThat(m.prAuc()).isCloseTo(f.get("average_precision_macro").asDouble(), within(TOL));
        assertThat(m.logLoss()).isCloseTo(f.get("log_loss").asDouble(), within(TOL));
        assertThat(m.confusion()).isEqualTo(longs(f.get("confusion")));
    }

    @Test
    void regression() {
        JsonNode f = fixture.get("regression");
        var m = RegressionMetrics.of(doubles(f.get("truth")), doubles(f.get("predicted")));
        assertThat(m.r2()).isCloseTo(f.get("r2").asDouble(), within(TOL));
        assertThat(m.mse()).isCloseTo(f.get("mse").asDouble(), within(1e-9));
        assertThat(m.rmse()).isCloseTo(f.get("rmse").asDouble(), within(1e-9));
        assertThat(m.mae()).isCloseTo(f.get("mae").asDouble(), within(1e-9));
        assertThat(m.mape()).isCloseTo(f.get("mape").asDouble(), within(TOL));
        assertThat(m.mapeRowsExcluded()).isZero();
    }

    @Test
    void clustering() {
        JsonNode f = fixture.get("clustering");
        double[][] x = matrix(f.get("x"));
        int[] labels = ints(f.get("labels"));
        assertThat(ClusteringMetrics.silhouette(x, labels))
                .isCloseTo(f.get("silhouette").asDouble(), within(TOL));
        assertThat(ClusteringMetrics.daviesBouldin(x, labels))
                .isCloseTo(f.get("davies_bouldin").asDouble(), within(1e-9));
        assertThat(ClusteringMetrics.calinskiHarabasz(x, labels))
                .isCloseTo(f.get("calinski_harabasz").asDouble(), within(1e-6));
        var m = ClusteringMetrics.of(x, labels, List.of(), 1);
        assertThat(m.clusters()).isEqualTo(3);
        assertThat(m.sizes().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(400);
    }

    @Test
    void mapeLeavesOutRowsWhoseTruthIsZero() {
        var m = RegressionMetrics.of(new double[] {0, 10, 20}, new double[] {1, 11, 18});
        assertThat(m.mape()).isCloseTo((0.1 + 0.1) / 2, within(TOL));
        assertThat(m.mapeRowsExcluded()).isEqualTo(1);
    }

    @Test
    void anomalyFlagsAndRanking() {
        var m = AnomalyMetrics.of(
                new double[] {0.1, 0.2, 0.9, 0.8, 0.3}, 0.75, new boolean[] {false, false, true, false, false});
        assertThat(m.flagged()).isEqualTo(2);
        assertThat(m.precision()).isEqualTo(0.5);
        assertThat(m.recall()).isEqualTo(1.0);
        assertThat(m.rocAuc()).isEqualTo(1.0);
        assertThat(m.averagePrecision()).isEqualTo(1.0);
    }
}
