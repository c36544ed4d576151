package io.assay.anomaly;

import io.assay.core.pipeline.Features;
import io.assay.core.pipeline.Pipeline;
import io.assay.ml.Hyperparameter;
import io.assay.ml.Params;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import tools.jackson.databind.JsonNode;

/**
 * A dense autoencoder: the network learns to reproduce standardised rows through a narrow bottleneck (by default
 * n→64→32→8→32→64→n, ReLU, linear output, mean squared error, Adam), so rows unlike the training rows come back with a
 * large reconstruction error, which is the score. The per-feature squared error explains each row, and the
 * reconstruction is the typical value shown beside the actual one. Trained on CPU in Java ({@link DenseNetwork}); a
 * share of the rows is held out to stop early when the validation error stops improving, keeping the best weights.
 */
final class AutoencoderDetector implements Detector<AutoencoderDetector.Options> {

    /**
     * @param hidden encoder layer sizes before the bottleneck (the decoder mirrors them)
     * @param latent bottleneck size
     * @param epochs maximum passes over the training rows
     * @param batchSize rows per gradient step
     * @param learningRate Adam's step size
     * @param weightDecay L2 penalty added to the gradient
     * @param validationSplit share of rows held out to decide when to stop (0: none, train all epochs)
     * @param patience epochs without validation improvement before stopping (0: never stop early)
     */
    record Options(
            List<Integer> hidden,
            int latent,
            int epochs,
            int batchSize,
            double learningRate,
            double weightDecay,
            double validationSplit,
            int patience,
            boolean scaleErrors) {
        Options {
            hidden = List.copyOf(hidden);
        }
    }

    static final List<Hyperparameter> PARAMS = List.of(
            new Hyperparameter("hidden", "comma-separated sizes", "64,32", "encoder layers; the decoder mirrors them"),
            new Hyperparameter("latent", "integer ≥ 1", "8", "bottleneck size"),
            new Hyperparameter("epochs", "integer 1..1000", "20", "maximum passes over the training rows"),
            new Hyperparameter("batch_size", "integer 1..65536", "32", "rows per gradient step"),
            new Hyperparameter("learning_rate", "number > 0", "0.001", "Adam step size"),
            new Hyperparameter("weight_decay", "number ≥ 0", "0.00001", "L2 penalty on the weights"),
            new Hyperparameter(
                    "validation_split",
                    "share 0..0.5",
                    "0.1",
                    "rows held out to stop early and keep the best weights (0: train every epoch on all rows)"),
            new Hyperparameter(
                    "patience", "integer ≥ 0", "3", "epochs without validation improvement before stopping (0: off)"),
            new Hyperparameter(
                    "error_scale",
                    "feature or none",
                    "feature",
                    "feature: each column's squared error is divided by its mean on the training rows, so a column that"
                            + " is hard to reconstruct everywhere does not drown the others; none: plain mean squared"
                            + " error"));

    @Override
    public String name() {
        return "autoencoder";
    }

    @Override
    public String description() {
        return "dense autoencoder (reconstruction error); explains by per-column reconstruction error";
    }

    @Override
    public List<Hyperparameter> hyperparameters() {
        return PARAMS;
    }

    @Override
    public Options options(Map<String, String> given) {
        var p = Params.of(name(), given, PARAMS);
        var hidden = new ArrayList<Integer>();
        for (String s : p.string("hidden", "64,32").split(",")) {
            if (s.isBlank()) {
                continue;
            }
            try {
                int h = Integer.parseInt(s.trim());
                if (h < 1 || h > 4096) {
                    throw p.bad("hidden", p.string("hidden", ""), "layer sizes must be between 1 and 4096");
                }
                hidden.add(h);
            } catch (NumberFormatException e) {
                throw p.bad("hidden", p.string("hidden", ""), "write layer sizes like 64,32");
            }
        }
        var o = new Options(
                hidden,
                p.integer("latent", 8),
                p.integer("epochs", 20),
                p.integer("batch_size", 32),
                p.number("learning_rate", 1e-3),
                p.number("weight_decay", 1e-5),
                p.number("validation_split", 0.1),
                p.integer("patience", 3),
                p.choice("error_scale", "feature", List.of("feature", "none")).equals("feature"));
        if (o.latent() < 1 || o.latent() > 4096) {
            throw p.bad("latent", o.latent(), "must be between 1 and 4096");
        }
        if (o.epochs() < 1 || o.epochs() > 1000) {
            throw p.bad("epochs", o.epochs(), "must be between 1 and 1000");
        }
        if (o.batchSize() < 1 || o.batchSize() > 65536) {
            throw p.bad("batch_size", o.batchSize(), "must be between 1 and 65536");
        }
        if (!(o.learningRate() > 0 && o.learningRate() < 10)) {
            throw p.bad("learning_rate", o.learningRate(), "must be between 0 and 10");
        }
        if (!(o.weightDecay() >= 0 && o.weightDecay() < 1)) {
            throw p.bad("weight_decay", o.weightDecay(), "must be between 0 and 1");
        }
        if (!(o.validationSplit() >= 0 && o.validationSplit() <= 0.5)) {
            throw p.bad("validation_split", o.validationSplit(), "must be between 0 and 0.5");
        }
        if (o.patience() < 0) {
            throw p.bad("patience", o.patience(), "must not be negative");
        }
        return o;
    }

