package io.assay.leakage;

import io.assay.core.Progress;
import io.assay.core.pipeline.Features;
import io.assay.core.table.Table;
import io.assay.ml.Task;
import io.assay.ml.TrainedModel;
import io.assay.ml.Training;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The seam between the unusual-pattern findings and the statistical detector behind them: fit on ordinary rows,
 * score any rows (higher is more unusual; about 0.5 is ordinary for an isolation forest).
 */
interface OutlierScorer {

    String description();

    /** Fits on {@code training} and scores every row of {@code rows} (same columns). */
    double[] score(Table training, Table rows, long seed);

    /** The isolation forest of assay-ml (Smile; 100 trees of 256 rows, as in the original paper). */
    static OutlierScorer isolationForest() {
        return new MlIsolationForest();
    }

    /** Isolation forest through assay-ml's trainer; rows are scored in parallel slices. */
    final class MlIsolationForest implements OutlierScorer {

        private static final int SLICE = 65_536;

        @Override
        public String description() {
            return "isolation forest (100 trees, 256 rows each)";
        }

        @Override
        public double[] score(Table training, Table rows, long seed) {
            TrainedModel model = Training.train(
                    new Training.Request(
                            training,
                            null,
                            List.of(),
                            "isolation_forest",
                            Map.of("n_estimators", "100", "max_samples", "256"),
                            Task.ANOMALY_DETECTION,
                            0.2,
                            0,
                            seed,
                            null,
                            99),
                    Progress.NONE);
            double[] out = new double[rows.rowCount()];
            int slices = (rows.rowCount() + SLICE - 1) / SLICE;
            IntStream.range(0, slices).parallel().forEach(s -> {
                int from = s * SLICE;
                int to = Math.min(rows.rowCount(), from + SLICE);
                Table slice = rows.rows(IntStream.range(from, to).toArray());
                Features x = model.pipeline().apply(slice);
                double[] scores = model.estimator().predict(x);
                System.arraycopy(scores, 0, out, from, scores.length);
            });
            return out;
        }
    }
}
