package io.assay.commerce;

import io.assay.core.AssayVersion;
import io.assay.core.Progress;
import io.assay.core.error.InvalidOptionException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A trained implicit-feedback recommender (ALS, see {@link ImplicitAls}) with everything needed to answer requests
 * without the order data: the customers' purchase counts, item names and both factor matrices. Immutable.
 *
 * <pre>{@code
 * Recommender model = Recommender.train(Interactions.fromOrders(data), Recommender.Options.defaults(), Progress.NONE);
 * Recommender.Recommendations r = model.recommend("42", Recommender.Request.top(10));
 * List<Recommender.Scored> like = model.similarItems("24852", 10);
 * }</pre>
 */
public final class Recommender {

    /**
     * @param factors latent dimensions
     * @param iterations ALS sweeps
     * @param alpha confidence slope: an observed count r has confidence {@code 1 + alpha·r}
     * @param regularization ridge weight λ, scaled by each row's count (ALS-WR); NaN = choose by validation
     * @param cgSteps conjugate-gradient steps per row and sweep
     * @param threads worker threads (0: one per core)
     * @param seed initialisation and validation split
     */
    public record Options(
            int factors, int iterations, double alpha, double regularization, int cgSteps, int threads, long seed) {
        /** The λ values validation chooses from. */
        static final double[] REGULARIZATION_GRID = {0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0};

        public Options {
            if (factors < 1 || factors > 1024) {
                throw new InvalidOptionException("factors", factors, "must be between 1 and 1024");
            }
            if (iterations < 1 || iterations > 1000) {
                throw new InvalidOptionException("iterations", iterations, "must be between 1 and 1000");
            }
            if (!(alpha >= 0) || Double.isInfinite(alpha)) {
                throw new InvalidOptionException("alpha", alpha, "must be 0 or more");
            }
            if (!Double.isNaN(regularization) && !(regularization > 0 && regularization < 1000)) {
                throw new InvalidOptionException(
                        "regularization", regularization, "must be above 0 (or left out to choose it by validation)");
            }
            if (cgSteps < 1 || cgSteps > 100) {
                throw new InvalidOptionException("CG steps", cgSteps, "must be between 1 and 100");
            }
            if (threads < 0) {
                throw new InvalidOptionException("threads", threads, "must be 0 (all cores) or more");
            }
        }

        /** 64 factors, 15 sweeps, α 1, λ by validation, 3 CG steps, all cores, seed 42. */
        public static Options defaults() {
            return new Options(64, 15, 1.0, Double.NaN, 3, 0, 42);
        }

        public Options withFactors(int f) {
            return new Options(f, iterations, alpha, regularization, cgSteps, threads, seed);
        }

        public Options withIterations(int n) {
            return new Options(factors, n, alpha, regularization, cgSteps, threads, seed);
        }

        public Options withAlpha(double a) {
            return new Options(factors, iterations, a, regularization, cgSteps, threads, seed);
        }

        public Options withRegularization(double l) {
            return new Options(factors, iterations, alpha, l, cgSteps, threads, seed);
        }

        public Options withThreads(int t) {
            return new Options(factors, iterations, alpha, regularization, cgSteps, t, seed);
        }

        public Options withSeed(long s) {
            return new Options(factors, iterations, alpha, regularization, cgSteps, threads, s);
        }
    }

    /**
     * How a model came to be: the options as given, the λ used (and the validation precision@10 of each λ tried),
     * the next-basket frequency exponent (and the precision@10 of each tried on the customers' last orders), the
     * data's size and fingerprint, when, and by which Assay version.
     */
    public record Provenance(
            Options options,
            double regularization,
            Map<String, Double> validation,
            double nextBasketExponent,
            Map<String, Double> nextBasketValidation,
            int users,
            int items,
            long nonZeros,
            String dataFingerprint,
            String trainedAt,
            String assayVersion,
            double trainSeconds) {
        public Provenance {
            validation = byValue(validation);
            nextBasketValidation = byValue(nextBasketValidation);
            if (!(nextBasketExponent > 0)) {
                nextBasketExponent = DEFAULT_NEXT_BASKET_EXPONENT; // files written before the exponent was chosen
            }
        }
    }

