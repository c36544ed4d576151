package io.assay.ml.zoo;

import io.assay.core.error.InternalException;
import io.assay.core.pipeline.Features;
import io.assay.ml.Estimator;
import io.assay.ml.SavedEstimator;
import io.assay.ml.Task;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/** An XGBoost booster (trees, random forest or linear) behind the {@link Estimator} interface. */
final class XGBoostEstimator implements Estimator {

    private final Booster booster;
    /**
     * The same trees on one thread, for requests of a few rows: waking XGBoost's thread pool costs more than the
     * prediction, and on a busy machine a descheduled pool thread stalls the request for milliseconds.
     */
    private volatile Booster singleThreaded;

    /**
     * Whether the booster predicts in place; linear boosters ({@code gblinear}: L1 or weighted logistic regression)
     * do not, and predict through a matrix copy instead.
     */
    private volatile boolean inplace = true;

    private final Task task;
    private final int classes;
    private final int width;

    XGBoostEstimator(Booster booster, Task task, int classes, int width) {
        this.booster = booster;
        this.task = task;
        this.classes = classes;
        this.width = width;
    }

    /** Trains a booster; {@code params} hold XGBoost's own parameter names. */
    static XGBoostEstimator train(io.assay.ml.TrainingData data, Map<String, Object> params, int rounds) {
        var p = new HashMap<>(params);
        int k = data.classes().size();
        switch (data.task()) {
            case CLASSIFICATION -> {
                if (k <= 2) {
                    p.put("objective", "binary:logistic");
                } else {
                    p.put("objective", "multi:softprob");
                    p.put("num_class", k);
                }
            }
            case REGRESSION -> p.put("objective", "reg:squarederror");
            default ->
                throw new IllegalArgumentException(
                        "XGBoost does not do " + data.task().label());
        }
        p.putIfAbsent("nthread", Runtime.getRuntime().availableProcessors());
        p.put("verbosity", 0);
        try {
            DMatrix m = matrix(data.x());
            float[] labels = new float[data.rows()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = (float) data.y()[i];
            }
            m.setLabel(labels);
            if (data.weights() != null) {
                float[] w = new float[data.rows()];
                for (int i = 0; i < w.length; i++) {
                    w[i] = (float) data.weights()[i];
                }
                m.setWeight(w);
            }
            Booster booster = XGBoost.train(m, p, rounds, Map.of(), null, null);
            m.dispose();
            return new XGBoostEstimator(booster, data.task(), k, data.x().width());
        } catch (XGBoostError e) {
            throw new InternalException("XGBoost training failed: " + e.getMessage(), e);
        }
    }

    static XGBoostEstimator load(SavedEstimator saved, Task task, int classes, int width) {
        try {
            return new XGBoostEstimator(XGBoost.loadModel(saved.bytes()), task, classes, width);
        } catch (XGBoostError | IOException e) {
            throw new InternalException("cannot read the saved XGBoost model: " + e.getMessage(), e);
        }
    }

    private Booster singleThreaded() throws XGBoostError {
        Booster one = singleThreaded;
        if (one == null) {
            synchronized (this) {
                one = singleThreaded;
                if (one == null) {
                    try {
                        one = XGBoost.loadModel(booster.toByteArray("ubj"));
                    } catch (IOException e) {
                        throw new InternalException("cannot copy the XGBoost model: " + e.getMessage(), e);
                    }
                    one.setParam("nthread", 1);
                    singleThreaded = one;
                }
            }
        }
        return one;
    }

    private static DMatrix matrix(Features x) throws XGBoostError {
        return new DMatrix(x.toFloatRowMajor(), x.rows(), x.width(), Float.NaN);
    }

    private float[][] raw(Features x) {
        try {
            Booster b = x.rows() <= 64 ? singleThreaded() : booster;
            if (inplace) {
                try {
                    // in place: no DMatrix copy of the rows (a third less time over a million rows)
                    return b.inplace_predict(x.toFloatRowMajor(), x.rows(), x.width(), Float.NaN);
                } catch (XGBoostError e) {
                    if (!String.valueOf(e.getMessage()).contains("Inplace predict is not supported")) {
                        throw e;
                    }
                    inplace = false;
                }
            }
            DMatrix m = matrix(x);
            try {
                return b.predict(m);
            } finally {
                m.dispose();
            }
        } catch (XGBoostError e) {
            throw new InternalException("XGBoost prediction failed: " + e.getMessage(), e);
        }
    }

    @Override
    public double[] predict(Features x) {
        float[][] r = raw(x);
        double[] out = new double[x.rows()];
        for (int i = 0; i < out.length; i++) {
            if (task == Task.REGRESSION) {
                out[i] = r[i][0];
            } else if (classes <= 2) {
                out[i] = r[i][0] >= 0.5f ? 1 : 0;
            } else {
                int best = 0;
                for (int c = 1; c < r[i].length; c++) {
                    if (r[i][c] > r[i][best]) {
                        best = c;
                    }
                }
                out[i] = best;
            }
        }
        return out;
    }

    @Override
    public double[][] probabilities(Features x) {
        if (task != Task.CLASSIFICATION) {
            return null;
        }
        float[][] r = raw(x);
        double[][] out = new double[x.rows()][Math.max(2, classes)];
        for (int i = 0; i < out.length; i++) {
            if (classes <= 2) {
                out[i][1] = r[i][0];
                out[i][0] = 1 - r[i][0];
            } else {
                for (int c = 0; c < classes; c++) {
                    out[i][c] = r[i][c];
                }
            }
        }
        return out;
    }

    /** TreeSHAP (or linear terms for a linear booster); for several classes, those of the predicted class. */
    @Override
    public double[][] contributions(Features x) {
        try {
            DMatrix m = matrix(x);
            float[][] c;
            try {
                c = booster.predictContrib(m, 0);
            } finally {
                m.dispose();
            }
            double[][] out = new double[x.rows()][width + 1];
            double[] predicted = classes > 2 ? predict(x) : null;
            for (int i = 0; i < out.length; i++) {
                int offset = predicted == null ? 0 : (int) predicted[i] * (width + 1);
                for (int f = 0; f <= width; f++) {
                    out[i][f] = c[i][offset + f];
                }
            }
            return out;
        } catch (XGBoostError e) {
            throw new InternalException("XGBoost explanation failed: " + e.getMessage(), e);
        }
    }

    /** Total gain per feature (features never split on get 0). */
    @Override
    public double[] importance() {
        double[] out = new double[width];
        try {
            Map<String, Double> gain = booster.getScore("", "total_gain");
            for (var e : gain.entrySet()) {
                String name = e.getKey();
                if (name.startsWith("f")) {
                    int f = Integer.parseInt(name.substring(1));
                    if (f < width) {
                        out[f] = e.getValue();
                    }
                }
            }
        } catch (XGBoostError | RuntimeException e) {
            return null; // linear boosters have no gain
        }
        return out;
    }

    @Override
    public SavedEstimator save() {
        try {
            return new SavedEstimator(SavedEstimator.XGBOOST, booster.toByteArray("ubj"));
        } catch (XGBoostError e) {
            throw new InternalException("cannot save the XGBoost model: " + e.getMessage(), e);
        }
    }
}
