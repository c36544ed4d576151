package io.assay.ml.zoo;

import io.assay.core.pipeline.Features;
import io.assay.ml.Estimator;
import io.assay.ml.SavedEstimator;
import java.io.Serializable;
import smile.anomaly.IsolationForest;
import smile.classification.Classifier;
import smile.clustering.DBSCAN;
import smile.regression.Regression;

/** Estimators over Smile models that have no portable format of their own (saved as filtered Java serialization). */
final class SmileEstimators {

    private SmileEstimators() {}

    /** A Smile classifier; probabilities from its posterior (Platt-scaled for SVMs). */
    record Classification(Classifier<double[]> model, int classes) implements Estimator, Serializable {

        @Override
        public double[] predict(Features x) {
            double[] out = new double[x.rows()];
            for (int r = 0; r < out.length; r++) {
                out[r] = model.predict(x.row(r));
            }
            return out;
        }

        @Override
        public double[][] probabilities(Features x) {
            if (!model.isSoft()) {
                return null;
            }
            double[][] out = new double[x.rows()][Math.max(2, classes)];
            for (int r = 0; r < out.length; r++) {
                model.predict(x.row(r), out[r]);
            }
            return out;
        }

        @Override
        public SavedEstimator save() {
            return JavaSerialized.save(model);
        }
    }

    /** A Smile regression model. */
    record Regressor(Regression<double[]> model) implements Estimator {

        @Override
        public double[] predict(Features x) {
            double[] out = new double[x.rows()];
            for (int r = 0; r < out.length; r++) {
                out[r] = model.predict(x.row(r));
            }
            return out;
        }

        @Override
        public SavedEstimator save() {
            return JavaSerialized.save(model);
        }
    }

    /** DBSCAN: the cluster of the nearest core points within the radius, else -1 (noise). */
    record Density(DBSCAN<double[]> model) implements Estimator {

        @Override
        public double[] predict(Features x) {
            double[] out = new double[x.rows()];
            for (int r = 0; r < out.length; r++) {
                int c = model.predict(x.row(r));
                out[r] = c == smile.clustering.Clustering.OUTLIER ? -1 : c;
            }
            return out;
        }

        @Override
        public SavedEstimator save() {
            return JavaSerialized.save(model);
        }
    }

    /** Isolation forest: the anomaly score in (0, 1], higher is more anomalous. */
    record Isolation(IsolationForest model) implements Estimator {

        @Override
        public double[] predict(Features x) {
            double[] out = new double[x.rows()];
            for (int r = 0; r < out.length; r++) {
                out[r] = model.score(x.row(r));
            }
            return out;
        }

        @Override
        public SavedEstimator save() {
            return JavaSerialized.save(model);
        }
    }
}
