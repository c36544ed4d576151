package io.assay.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.assay.core.Progress;
import io.assay.core.error.InvalidOptionException;
import io.assay.core.table.Table;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a user can ask of a detector and what its results promise: network size limits, severities of flagged rows. */
class DetectorLimitsTest {

    static final Table ORDERS = DetectorsTest.orders(600, 11, true);

    @ParameterizedTest
    @ValueSource(strings = {"iforest", "autoencoder", "ocsvm", "lof", "robust", "ensemble"})
    void everyFlaggedRowIsAtLeastMediumEvenRightAtTheThreshold(String method) {
        var fitted = Detectors.fit(
                ORDERS, Detectors.Request.of(method).withParams(DetectorsTest.fast(method)), Progress.NONE);
        AnomalyModel model = fitted.model();
        Detection d = model.detect(ORDERS, AnomalyModel.DetectOptions.defaults(), fitted.scores());
        assertThat(d.flagged()).isNotEmpty();
        assertThat(d.flagged()).allSatisfy(r -> assertThat(r.severity()).isNotEqualTo(Severity.LOW));
        // a row scoring exactly the threshold is flagged, and medium
        var summary = new DetectionSummary.Accumulator(model, null, null);
        summary.add(new double[] {model.thresholdScore(), Math.nextDown(model.thresholdScore())}, null);
        assertThat(summary.summary().flagged()).isEqualTo(1);
        assertThat(summary.summary().severities()).containsEntry("medium", 1L).containsEntry("low", 0L);
        // the lowest flagged row of the saved detector, scored afresh, keeps its severity
        AnomalyModel reloaded = AnomalyModel.load(model.save());
        Detection again = reloaded.detect(ORDERS, AnomalyModel.DetectOptions.defaults());
        assertThat(again.flagged()).allSatisfy(r -> assertThat(r.severity()).isNotEqualTo(Severity.LOW));
    }

    @ParameterizedTest
    @ValueSource(strings = {"iforest", "autoencoder", "ocsvm", "lof", "robust", "ensemble"})
    void theParametersPastedBackFitTheSameDetector(String method) {
        var given = new java.util.HashMap<>(DetectorsTest.fast(method));
        if (method.equals("lof")) {
            given.put("scaling", "min_max");
        }
        AnomalyModel first = Detectors.fit(ORDERS, Detectors.Request.of(method).withParams(given), Progress.NONE)
                .model();
        var pasted = new java.util.HashMap<String, String>();
        first.parameters().forEach((k, v) -> pasted.put(k, String.valueOf(v)));
        AnomalyModel again = Detectors.fit(ORDERS, Detectors.Request.of(method).withParams(pasted), Progress.NONE)
                .model();
        assertThat(again.parameters()).isEqualTo(first.parameters());
        assertThat(again.score(ORDERS)).containsExactly(first.score(ORDERS));
        assertThat(first.parameters().keySet()).allSatisfy(k -> assertThat(k).matches("[a-z_]+(\\.[a-z_]+)?"));
        if (method.equals("lof")) {
            assertThat(first.parameters()).containsEntry("scaling", "minmax").containsKey("n_neighbors");
        }
    }

    @Test
    void tooManyAutoencoderLayersAreRefusedNamingTheHyperparameter() {
        String forty = String.join(",", java.util.Collections.nCopies(40, "4096"));
        assertThatThrownBy(() -> Detectors.fit(
                        ORDERS,
                        Detectors.Request.of("autoencoder").withParams(Map.of("hidden", forty, "networks", "1")),
                        Progress.NONE))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageStartingWith("invalid autoencoder hyperparameter hidden '4096,4096,")
                .hasMessageEndingWith("at most 8 layers (40 given)");
    }

    @Test
    void aNetworkWithTooManyWeightsIsRefusedBeforeAnythingIsAllocated() {
        assertThatThrownBy(() -> Detectors.check("autoencoder", Map.of("hidden", "4096,4096", "networks", "1")))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("hidden '4096,4096'")
                .hasMessageContaining("the network is too large: 33,")
                .hasMessageContaining("at most 16,000,000 are allowed");
        // the width of the data counts too: 3 networks of 2048 → 1024 on this table's features
        assertThatThrownBy(() -> Detectors.fit(
                        ORDERS,
                        Detectors.Request.of("autoencoder").withParams(Map.of("hidden", "2048,2048")),
                        Progress.NONE))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("in 3 networks")
                .hasMessageContaining("or fewer networks");
        assertThatThrownBy(() -> Detectors.check("ensemble", Map.of("autoencoder.hidden", "4096,4096")))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("the network is too large");
        // the defaults and a generous network are fine
        Detectors.check("autoencoder", Map.of());
        Detectors.check("autoencoder", Map.of("hidden", "1024,512", "networks", "3"));
    }
}
