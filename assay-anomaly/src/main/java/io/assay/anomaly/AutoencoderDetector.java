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
 *
 * <p>By default three networks are trained from different seeds and their scores averaged. A single network's ranking
 * of the rows depends on its random start more than on anything else: on the ODDS sets, the same data and split gave
 * ROC AUCs from 49 to 69 (cover) with the seed alone. Averaging independently started networks is the usual cure for
 * such variance (as in autoencoder ensembles, Chen et al., "Outlier detection with autoencoder ensembles", SDM 2017);
 * it costs training time in proportion, and {@code networks=1} trains one.
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
     * @param scaleErrors whether each column's squared error is divided by its mean on the training rows
     * @param networks networks trained from different seeds whose scores are averaged
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
            boolean scaleErrors,
            int networks) {
        Options {
            hidden = List.copyOf(hidden);
        }
    }

    /** See the {@code networks} hyperparameter. */
    static final int DEFAULT_NETWORKS = 3;

    /** The most encoder layers before the bottleneck (the decoder mirrors them). */
    static final int MAX_HIDDEN_LAYERS = 8;

    /**
     * The most weights all the networks may hold together: 16 million floats are 64 MB, and training one network needs
     * about five times its own weights more (gradients, Adam's moments, the best weights so far), so the largest
     * allowed autoencoder trains in well under 512 MB of heap.
     */
    static final long MAX_WEIGHTS = 16_000_000;

    /** The most activations one mini-batch may hold (batch size times all layer widths), 64 MB of floats. */
    static final long MAX_ACTIVATIONS = 16_000_000;

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
                            + " error"),
            new Hyperparameter(
                    "networks",
                    "integer 1..20",
                    String.valueOf(DEFAULT_NETWORKS),
                    "networks trained from different seeds, their scores and per-column errors averaged: one"
                            + " network's ranking of the rows moves by up to 30 AUC points with its seed alone on the"
                            + " ODDS sets, the average is steadier; training time grows in proportion"));

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
                p.choice("error_scale", "feature", List.of("feature", "none")).equals("feature"),
                p.integer("networks", DEFAULT_NETWORKS));
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
        if (o.networks() < 1 || o.networks() > 20) {
            throw p.bad("networks", o.networks(), "must be between 1 and 20");
        }
        if (o.patience() < 0) {
            throw p.bad("patience", o.patience(), "must not be negative");
        }
        if (hidden.size() > MAX_HIDDEN_LAYERS) {
            throw p.bad(
                    "hidden",
                    p.string("hidden", ""),
                    "at most " + MAX_HIDDEN_LAYERS + " layers (" + hidden.size() + " given)");
        }
        checkSize(o, 1, 1);
        return o;
    }

    /**
     * Refuses a network too large to train in a modest heap, before any of it is allocated: the weights of all {@code
     * networks} together (for {@code features} inputs and outputs) and one mini-batch's activations ({@code rows}
     * training rows make a batch no larger than that).
     */
    static void checkSize(Options o, int features, int rows) {
        int[] sizes = sizes(features, o);
        long weights = 0;
        long widths = 0;
        for (int l = 0; l < sizes.length; l++) {
            widths += sizes[l];
            if (l + 1 < sizes.length) {
                weights += (long) sizes[l] * sizes[l + 1] + sizes[l + 1];
            }
        }
        long all = weights * o.networks();
        if (all > MAX_WEIGHTS) {
            throw new io.assay.core.error.InvalidOptionException(
                    "autoencoder hyperparameter hidden",
                    o.hidden().stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",")),
                    String.format(
                            java.util.Locale.ROOT,
                            "the network is too large: %,d weights%s for %,d input features, at most %,d are allowed;"
                                    + " use fewer or narrower layers%s",
                            all,
                            o.networks() > 1 ? " in " + o.networks() + " networks" : "",
                            features,
                            MAX_WEIGHTS,
                            o.networks() > 1 ? " or fewer networks" : ""));
        }
        long activations = widths * Math.min(o.batchSize(), Math.max(1, rows));
        if (activations > MAX_ACTIVATIONS) {
            throw new io.assay.core.error.InvalidOptionException(
                    "autoencoder hyperparameter batch_size",
                    o.batchSize(),
                    String.format(
                            java.util.Locale.ROOT,
                            "a batch of this size through layers %s holds %,d activations, at most %,d are allowed;"
                                    + " use a smaller batch_size or narrower layers",
                            java.util.Arrays.toString(sizes),
                            activations,
                            MAX_ACTIVATIONS));
        }
    }

    @Override
    public Map<String, Object> parameters(Options o) {
        var m = new java.util.LinkedHashMap<String, Object>();
        m.put("hidden", o.hidden().stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",")));
        m.put("latent", o.latent());
        m.put("epochs", o.epochs());
        m.put("batch_size", o.batchSize());
        m.put("learning_rate", o.learningRate());
        m.put("weight_decay", o.weightDecay());
        m.put("validation_split", o.validationSplit());
        m.put("patience", o.patience());
        m.put("error_scale", o.scaleErrors() ? "feature" : "none");
        m.put("networks", o.networks());
        return m;
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
            double[] errorScale,
            List<Member> others) {}

    /**
     * A further network of an averaged autoencoder (same sizes as the first).
     *
     * @param errorScale as in {@link State}
     */
    record Member(
            List<float[]> weights, List<float[]> biases, int epochsRun, double validationLoss, double[] errorScale) {}

    @Override
    public Fit fit(Features x, Options o, long seed) {
        checkSize(o, x.width(), x.rows());
        float[] data = rowMajor(x);
        var trained = new ArrayList<Trained>();
        for (int k = 0; k < o.networks(); k++) {
            // the first network draws from the seed itself, as a single network always did
            var rnd = new SplittableRandom(seed + k * 0x9E3779B97F4A7C15L);
            trained.add(train(data, x.rows(), x.width(), o, rnd));
        }
        var model = new Model(trained);
        return new Fit(model, model.score(x));
    }

    /** One trained network: the kept weights and its per-column error weights (null: plain squared errors). */
    private record Trained(DenseNetwork net, int epochsRun, double validationLoss, double[] errorScale) {

        Member saved() {
            return new Member(
                    Arrays.asList(net.weights()), Arrays.asList(net.biases()), epochsRun, validationLoss, errorScale);
        }
    }

    private static Trained trained(int[] sizes, Member m) {
        var net = new DenseNetwork(
                sizes, m.weights().toArray(new float[0][]), m.biases().toArray(new float[0][]));
        return new Trained(net, m.epochsRun(), m.validationLoss(), m.errorScale());
    }

    private static Trained train(float[] data, int n, int d, Options o, SplittableRandom rnd) {
        int[] sizes = sizes(d, o);
        DenseNetwork net = DenseNetwork.initialise(sizes, rnd);
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
        return new Trained(kept, epochs, validation > 0 ? bestLoss : Double.NaN, scale);
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
    public Detector.Model load(JsonNode state, Options options, int features) {
        State s = States.read(state, State.class);
        int[] sizes = SavedState.present(s.sizes(), "the layer sizes");
        SavedState.range(sizes.length, 3, 2L * MAX_HIDDEN_LAYERS + 3, "the number of layer sizes");
        SavedState.require(
                sizes[0] == features && sizes[sizes.length - 1] == features,
                "the network reads " + sizes[0] + " and writes " + sizes[sizes.length - 1] + " features where the"
                        + " pipeline makes " + features);
        long weights = 0;
        for (int l = 1; l < sizes.length - 1; l++) {
            SavedState.range(sizes[l], 1, 4096, "layer " + l + "'s size");
        }
        for (int l = 0; l + 1 < sizes.length; l++) {
            weights += (long) sizes[l] * sizes[l + 1] + sizes[l + 1];
        }
        int networks = 1 + (s.others() == null ? 0 : s.others().size());
        SavedState.require(
                weights * networks <= MAX_WEIGHTS,
                networks + " networks of " + weights + " weights are more than the " + MAX_WEIGHTS + " allowed");
        checked(sizes, new Member(s.weights(), s.biases(), s.epochsRun(), s.validationLoss(), s.errorScale()), 0);
        if (s.others() != null) {
            for (int k = 0; k < s.others().size(); k++) {
                checked(sizes, SavedState.present(s.others().get(k), "network " + (k + 1)), k + 1);
            }
        }
        var trained = new ArrayList<Trained>();
        trained.add(trained(
                s.sizes(), new Member(s.weights(), s.biases(), s.epochsRun(), s.validationLoss(), s.errorScale())));
        for (Member m : s.others() == null ? List.<Member>of() : s.others()) {
            trained.add(trained(s.sizes(), m));
        }
        return new Model(trained);
    }

    /** Checks one saved network: a weight matrix and a bias vector per layer, of the sizes' shapes, all finite. */
    private static void checked(int[] sizes, Member m, int network) {
        String name = "network " + network;
        int layers = sizes.length - 1;
        SavedState.length(
                SavedState.list(m.weights(), name + "'s weights").size(), layers, name + "'s weight matrices");
        SavedState.length(SavedState.list(m.biases(), name + "'s biases").size(), layers, name + "'s bias vectors");
        for (int l = 0; l < layers; l++) {
            SavedState.length(
                    SavedState.finite(m.weights().get(l), name + " layer " + l + " weights").length,
                    (long) sizes[l + 1] * sizes[l],
                    name + " layer " + l + " weights");
            SavedState.length(
                    SavedState.finite(m.biases().get(l), name + " layer " + l + " biases").length,
                    sizes[l + 1],
                    name + " layer " + l + " biases");
        }
        if (m.errorScale() != null) {
            SavedState.length(
                    SavedState.finite(m.errorScale(), name + "'s error weights").length,
                    sizes[0],
                    name + "'s error weights");
        }
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

    /** The trained autoencoder: one network, or several whose scores and per-column errors are averaged. */
    private record Model(List<Trained> networks) implements Detector.Model {

        @Override
        public double[] score(Features x) {
            int n = x.rows();
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            float[] data = rowMajor(x);
            double[] out = null;
            for (Trained t : networks) {
                double[] s = errors(t.net(), data, x.width(), all, t.errorScale());
                if (out == null) {
                    out = s;
                } else {
                    for (int i = 0; i < n; i++) {
                        out[i] += s[i];
                    }
                }
            }
            if (networks.size() > 1) {
                for (int i = 0; i < n; i++) {
                    out[i] /= networks.size();
                }
            }
            return out;
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
            for (Trained t : networks) {
                double[] errorScale = t.errorScale();
                var ws = t.net().new Workspace(batch);
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
                            out[start + i][f] +=
                                    (squaredError ? (errorScale == null ? 1 : errorScale[f]) * diff * diff : o)
                                            / networks.size();
                        }
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
            Member first = networks.getFirst().saved();
            var others = new ArrayList<Member>();
            for (Trained t : networks.subList(1, networks.size())) {
                others.add(t.saved());
            }
            return new State(
                    networks.getFirst().net().sizes(),
                    first.weights(),
                    first.biases(),
                    first.epochsRun(),
                    first.validationLoss(),
                    first.errorScale(),
                    others.isEmpty() ? null : others);
        }
    }
}
