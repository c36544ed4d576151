package io.assay.bench.commerce;

import io.assay.commerce.Interactions;
import io.assay.commerce.OrderData;
import io.assay.commerce.OrderSource;
import io.assay.commerce.RankingMetrics;
import io.assay.commerce.Recommender;
import io.assay.core.Progress;
import io.assay.core.sql.DuckEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Assay's implicit ALS on the saved reference splits: seconds per iteration ((fit(15) − fit(1)) / 14, best of three
 * after a warm-up fit, the protocol of the Spark peer) and top-10 quality with training items excluded. Prints one
 * JSON line per run.
 *
 * <pre>
 * java -cp ... io.assay.bench.commerce.AlsBench split NAME TRAIN.csv TEST.csv FACTORS ALPHA LAMBDA
 * java -cp ... io.assay.bench.commerce.AlsBench synth INSTACART_SYNTH_DIR FACTORS ALPHA LAMBDA
 * </pre>
 */
public final class AlsBench {

    private AlsBench() {}

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "split" -> split(args);
            case "synth" -> synth(args);
            default -> throw new IllegalArgumentException("mode: split or synth");
        }
    }

    private static void split(String[] a) throws Exception {
        String name = a[1];
        Interactions train = read(Path.of(a[2]));
        Map<String, Set<String>> test = tests(Path.of(a[3]));
        int factors = Integer.parseInt(a[4]);
        double alpha = Double.parseDouble(a[5]);
        var options = Recommender.Options.defaults().withFactors(factors).withAlpha(alpha);
        if (!a[6].equals("validate")) {
            options = options.withRegularization(Double.parseDouble(a[6]));
            double perIteration = secondsPerIteration(train, options);
            Recommender model = Recommender.train(train, options, Progress.NONE);
            print(name, "fixed", model, perIteration, evaluate(model, train, test));
        } else {
            long t0 = System.nanoTime();
            Recommender model = Recommender.train(train, options, Progress.NONE);
            double secs = (System.nanoTime() - t0) / 1e9;
            System.err.printf(
                    Locale.ROOT,
                    "%s: validation + refit %.1f s, %s%n",
                    name,
                    secs,
                    model.provenance().validation());
            print(name, "validated", model, Double.NaN, evaluate(model, train, test));
        }
    }

    /** Next basket and planted partners on the synthetic Instacart data (prior lines train, train orders test). */
    private static void synth(String[] a) throws Exception {
        Path dir = Path.of(a[1]);
        int factors = Integer.parseInt(a[2]);
        double alpha = Double.parseDouble(a[3]);
        double lambda = Double.parseDouble(a[4]);
        Interactions counts;
        Map<String, Set<String>> next = new HashMap<>();
        try (DuckEngine engine = DuckEngine.open(DuckEngine.Options.defaults(null))) {
            try (OrderData prior = OrderData.load(
                    engine, OrderSource.Instacart.inFolder(dir, OrderSource.InstacartLines.PRIOR), Progress.NONE)) {
                counts = Interactions.fromOrders(prior);
            }
            try (var db = new io.assay.core.sql.SqlSession(engine)) {
                db.queryOrFail(
                        "SELECT CAST(o.user_id AS VARCHAR), CAST(l.product_id AS VARCHAR) FROM read_csv('"
                                + dir.resolve("order_products__train.csv.gz") + "') l JOIN read_csv('"
                                + dir.resolve("orders.csv.gz") + "') o USING (order_id)",
                        rs -> {
                            while (rs.next()) {
                                next.computeIfAbsent(rs.getString(1), u -> new HashSet<>())
                                        .add(rs.getString(2));
                            }
                            return null;
                        });
            }
        }
        var options = Recommender.Options.defaults()
                .withFactors(factors)
                .withAlpha(alpha)
                .withRegularization(lambda);
        double perIteration = secondsPerIteration(counts, options);
        Recommender model = Recommender.train(counts, options, Progress.NONE);
        double p = 0;
        for (var e : next.entrySet()) {
            var basket = model.nextBasket(e.getKey(), 10);
            p += basket.items().stream()
                            .filter(s -> e.getValue().contains(s.item()))
                            .count()
                    / 10.0;
        }
        int found = 0;
        var planted = Files.readAllLines(dir.resolve("ext/planted_pairs.csv"));
        for (String line : planted.subList(1, planted.size())) {
            String[] c = line.split(",");
            var similar = model.similarItems(c[0], 10);
            if (similar.stream().anyMatch(s -> s.item().equals(c[2]))) {
                found++;
            }
        }
        System.out.printf(
                Locale.ROOT,
                "{\"dataset\": \"instacart-synth\", \"users\": %d, \"items\": %d, \"nnz\": %d, \"factors\": %d, "
                        + "\"alpha\": %s, \"lambda\": %s, \"seconds_per_iteration\": %.4f, \"next_basket_users\": %d, "
                        + "\"next_basket_precision_at_10\": %.4f, \"planted_partner_in_top10\": %d, \"planted_pairs\": %d}%n",
                counts.userCount(),
                counts.itemCount(),
                counts.nonZeros(),
                factors,
                alpha,
                lambda,
                perIteration,
                next.size(),
                p / next.size(),
                found,
                planted.size() - 1);
    }

    private static double secondsPerIteration(Interactions data, Recommender.Options options) {
        Recommender.train(data, options, Progress.NONE); // warm-up
        double best = Double.MAX_VALUE;
        for (int rep = 0; rep < 3; rep++) {
            long t0 = System.nanoTime();
            Recommender.train(data, options.withIterations(1), Progress.NONE);
            double one = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            Recommender.train(data, options, Progress.NONE);
            double full = (System.nanoTime() - t0) / 1e9;
            best = Math.min(best, (full - one) / (options.iterations() - 1));
        }
        return best;
    }

    private static RankingMetrics evaluate(Recommender model, Interactions train, Map<String, Set<String>> test) {
        Map<String, Integer> itemIndex = new HashMap<>();
        for (int i = 0; i < train.itemCount(); i++) {
            itemIndex.put(train.item(i), i);
        }
        Map<Integer, int[]> recs = new HashMap<>();
        Map<Integer, Set<Integer>> tests = new HashMap<>();
        for (int u = 0; u < train.userCount(); u++) {
            Set<String> t = test.get(train.user(u));
            if (t == null) {
                continue;
            }
            var r = model.recommend(train.user(u), Recommender.Request.top(10).excludingBought());
            recs.put(
                    u, r.items().stream().mapToInt(s -> itemIndex.get(s.item())).toArray());
            var ids = new HashSet<Integer>();
            int unseen = -1;
            for (String item : t) {
                ids.add(itemIndex.getOrDefault(item, unseen--));
            }
            tests.put(u, ids);
        }
        return RankingMetrics.atK(recs, tests, 10);
    }

    private static void print(String name, String how, Recommender model, double perIteration, RankingMetrics m) {
        var p = model.provenance();
        System.out.printf(
                Locale.ROOT,
                "{\"dataset\": \"%s\", \"lambda\": \"%s %s\", \"factors\": %d, \"alpha\": %s, \"seconds_per_iteration\": %.4f, "
                        + "\"users\": %d, \"precision_at_10\": %.4f, \"recall_at_10\": %.4f, \"ndcg_at_10\": %.4f, "
                        + "\"map_at_10\": %.4f, \"hit_rate_at_10\": %.4f}%n",
                name,
                how,
                p.regularization(),
                p.options().factors(),
                p.options().alpha(),
                perIteration,
                m.users(),
                m.precision(),
                m.recall(),
                m.ndcg(),
                m.map(),
                m.hitRate());
    }

    private static Interactions read(Path file) throws Exception {
        List<String> lines = Files.readAllLines(file);
        var users = new ArrayList<String>();
        var items = new ArrayList<String>();
        for (String l : lines.subList(1, lines.size())) {
            String[] c = l.split(",");
            users.add(c[0]);
            items.add(c[1]);
        }
        float[] ones = new float[users.size()];
        Arrays.fill(ones, 1f);
        return Interactions.of(users, items, ones);
    }

    private static Map<String, Set<String>> tests(Path file) throws Exception {
        List<String> lines = Files.readAllLines(file);
        Map<String, Set<String>> m = new HashMap<>();
        for (String l : lines.subList(1, lines.size())) {
            String[] c = l.split(",");
            m.computeIfAbsent(c[0], u -> new HashSet<>()).add(c[1]);
        }
        return m;
    }
}