    /** Validation scores in the order of the values tried (the keys are numbers), whatever order they came in. */
    private static Map<String, Double> byValue(Map<String, Double> scores) {
        if (scores == null) {
            return Map.of();
        }
        var sorted = new java.util.TreeMap<String, Double>(
                java.util.Comparator.comparingDouble(Recommender::numberOrNaN).thenComparing(k -> k));
        sorted.putAll(scores);
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sorted));
    }

    private static double numberOrNaN(String key) {
        try {
            return Double.parseDouble(key);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** The next-basket frequency exponent when the data holds no order sequence to choose it from. */
    private static final double DEFAULT_NEXT_BASKET_EXPONENT = 1.5;

    /** The exponents validation chooses the next-basket ranking from. */
    static final double[] NEXT_BASKET_EXPONENTS = {0.5, 1.0, 1.5, 2.0, 3.0};

    /**
     * An item with its score and, for recommendations, why. The score is the model's predicted preference, or for
     * recommendations by popularity ({@link Basis.Popular}, {@link Basis.PopularInDepartments}) the share of
     * customers who bought the item.
     */
    public record Scored(String item, String name, double score, List<String> because) {
        public Scored {
            because = List.copyOf(because);
        }
    }

    /** What a recommendation is based on. */
    public sealed interface Basis {
        /** The customer's own factors. */
        record Personal() implements Basis {}

        /**
         * A customer the model has not seen, folded in from the items given.
         *
         * @param withoutDepartments folded in from fewer than three items because the data names
         *     no departments whose popular items they would otherwise get
         */
        record FoldIn(int items, boolean withoutDepartments) implements Basis {}

        /** Nothing is known about the customer: the items most customers buy. */
        record Popular(String reason) implements Basis {}

        /**
         * A new customer with too few purchases to fold in: the items most customers buy in the departments they
         * bought from, then the most popular items overall.
         */
        record PopularInDepartments(List<String> departments) implements Basis {
            public PopularInDepartments {
                departments = List.copyOf(departments);
            }
        }

        /** Next basket: the customer's staples by frequency × repeat share, then ALS for the rest. */
        record NextBasket(int repeats) implements Basis {}
    }

    public record Recommendations(String customer, Basis basis, List<Scored> items) {
        public Recommendations {
            items = List.copyOf(items);
        }
    }

    /**
     * @param n how many items
     * @param excludeBought leave out what the customer already bought (false suits groceries, where re-buys are
     *     most of a basket)
     * @param exclude items never to recommend
     * @param candidates if not empty, recommend only among these
     * @param explain add the customer's purchases that contributed most to each score
     */
    public record Request(int n, boolean excludeBought, Set<String> exclude, Set<String> candidates, boolean explain) {
        public Request {
            if (n < 1 || n > 10_000) {
                throw new InvalidOptionException("number of recommendations", n, "must be between 1 and 10000");
            }
            exclude = exclude == null ? Set.of() : Set.copyOf(exclude);
            candidates = candidates == null ? Set.of() : Set.copyOf(candidates);
        }

        public static Request top(int n) {
            return new Request(n, false, Set.of(), Set.of(), false);
        }

        public Request excludingBought() {
            return new Request(n, true, exclude, candidates, explain);
        }

        public Request explained() {
            return new Request(n, excludeBought, exclude, candidates, true);
        }
    }

    final Interactions data;
    final ImplicitAls.Factors factors;
    final Provenance provenance;
    private final Map<String, Integer> userIndex = new HashMap<>();
    private final Map<String, Integer> itemIndex = new HashMap<>();
    private final int[] popularity;
    private final int[] buyers;
    private float[] itemGram;

    Recommender(Interactions data, ImplicitAls.Factors factors, Provenance provenance) {
        this.data = data;
        this.factors = factors;
        this.provenance = provenance;
        for (int u = 0; u < data.users.length; u++) {
            userIndex.put(data.users[u], u);
        }
        for (int i = 0; i < data.items.length; i++) {
            itemIndex.put(data.items[i], i);
        }
        buyers = new int[data.items.length];
        for (int c : data.cols) {
            buyers[c]++;
        }
        Integer[] order = new Integer[buyers.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> buyers[a] != buyers[b] ? Integer.compare(buyers[b], buyers[a]) : a - b);
        popularity = Arrays.stream(order).mapToInt(Integer::intValue).toArray();
    }

    /**
     * Trains on {@code data}. When the options leave λ out, it is chosen from 0.01, 0.02, 0.05, 0.1, 0.2, 0.5 and 1 by
     * precision@10 on a seeded 20% of each customer's items held out (customers with five or more items; at most
     * 2,000 of them), then the model is refit on everything.
     */
    public static Recommender train(Interactions data, Options options, Progress progress) {
        if (data.nonZeros() == 0) {
            throw new InvalidOptionException("interactions", 0, "there is nothing to learn from");
        }
        long t0 = System.nanoTime();
        double lambda = options.regularization();
        var validation = new LinkedHashMap<String, Double>();
        if (Double.isNaN(lambda)) {
            lambda = chooseRegularization(data, options, validation, progress);
        }
        double l = lambda;
        ImplicitAls.Factors f = ImplicitAls.fit(
                data,
                options.factors(),
                options.alpha(),
                l,
                options.iterations(),
                options.cgSteps(),
                options.threads(),
                options.seed(),
                (stage, fraction) -> progress.update(stage, validation.isEmpty() ? fraction : 0.5 + fraction / 2));
        var nextBasketValidation = new LinkedHashMap<String, Double>();
        double exponent = chooseNextBasketExponent(data, nextBasketValidation);
        var provenance = new Provenance(
                options,
                l,
                validation,
                exponent,
                nextBasketValidation,
                data.userCount(),
                data.itemCount(),
                data.nonZeros(),
                fingerprint(data),
                Instant.now().toString(),
                AssayVersion.get(),
                (System.nanoTime() - t0) / 1e9);
        return new Recommender(data, f, provenance);
    }

    private static double chooseRegularization(
            Interactions data, Options options, Map<String, Double> validation, Progress progress) {
        var rng = new SplittableRandom(options.seed() ^ 0x5DEECE66DL);
        int nu = data.userCount();
        var keepU = new ArrayList<Integer>();
        var keepI = new ArrayList<Integer>();
        var keepV = new ArrayList<Float>();
        Map<Integer, Set<Integer>> held = new HashMap<>();
        int[] candidates = java.util.stream.IntStream.range(0, nu)
                .filter(u -> data.rowPtr[u + 1] - data.rowPtr[u] >= 5)
                .toArray();
        // a seeded sample of at most 2,000 validation customers
        for (int j = candidates.length - 1; j > 0; j--) {
            int r = rng.nextInt(j + 1);
            int tmp = candidates[j];
            candidates[j] = candidates[r];
            candidates[r] = tmp;
        }
        Set<Integer> validators = new HashSet<>();
        for (int j = 0; j < Math.min(2000, candidates.length); j++) {
            validators.add(candidates[j]);
        }
        for (int u = 0; u < nu; u++) {
            int s = data.rowPtr[u];
            int e = data.rowPtr[u + 1];
            int hold = validators.contains(u) ? (int) Math.floor(0.2 * (e - s)) : 0;
            int[] order = java.util.stream.IntStream.range(s, e).toArray();
            for (int j = order.length - 1; j > 0; j--) {
                int r = rng.nextInt(j + 1);
                int tmp = order[j];
                order[j] = order[r];
                order[r] = tmp;
            }
            for (int j = 0; j < order.length; j++) {
                if (j < hold) {
                    held.computeIfAbsent(u, x -> new HashSet<>()).add(data.cols[order[j]]);
                } else {
                    keepU.add(u);
                    keepI.add(data.cols[order[j]]);
                    keepV.add(data.values[order[j]]);
                }
            }
        }
        if (held.isEmpty()) {
            return 0.1;
        }
        float[] v = new float[keepV.size()];
        for (int j = 0; j < v.length; j++) {
            v[j] = keepV.get(j);
        }
        Interactions train = Interactions.build(
                data.users,
                data.items,
                data.itemNames,
                keepU.stream().mapToInt(Integer::intValue).toArray(),
                keepI.stream().mapToInt(Integer::intValue).toArray(),
                v,
                data.userBaskets,
                data.itemRepeatShare,
                null);
        double best = Double.NaN;
        double bestScore = -1;
        double[] grid = Options.REGULARIZATION_GRID;
        for (int g = 0; g < grid.length; g++) {
            ImplicitAls.Factors f = ImplicitAls.fit(
                    train,
                    options.factors(),
                    options.alpha(),
                    grid[g],
                    options.iterations(),
                    options.cgSteps(),
                    options.threads(),
                    options.seed(),
                    Progress.NONE);
            var probe = new Recommender(train, f, null);
            Map<Integer, int[]> recs = new HashMap<>();
            for (int u : held.keySet()) {
                recs.put(u, probe.topItems(probe.userVector(u), 10, train.itemsOf(u), null));
            }
            double p = RankingMetrics.atK(recs, held, 10).precision();
            validation.put(Double.toString(grid[g]), p);
            if (p > bestScore) {
                bestScore = p;
                best = grid[g];
            }
            progress.update("choosing regularization", 0.5 * (g + 1) / grid.length);
        }
        return best;
    }

    /**
     * The exponent γ of the next-basket ranking (n/N)^γ × repeat share that best predicts each customer's last order
     * from the orders before it (precision@10 over at most 5,000 customers with two or more orders).
     */
    private static double chooseNextBasketExponent(Interactions data, Map<String, Double> scores) {
        if (data.lastBaskets == null) {
            return DEFAULT_NEXT_BASKET_EXPONENT;
        }
        double meanShare = meanRepeatShare(data);
        double best = DEFAULT_NEXT_BASKET_EXPONENT;
        double bestScore = -1;
        for (double g : NEXT_BASKET_EXPONENTS) {
            double sum = 0;
            int users = 0;
            for (int u = 0; u < data.userCount() && users < 5000; u++) {
                int[] last = data.lastBaskets[u];
                if (last == null || last.length == 0 || data.userBaskets[u] < 2) {
                    continue;
                }
                int s = data.rowPtr[u];
                int e = data.rowPtr[u + 1];
                double[] score = new double[e - s];
                for (int j = s; j < e; j++) {
                    boolean inLast = Arrays.binarySearch(last, data.cols[j]) >= 0;
                    double before = data.values[j] - (inLast ? 1 : 0);
                    double share = data.itemRepeatShare[data.cols[j]];
                    score[j - s] = before <= 0
                            ? Double.NEGATIVE_INFINITY
                            : Math.pow(before / (data.userBaskets[u] - 1), g)
                                    * (Double.isNaN(share) ? meanShare : share);
                }
                int hits = 0;
                for (int j : TopK.select(score, 10)) {
                    if (Arrays.binarySearch(last, data.cols[s + j]) >= 0) {
                        hits++;
                    }
                }
                sum += hits / 10.0;
                users++;
            }
            if (users == 0) {
                return DEFAULT_NEXT_BASKET_EXPONENT;
            }
            double p = sum / users;
            scores.put(Double.toString(g), p);
            if (p > bestScore) {
                bestScore = p;
                best = g;
            }
        }
        return best;
    }

    private static String fingerprint(Interactions d) {
        try {
            var md = java.security.MessageDigest.getInstance("SHA-256");
            var buf = java.nio.ByteBuffer.allocate(12);
            for (int u = 0; u < d.users.length; u++) {
                md.update(d.users[u].getBytes(java.nio.charset.StandardCharsets.UTF_8));
                for (int j = d.rowPtr[u]; j < d.rowPtr[u + 1]; j++) {
                    buf.clear();
                    buf.putInt(d.cols[j]).putFloat(d.values[j]).putInt(0);
                    md.update(buf.array());
                }
            }
            for (String item : d.items) {
                md.update(item.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Provenance provenance() {
        return provenance;
    }

    int customerCount() {
        return data.userCount();
    }

    int itemCount() {
        return data.itemCount();
    }

    /** Recommendations for a known customer; an unknown one gets the most popular items (basis says so). */
    public Recommendations recommend(String customer, Request request) {
        Integer u = userIndex.get(customer);
        if (u == null) {
            return new Recommendations(
                    customer,
                    new Basis.Popular("customer not in the training data"),
                    popular(request.n(), Set.of(), request));
        }
        float[] x = userVector(u);
        int[] bought = data.itemsOf(u);
        return new Recommendations(
                customer, new Basis.Personal(), scored(x, request, request.excludeBought() ? bought : null, u));
    }

    /** Fewer known items than this make a cold start: popularity within the customer's departments. */
    private static final int FOLD_IN_MIN_ITEMS = 3;

    /**
     * Recommendations for a customer the model has not seen, from the items they bought (or have in their basket).
     * With three or more known items their factors are solved exactly against the item factors
     * (the same least squares a training sweep solves); with fewer, the most popular items of the departments those
     * items belong to, then the most popular overall, scored by the share of customers who bought them; a model that
     * knows no departments (order lines without a category column) folds such a customer in all the same, and its
     * basis says so. The given items themselves are never recommended back, whatever
     * {@link Request#excludeBought()} says: the customer has just chosen them. Unknown items are ignored; with none
     * known, the most popular items.
     */
    public Recommendations recommendForItems(List<String> items, Request request) {
        var known = new ArrayList<Integer>();
        for (String key : items) {
            Integer i = itemIndex.get(key);
            if (i != null && !known.contains(i)) {
                known.add(i);
            }
        }
        if (known.isEmpty()) {
            return new Recommendations(
                    null,
                    new Basis.Popular("none of the given items is known to the model"),
                    popular(request.n(), Set.of(), request));
        }
        Set<Integer> given = new java.util.HashSet<>(known);
        int[] idx = known.stream().mapToInt(Integer::intValue).sorted().toArray();
        var departments = new java.util.LinkedHashSet<String>();
        for (int i : idx) {
            if (data.itemCategories[i] != null) {
                departments.add(data.itemCategories[i]);
            }
        }
        if (idx.length < FOLD_IN_MIN_ITEMS && !departments.isEmpty()) {
            Set<Integer> skip = new java.util.HashSet<>(given);
            var out = new ArrayList<Scored>();
            for (int i : popularity) {
                if (out.size() >= request.n()) {
                    break;
                }
                if (departments.contains(data.itemCategories[i]) && allowed(i, skip, request)) {
                    skip.add(i);
                    out.add(new Scored(
                            data.items[i],
                            name(i),
                            buyerShare(i),
                            List.of("popular in " + data.itemCategories[i] + ": " + boughtBy(i))));
                }
            }
            out.addAll(popular(request.n() - out.size(), skip, request));
            return new Recommendations(null, new Basis.PopularInDepartments(List.copyOf(departments)), out);
        }
        float[] vals = new float[idx.length];
        Arrays.fill(vals, 1f);
        float[] x = foldIn(idx, vals);
        return new Recommendations(
                null, new Basis.FoldIn(idx.length, idx.length < FOLD_IN_MIN_ITEMS), scored(x, request, idx, -1));
    }

    /**
     * The next basket of a known customer: their own staples ranked by (orders with the item ÷ orders)^γ × the
     * item's repeat-purchase share, then ALS recommendations of other items to fill {@code n}. γ was chosen at
     * training by how well it predicted each customer's last order ({@link Provenance#nextBasketExponent()}).
     */
    public Recommendations nextBasket(String customer, int n) {
        Integer u = userIndex.get(customer);
        if (u == null) {
            throw new UnknownKeyException("customer", customer, "next basket needs the customer's purchase history");
        }
        int s = data.rowPtr[u];
        int e = data.rowPtr[u + 1];
        double baskets = Math.max(1, data.userBaskets[u]);
        double meanShare = meanRepeatShare(data);
        double gamma = provenance.nextBasketExponent();
        Integer[] order = new Integer[e - s];
        double[] score = new double[e - s];
        for (int j = s; j < e; j++) {
            double share = data.itemRepeatShare[data.cols[j]];
            score[j - s] = Math.pow(data.values[j] / baskets, gamma) * (Double.isNaN(share) ? meanShare : share);
            order[j - s] = j - s;
        }
        Arrays.sort(
                order,
                (a, b) -> score[a] != score[b]
                        ? Double.compare(score[b], score[a])
                        : Integer.compare(data.cols[s + a], data.cols[s + b]));
        var out = new ArrayList<Scored>();
        for (int j = 0; j < Math.min(n, order.length); j++) {
            int i = data.cols[s + order[j]];
            out.add(new Scored(
                    data.items[i],
                    name(i),
                    score[order[j]],
                    List.of(String.format(
                            java.util.Locale.ROOT, "in %.0f of %.0f orders", data.values[s + order[j]], baskets))));
        }
        int repeats = out.size();
        if (out.size() < n) {
            var fill = scored(
                    userVector(u), new Request(n - out.size(), true, Set.of(), Set.of(), false), data.itemsOf(u), u);
            out.addAll(fill);
        }
        return new Recommendations(customer, new Basis.NextBasket(repeats), out);
    }

    private static double meanRepeatShare(Interactions data) {
        double sum = 0;
        int n = 0;
        for (float v : data.itemRepeatShare) {
            if (!Float.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? 1 : sum / n;
    }

    /** Items most like {@code item}: cosine between item factors. */
    public List<Scored> similarItems(String item, int n) {
        Integer i = itemIndex.get(item);
        if (i == null) {
            throw new UnknownKeyException("item", item, "it is not in the training data");
        }
        return nearest(factors.items(), data.itemCount(), i, n, true);
    }

    /** Customers most like {@code customer}: cosine between customer factors. */
    public List<Scored> similarCustomers(String customer, int n) {
        Integer u = userIndex.get(customer);
        if (u == null) {
            throw new UnknownKeyException("customer", customer, "it is not in the training data");
        }
        return nearest(factors.users(), data.userCount(), u, n, false);
    }

    private List<Scored> nearest(float[] f, int rows, int self, int n, boolean items) {
        int k = factors.k();
        double[] norm = new double[rows];
        for (int r = 0; r < rows; r++) {
            norm[r] = Math.sqrt(ImplicitAls.dot(f, r * k, f, r * k, k));
        }
        double[] score = new double[rows];
        for (int r = 0; r < rows; r++) {
            score[r] = r == self || norm[r] == 0 || norm[self] == 0
                    ? Double.NEGATIVE_INFINITY
                    : ImplicitAls.dot(f, r * k, f, self * k, k) / (norm[r] * norm[self]);
        }
        int[] top = TopK.select(score, n);
        var out = new ArrayList<Scored>();
        for (int r : top) {
            out.add(new Scored(items ? data.items[r] : data.users[r], items ? name(r) : null, score[r], List.of()));
        }
        return out;
    }

    /** YᵀY of the item factors, computed once (fold-in and explanations need it). */
    private synchronized float[] itemGram() {
        if (itemGram == null) {
            try (var pool = new java.util.concurrent.ForkJoinPool(1)) {
                itemGram = ImplicitAls.gram(pool, factors.items(), data.itemCount(), factors.k());
            }
        }
        return itemGram;
    }

    float[] userVector(int u) {
        return Arrays.copyOfRange(factors.users(), u * factors.k(), (u + 1) * factors.k());
    }

    /** Exact least-squares factors of a new row: (YᵀY + Σ α r y yᵀ + λ n I) x = Σ (1 + α r) y. */
    float[] foldIn(int[] items, float[] values) {
        int k = factors.k();
        float[] y = factors.items();
        double alpha = provenance.options().alpha();
        double[] a = new double[k * k];
        float[] gram = itemGram();
        for (int j = 0; j < a.length; j++) {
            a[j] = gram[j];
        }
        double[] b = new double[k];
        for (int j = 0; j < items.length; j++) {
            int yo = items[j] * k;
            double c1 = alpha * values[j];
            for (int p = 0; p < k; p++) {
                b[p] += (1 + c1) * y[yo + p];
                for (int q = 0; q < k; q++) {
                    a[p * k + q] += c1 * y[yo + p] * y[yo + q];
                }
            }
        }
        double reg = provenance.regularization() * items.length;
        for (int p = 0; p < k; p++) {
            a[p * k + p] += reg;
        }
        double[] x = Cholesky.solve(a, b, k);
        float[] out = new float[k];
        for (int p = 0; p < k; p++) {
            out[p] = (float) x[p];
        }
        return out;
    }

    private List<Scored> scored(float[] x, Request request, int[] excluded, int user) {
        double[] score = new double[data.itemCount()];
        int k = factors.k();
        float[] y = factors.items();
        for (int i = 0; i < score.length; i++) {
            score[i] = ImplicitAls.dot(x, 0, y, i * k, k);
        }
        mask(score, request, excluded);
        int[] top = TopK.select(score, request.n());
        var out = new ArrayList<Scored>();
        for (int i : top) {
            out.add(new Scored(
                    data.items[i], name(i), score[i], request.explain() && user >= 0 ? explain(user, i) : List.of()));
        }
        return out;
    }

    private void mask(double[] score, Request request, int[] excluded) {
        if (excluded != null) {
            for (int i : excluded) {
                score[i] = Double.NEGATIVE_INFINITY;
            }
        }
        for (String key : request.exclude()) {
            Integer i = itemIndex.get(key);
            if (i != null) {
                score[i] = Double.NEGATIVE_INFINITY;
            }
        }
        if (!request.candidates().isEmpty()) {
            boolean[] allowed = new boolean[score.length];
            for (String key : request.candidates()) {
                Integer i = itemIndex.get(key);
                if (i != null) {
                    allowed[i] = true;
                }
            }
            for (int i = 0; i < score.length; i++) {
                if (!allowed[i]) {
                    score[i] = Double.NEGATIVE_INFINITY;
                }
            }
        }
    }

    /** Top {@code n} item columns by score for a user vector, skipping {@code excluded}. */
    int[] topItems(float[] x, int n, int[] excluded, Request request) {
        double[] score = new double[data.itemCount()];
        int k = factors.k();
        for (int i = 0; i < score.length; i++) {
            score[i] = ImplicitAls.dot(x, 0, factors.items(), i * k, k);
        }
        mask(score, request == null ? Request.top(n) : request, excluded);
        return TopK.select(score, n);
    }

    /**
     * The customer's purchases that contributed most to an item's score: with W = A_u⁻¹ (the customer's system
     * matrix), score = Σ_j (1 + α r_j)·y_jᵀ W y_i, so each bought item j contributes its term (as {@code implicit}'s
     * explain).
     */
    private List<String> explain(int u, int item) {
        int k = factors.k();
        int s = data.rowPtr[u];
        int e = data.rowPtr[u + 1];
        float[] y = factors.items();
        double alpha = provenance.options().alpha();
        double[] a = new double[k * k];
        float[] gram = itemGram();
        for (int j = 0; j < a.length; j++) {
            a[j] = gram[j];
        }
        for (int j = s; j < e; j++) {
            int yo = data.cols[j] * k;
            double c1 = alpha * data.values[j];
            for (int p = 0; p < k; p++) {
                for (int q = 0; q < k; q++) {
                    a[p * k + q] += c1 * y[yo + p] * y[yo + q];
                }
            }
        }
        for (int p = 0; p < k; p++) {
            a[p * k + p] += provenance.regularization() * (e - s);
        }
        double[] yi = new double[k];
        for (int p = 0; p < k; p++) {
            yi[p] = y[item * k + p];
        }
        double[] w = Cholesky.solve(a, yi, k);
        double[] contribution = new double[e - s];
        for (int j = s; j < e; j++) {
            int yo = data.cols[j] * k;
            double d = 0;
            for (int p = 0; p < k; p++) {
                d += y[yo + p] * w[p];
            }
            contribution[j - s] = (1 + alpha * data.values[j]) * d;
        }
        int[] top = TopK.select(contribution, 3);
        var out = new ArrayList<String>();
        for (int j : top) {
            if (contribution[j] > 0) {
                out.add(name(data.cols[s + j]));
            }
        }
        return out;
    }

    private List<Scored> popular(int n, Set<Integer> skip, Request request) {
        var out = new ArrayList<Scored>();
        for (int i : popularity) {
            if (out.size() >= n) {
                break;
            }
            if (allowed(i, skip, request)) {
                out.add(new Scored(data.items[i], name(i), buyerShare(i), List.of(boughtBy(i))));
            }
        }
        return out;
    }

    /** The share of the training customers who bought item {@code i}: the score of a popularity recommendation. */
    private double buyerShare(int i) {
        return (double) buyers[i] / Math.max(1, data.users.length);
    }

    private String boughtBy(int i) {
        return String.format(java.util.Locale.ROOT, "bought by %d of %d customers", buyers[i], data.users.length);
    }

    /** Whether item {@code i} may be recommended: not skipped, not excluded, among the candidates if any. */
    private boolean allowed(int i, Set<Integer> skip, Request request) {
        String key = data.items[i];
        return !skip.contains(i)
                && !request.exclude().contains(key)
                && (request.candidates().isEmpty() || request.candidates().contains(key));
    }

    private String name(int i) {
        String n = data.itemNames[i];
        return n == null ? data.items[i] : n;
    }
}