    @Override
    public Class<Options> optionsType() {
        return Options.class;
    }

    @Override
    public Pipeline.Scaling scaling(Options options) {
        return Pipeline.Scaling.STANDARD;
    }

    /**
     * The trained network's layers, for saving.
     *
     * @param errorScale per feature, the weight of its squared error in the score (null in files saved before it
     *     existed: every feature weighs 1)
     */
    record State(
            int[] sizes,
            List<float[]> weights,
            List<float[]> biases,
            int epochsRun,
            double validationLoss,
            double[] errorScale) {}

    @Override
    public Fit fit(Features x, Options o, long seed) {
        int n = x.rows();
        int d = x.width();
        int[] sizes = sizes(d, o);
        var rnd = new SplittableRandom(seed);
        DenseNetwork net = DenseNetwork.initialise(sizes, rnd);
        float[] data = rowMajor(x);
        int[] order = shuffled(n, rnd);
        int validation = n >= 50 && o.validationSplit() > 0 ? (int) Math.round(n * o.validationSplit()) : 0;
        int[] train = Arrays.copyOfRange(order, validation, n);
        int[] held = Arrays.copyOfRange(order, 0, validation);
        int batch = Math.min(o.batchSize(), train.length);
        var ws = net.new Workspace(batch);
        var adam = new DenseNetwork.Adam(net, o.learningRate(), o.weightDecay());
        DenseNetwork best = null;
        double bestLoss = Double.POSITIVE_INFINITY;
        int since = 0;
        int epochs = 0;
        for (int epoch = 0; epoch < o.epochs(); epoch++) {
            shuffle(train, rnd);
            for (int start = 0; start < train.length; start += batch) {
                int rows = Math.min(batch, train.length - start);
                load(ws, data, d, train, start, rows);
                ws.forward();
                ws.backward(rows);
                adam.step(net, ws);
            }
            epochs++;
            if (validation > 0) {
                ws.unbind();
                double loss = mean(errors(net, data, d, held, null));
                if (loss < bestLoss - 1e-12) {
                    bestLoss = loss;
                    best = net.copy();
                    since = 0;
                } else if (o.patience() > 0 && ++since >= o.patience()) {
                    break;
                }
            }
        }
        ws.unbind();
        DenseNetwork kept = best != null ? best : net;
        double[] scale = o.scaleErrors() ? errorScale(kept, data, d, n) : null;
        var model = new Model(kept, epochs, validation > 0 ? bestLoss : Double.NaN, scale);
        return new Fit(model, model.score(x));
    }

    static int[] sizes(int d, Options o) {
        int[] sizes = new int[2 * o.hidden().size() + 3];
        sizes[0] = d;
        for (int i = 0; i < o.hidden().size(); i++) {
            sizes[1 + i] = o.hidden().get(i);
            sizes[sizes.length - 2 - i] = o.hidden().get(i);
        }
        sizes[o.hidden().size() + 1] = o.latent();
        sizes[sizes.length - 1] = d;
        return sizes;
    }

    @Override
    public Detector.Model load(JsonNode state, Options options) {
        State s = States.read(state, State.class);
        var net = new DenseNetwork(
                s.sizes(), s.weights().toArray(new float[0][]), s.biases().toArray(new float[0][]));
        return new Model(net, s.epochsRun(), s.validationLoss(), s.errorScale());
    }

    private static float[] rowMajor(Features x) {
        int n = x.rows();
        int d = x.width();
        float[] out = new float[n * d];
        for (int f = 0; f < d; f++) {
            double[] col = x.column(f);
            for (int r = 0; r < n; r++) {
                out[r * d + f] = (float) col[r];
            }
        }
        return out;
    }

