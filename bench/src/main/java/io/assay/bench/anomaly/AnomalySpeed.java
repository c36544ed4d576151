package io.assay.bench.anomaly;

import io.assay.anomaly.Detectors;
import io.assay.core.Progress;
import io.assay.core.table.Table;
import io.assay.ml.metrics.Ranking;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * Speed of the isolation forest and the autoencoder on a labelled numeric CSV (last column {@code label}), timed in
 * process after the file is read, as the Python peers are (bench/scripts/anomaly_speed_peer.py), three runs each.
 *
 * <pre>
 * java -cp ... io.assay.bench.anomaly.AnomalySpeed forest FILE          # 100 trees × 256 rows, fit + score every row
 * java -cp ... io.assay.bench.anomaly.AnomalySpeed autoencoder FILE EPOCHS BATCH   # d→64→32→8→32→64→d, Adam 1e-3
 * </pre>
 *
 * Prints one line per run: {@code assay,<what>,run,fit_plus_score_s,score_again_s,roc_auc,loss}. For the forest,
 * fitting scores every training row (the pipeline, 100 trees, then every row's path length), which is what
 * scikit-learn's {@code fit} + {@code score_samples} do; {@code score_again_s} scores the table once more with the
 * fitted detector. For the autoencoder, {@code loss} is the mean squared reconstruction error of the standardised rows
 * after training (one network, as PyTorch trains; no validation split, no early stopping: exactly EPOCHS passes; plain
 * squared errors, as PyTorch's).
 */
public final class AnomalySpeed {

    private AnomalySpeed() {}

    public static void main(String[] args) throws Exception {
        String what = args[0];
        Table table = OddsQuality.read(Path.of(args[1]));
        boolean[] label = OddsQuality.labels(table.column("label"));
        Map<String, String> params = what.equals("forest")
                ? Map.of("n_estimators", "100", "max_samples", "256")
                : Map.of(
                        "hidden", "64,32",
                        "latent", "8",
                        "epochs", args[2],
                        "batch_size", args[3],
                        "learning_rate", "0.001",
                        "weight_decay", "0",
                        "validation_split", "0",
                        "patience", "0",
                        "error_scale", "none",
                        "networks", "1");
        String method = what.equals("forest") ? "iforest" : "autoencoder";
        for (int run = 1; run <= 3; run++) {
            var request = Detectors.Request.of(method)
                    .withLabel("label")
                    .withParams(params)
                    .withSeed(run);
            long t0 = System.nanoTime();
            var fitted = Detectors.fit(table, request, Progress.NONE);
            long t1 = System.nanoTime();
            double[] again = fitted.model().score(table);
            long t2 = System.nanoTime();
            if (!Arrays.equals(again, fitted.scores()) && what.equals("forest")) {
                throw new IllegalStateException("scoring the training rows again gave other scores");
            }
            double loss = Arrays.stream(fitted.scores()).average().orElse(Double.NaN);
            System.out.printf(
                    Locale.ROOT,
                    "assay,%s,%d,%.3f,%.3f,%.4f,%.5f%n",
                    what,
                    run,
                    (t1 - t0) / 1e9,
                    (t2 - t1) / 1e9,
                    Ranking.rocAuc(label, fitted.scores()),
                    what.equals("forest") ? Double.NaN : loss);
        }
    }
}