    private static int[] shuffled(int n, SplittableRandom rnd) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        shuffle(a, rnd);
        return a;
    }

    private static void shuffle(int[] a, SplittableRandom rnd) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** Puts rows {@code idx[start .. start+rows)} of the row-major data into the batch input (zeros after). */
    private static void load(DenseNetwork.Workspace ws, float[] data, int d, int[] idx, int start, int rows) {
        float[] in = ws.input();
        int ld = ws.ld();
        for (int i = 0; i < ws.batch; i++) {
            if (i < rows) {
                int base = idx[start + i] * d;
                for (int j = 0; j < d; j++) {
                    in[j * ld + i] = data[base + j];
                }
            } else {
                for (int j = 0; j < d; j++) {
                    in[j * ld + i] = 0;
                }
            }
        }
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return v.length == 0 ? Double.NaN : s / v.length;
    }

    /**
     * Rows per forward pass when scoring. Small on purpose: OpenBLAS hands a product of more than 2^18 multiply-adds to
     * all its threads, and for these narrow layers waking them costs far more than it saves (scoring 100,000 rows took
     * 13 s in batches of 1,024 on a busy 2-core machine, 0.2 s in batches that stay on one thread).
     */
    private static final int SCORE_BATCH = 48;

    /** Mean squared reconstruction error of each of {@code rows}, feature {@code j} weighted by {@code weight[j]}. */
    private static double[] errors(DenseNetwork net, float[] data, int d, int[] rows, double[] weight) {
        double[] out = new double[rows.length];
        reconstruct(
                net,
                data,
                d,
                rows,
                (i, input, output, ld) -> {
                    double s = 0;
                    for (int j = 0; j < d; j++) {
                        double diff = output[j * ld + i] - input[j * ld + i];
                        s += weight == null ? diff * diff : weight[j] * diff * diff;
                    }
                    return s / d;
                },
                out);
        return out;
    }

    /** Per feature, 1 / its mean squared reconstruction error over the training rows. */
    private static double[] errorScale(DenseNetwork net, float[] data, int d, int n) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        double[] sum = new double[d];
        double[] ignored = new double[n];
        reconstruct(
                net,
                data,
                d,
                all,
                (i, input, output, ld) -> {
                    for (int j = 0; j < d; j++) {
                        double diff = output[j * ld + i] - input[j * ld + i];
                        sum[j] += diff * diff;
                    }
                    return 0;
                },
                ignored);
        double total = 0;
        for (double v : sum) {
            total += v;
        }
        // a feature reconstructed (almost) perfectly must not weigh (almost) infinitely
        double floor = Math.max(1e-3 * total / d / n, 1e-12);
        double[] w = new double[d];
        for (int j = 0; j < d; j++) {
            w[j] = 1 / Math.max(sum[j] / n, floor);
        }
        return w;
    }

    @FunctionalInterface
    private interface RowReader {
        double read(int rowInBatch, float[] input, float[] output, int ld);
    }

    /** Runs {@code rows} through the network in batches; {@code reader} turns each row's output into {@code out[i]}. */
    private static void reconstruct(DenseNetwork net, float[] data, int d, int[] rows, RowReader reader, double[] out) {
        if (rows.length == 0) {
            return;
        }
        int batch = Math.min(SCORE_BATCH, rows.length);
        var ws = net.new Workspace(batch);
        for (int start = 0; start < rows.length; start += batch) {
            int n = Math.min(batch, rows.length - start);
            load(ws, data, d, rows, start, n);
            float[] output = ws.forward();
            float[] input = ws.input();
            int ld = ws.ld();
            for (int i = 0; i < n; i++) {
                out[start + i] = reader.read(i, input, output, ld);
            }
        }
    }

    /** The trained autoencoder. */
    private record Model(DenseNetwork net, int epochsRun, double validationLoss, double[] errorScale)
            implements Detector.Model {

        @Override
        public double[] score(Features x) {
            int n = x.rows();
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return errors(net, rowMajor(x), x.width(), all, errorScale);
        }

        private double[][] perFeature(Features x, int[] rows, boolean squaredError) {
            int d = x.width();
            float[] data = new float[rows.length * d];
            for (int i = 0; i < rows.length; i++) {
                for (int f = 0; f < d; f++) {
                    data[i * d + f] = (float) x.get(rows[i], f);
                }
            }
            int[] idx = new int[rows.length];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = i;
            }
            double[][] out = new double[rows.length][d];
            int batch = Math.min(SCORE_BATCH, rows.length);
            var ws = net.new Workspace(batch);
            for (int start = 0; start < rows.length; start += batch) {
                int m = Math.min(batch, rows.length - start);
                load(ws, data, d, idx, start, m);
                float[] output = ws.forward();
                float[] input = ws.input();
                int ld = ws.ld();
                for (int i = 0; i < m; i++) {
                    for (int f = 0; f < d; f++) {
                        double o = output[f * ld + i];
                        double diff = o - input[f * ld + i];
                        out[start + i][f] = squaredError ? (errorScale == null ? 1 : errorScale[f]) * diff * diff : o;
                    }
                }
            }
            return out;
        }

        @Override
        public double[][] attribution(Features x, int[] rows) {
            return perFeature(x, rows, true);
        }

        @Override
        public double[][] expected(Features x, int[] rows) {
            return perFeature(x, rows, false);
        }

        @Override
        public State state() {
            return new State(
                    net.sizes(),
                    Arrays.asList(net.weights()),
                    Arrays.asList(net.biases()),
                    epochsRun,
                    validationLoss,
                    errorScale);
        }
    }
}
