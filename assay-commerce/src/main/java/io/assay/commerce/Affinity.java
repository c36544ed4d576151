package io.assay.commerce;

import io.assay.core.Progress;
import io.assay.core.error.InvalidOptionException;
import io.assay.core.sql.SqlSession;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import smile.association.FPGrowth;
import smile.association.FPTree;
import smile.association.ItemSet;

/**
 * Which products are bought together: the most frequent pairs, directed rules ranked by lift, and (with FP-growth)
 * frequent itemsets of three or more products. Counting is exact and done in DuckDB; for the top pairs only products
 * frequent enough to reach the top are joined (Apriori pruning), so full-size Instacart data fits in memory.
 *
 * <p>Definitions (N = transactions, n_x = transactions containing x): support = n_ab / N, confidence(a→b) = n_ab /
 * n_a, lift = N·n_ab / (n_a·n_b). A transaction is an order, or with {@link CountBy#CUSTOMERS} the set of products a
 * customer ever bought. Either way a rule also needs its two products bought together by
 * {@link Options#minCustomers()} different customers (3 by default), so one heavy buyer's habit, repeated in many of
 * their baskets, is not shown as a store-wide rule; data that names no customers cannot be checked this way and says
 * so ({@link Result#customerFloor()} is then 1).
 *
 * <pre>{@code
 * Affinity.Result r = Affinity.analyse(data, Affinity.Options.defaults().withMinPairCount(100), Progress.NONE);
 * r.rules().forEach(rule -> System.out.println(rule.antecedentName() + " -> " + rule.consequentName()));
 * }</pre>
 */
public final class Affinity {

    /** What one transaction is. */
    public enum CountBy {
        BASKETS,
        CUSTOMERS
    }

    /**
     * @param countBy baskets (orders) or customers
     * @param top how many pairs, rules and itemsets to return
     * @param minPairCount a rule needs at least this many transactions with both products
     * @param minCustomers a rule needs its two products bought together by at least this many different customers
     *     (1: no such floor, rules exactly as the basket-count definition gives them)
     * @param minSupport a rule's minimum support (0..1)
     * @param minConfidence a rule's minimum confidence (0..1)
     * @param minLift a rule's minimum lift
     * @param itemsetMinSupport minimum support of a frequent itemset (0 = no itemsets)
     * @param itemsetMinSize smallest itemset reported (pairs are reported separately, so 3 by default)
     */
    public record Options(
            CountBy countBy,
            int top,
            long minPairCount,
            int minCustomers,
            double minSupport,
            double minConfidence,
            double minLift,
            double itemsetMinSupport,
            int itemsetMinSize) {
        public Options {
            if (countBy == null) {
                countBy = CountBy.BASKETS;
            }
            if (top < 1 || top > 100_000) {
                throw new InvalidOptionException("top", top, "must be between 1 and 100000");
            }
            if (minPairCount < 1) {
                throw new InvalidOptionException("minimum pair count", minPairCount, "must be at least 1");
            }
            if (minCustomers < 1) {
                throw new InvalidOptionException("minimum customers", minCustomers, "must be at least 1 (1: no floor)");
            }
            if (!(minSupport >= 0 && minSupport <= 1)) {
                throw new InvalidOptionException("minimum support", minSupport, "must be between 0 and 1");
            }
            if (!(minConfidence >= 0 && minConfidence <= 1)) {
                throw new InvalidOptionException("minimum confidence", minConfidence, "must be between 0 and 1");
            }
            if (!(minLift >= 0) || Double.isInfinite(minLift)) {
                throw new InvalidOptionException("minimum lift", minLift, "must be 0 or more");
            }
            if (!(itemsetMinSupport >= 0 && itemsetMinSupport <= 1)) {
                throw new InvalidOptionException(
                        "itemset minimum support", itemsetMinSupport, "must be between 0 and 1 (0: no itemsets)");
            }
            if (itemsetMinSupport > 0 && itemsetMinSupport < 0.0001) {
                throw new InvalidOptionException(
                        "itemset minimum support", itemsetMinSupport, "below 0.0001 FP-growth can explode; raise it");
            }
            if (itemsetMinSize < 2) {
                throw new InvalidOptionException("itemset minimum size", itemsetMinSize, "must be at least 2");
            }
        }

        /** 20 pairs and rules by basket, rules need 10 co-occurrences by 3 different customers, no itemsets. */
        public static Options defaults() {
            return new Options(CountBy.BASKETS, 20, 10, 3, 0, 0, 0, 0, 3);
        }

        public Options withCountBy(CountBy c) {
            return new Options(
                    c,
                    top,
                    minPairCount,
                    minCustomers,
                    minSupport,
                    minConfidence,
                    minLift,
                    itemsetMinSupport,
                    itemsetMinSize);
        }

        public Options withTop(int n) {
            return new Options(
                    countBy,
                    n,
                    minPairCount,
                    minCustomers,
                    minSupport,
                    minConfidence,
                    minLift,
                    itemsetMinSupport,
                    itemsetMinSize);
        }

        public Options withMinPairCount(long n) {
            return new Options(
                    countBy,
                    top,
                    n,
                    minCustomers,
                    minSupport,
                    minConfidence,
                    minLift,
                    itemsetMinSupport,
                    itemsetMinSize);
        }

        public Options withMinCustomers(int n) {
            return new Options(
                    countBy,
                    top,
                    minPairCount,
                    n,
                    minSupport,
                    minConfidence,
                    minLift,
                    itemsetMinSupport,
                    itemsetMinSize);
        }

        public Options withRuleThresholds(double support, double confidence, double lift) {
            return new Options(
                    countBy,
                    top,
                    minPairCount,
                    minCustomers,
                    support,
                    confidence,
                    lift,
                    itemsetMinSupport,
                    itemsetMinSize);
        }

        public Options withItemsets(double minSupport, int minSize) {
            return new Options(
                    countBy,
                    top,
                    minPairCount,
                    minCustomers,
                    this.minSupport,
                    minConfidence,
                    minLift,
                    minSupport,
                    minSize);
        }
    }

    /**
     * Two products bought together; {@code itemA} sorts before {@code itemB}; {@code customers} is how many different
     * customers bought the two together (0 when the data names no customers).
     */
    public record Pair(
            int rank,
            String itemA,
            String itemB,
            String nameA,
            String nameB,
            long count,
            long customers,
            long countA,
            long countB,
            long transactions,
            double support,
            double confidenceAToB,
            double confidenceBToA,
            double lift) {}

    /**
     * A directed rule "who buys the antecedent also buys the consequent"; {@code customers} is how many different
     * customers bought the two together (0 when the data names no customers).
     */
    public record Rule(
            int rank,
            String antecedent,
            String consequent,
            String antecedentName,
            String consequentName,
            long count,
            long customers,
            long antecedentCount,
            long consequentCount,
            long transactions,
            double support,
            double confidence,
            double lift) {}

    /** A frequent itemset found by FP-growth. */
    public record Itemset(int rank, List<String> items, List<String> names, long count, double support) {
        public Itemset {
            items = List.copyOf(items);
            names = List.copyOf(names);
        }
    }

    /**
     * @param transactions N: orders, or customers
     * @param distinctItems products on the counted lines
     * @param pairs the most frequent pairs (by count, then item ids)
     * @param rules rules meeting every threshold, by lift, then confidence, then item ids
     * @param itemsets frequent itemsets of at least {@code itemsetMinSize} products, by count
     * @param customerFloor the floor on different customers the rules met ({@code options.minCustomers()}, or 1 when
     *     the data names no customers and the floor could not be applied)
     */
    public record Result(
            Options options,
            long transactions,
            long distinctItems,
            List<Pair> pairs,
            List<Rule> rules,
            List<Itemset> itemsets,
            int customerFloor) {
        public Result {
            pairs = List.copyOf(pairs);
            rules = List.copyOf(rules);
            itemsets = List.copyOf(itemsets);
        }
    }

    private Affinity() {}

    /** Pairs, rules and (when asked) itemsets over the order data. */
    public static Result analyse(OrderData data, Options options, Progress progress) {
        requireCustomersWhenCounted(data, options.countBy());
        String tx = data.scratch("tx");
        String counts = data.scratch("item_counts");
        try (SqlSession db = data.session()) {
            progress.update("collecting transactions", 0.0);
            long n = transactions(db, data, options.countBy(), tx, counts);
            long distinctItems = scalar(db, "SELECT count(*) FROM " + counts);
            progress.update("counting pairs", 0.2);
            List<Pair> pairs = topPairs(db, data, tx, counts, n, options.top());
            progress.update("finding rules", 0.5);
            List<Rule> rules = rules(db, data, tx, counts, n, options);
            progress.update("mining itemsets", 0.7);
            List<Itemset> itemsets =
                    options.itemsetMinSupport() > 0 ? itemsets(db, data, tx, counts, n, options) : List.of();
            progress.update("affinity done", 1.0);
            return new Result(options, n, distinctItems, pairs, rules, itemsets, customerFloor(data, options));
        } finally {
            dropScratch(data, tx, counts);
        }
    }

    /**
     * What is bought with one product: every other product seen with it in at least {@code options.minPairCount()}
     * transactions (baskets, or customers) by at least {@code options.minCustomers()} different customers, as rules "who buys {@code item} also buys ...", by confidence (the share
     * of {@code item}'s transactions that hold the other product), then lift; at most {@code options.top()}.
     *
     * @throws UnknownKeyException when the order data has no line of {@code item}
     */
    public static List<Rule> boughtWith(OrderData data, String item, Options options) {
        requireCustomersWhenCounted(data, options.countBy());
        String tx = data.scratch("tx");
        String counts = data.scratch("item_counts");
        try (SqlSession db = data.session()) {
            long n = transactions(db, data, options.countBy(), tx, counts);
            List<Long> ids = db.queryOrFail(
                    "SELECT c.i FROM " + data.items() + " it JOIN " + counts + " c USING (i) WHERE it.item_key = "
                            + io.assay.core.sql.Sql.str(item),
                    rs -> {
                        var out = new ArrayList<Long>();
                        while (rs.next()) {
                            out.add(rs.getLong(1));
                        }
                        return out;
                    });
            if (ids.isEmpty()) {
                throw new UnknownKeyException("item", item, "no order line holds it");
            }
            long id = ids.getFirst();
            int customers = customerFloor(data, options);
            String sql = "SELECT " + id + ", y.i, count(*) AS nab, count(DISTINCT x.c) AS nc, ca.n, cb.n, count(*) / "
                    + n + ".0, count(*) / ca.n::DOUBLE AS confidence, " + n + ".0 * count(*) / (ca.n::DOUBLE * cb.n) "
                    + "AS lift FROM " + tx + " x JOIN " + tx + " y ON x.t = y.t AND y.i <> x.i JOIN " + counts
                    + " ca ON ca.i = x.i JOIN " + counts + " cb ON cb.i = y.i WHERE x.i = " + id
                    + " GROUP BY y.i, ca.n, cb.n HAVING count(*) >= " + Math.max(1, options.minPairCount())
                    + (customers > 1 ? " AND count(DISTINCT x.c) >= " + customers : "")
                    + " ORDER BY confidence DESC, lift DESC, y.i LIMIT " + options.top();
            return describeRules(db, data, n, rawRules(db, sql));
        } finally {
            dropScratch(data, tx, counts);
        }
    }

    /** The floor on different customers that can be applied: 1 when the data names no customers. */
    private static int customerFloor(OrderData data, Options options) {
        return data.hasCustomers() ? options.minCustomers() : 1;
    }

    private static void requireCustomersWhenCounted(OrderData data, CountBy countBy) {
        if (countBy == CountBy.CUSTOMERS && !data.hasCustomers()) {
            throw new InvalidOptionException(
                    "count by", "customers", "the order data names no customers; count by baskets");
        }
    }

    private static void dropScratch(OrderData data, String... tables) {
        try (SqlSession db = data.session()) {
            for (String t : tables) {
                db.executeOrFail("DROP TABLE IF EXISTS " + t);
            }
        }
    }

    /**
     * The transactions (distinct transaction, item, with the transaction's customer) and per-item counts as scratch
     * tables; returns N.
     */
    private static long transactions(SqlSession db, OrderData data, CountBy countBy, String tx, String counts) {
        String t = countBy == CountBy.BASKETS ? "l.o" : "od.c";
        String from = countBy == CountBy.BASKETS
                ? data.lines() + " l LEFT JOIN " + data.orders() + " od ON od.o = l.o"
                : data.lines() + " l JOIN " + data.orders() + " od ON od.o = l.o AND od.c IS NOT NULL";
        db.executeOrFail(
                "CREATE OR REPLACE TABLE " + tx + " AS SELECT DISTINCT " + t + " AS t, l.i, od.c AS c FROM " + from);
        db.executeOrFail(
                "CREATE OR REPLACE TABLE " + counts + " AS SELECT i, count(*) AS n FROM " + tx + " GROUP BY i");
        return scalar(db, "SELECT count(DISTINCT t) FROM " + tx);
    }

    /** Exact top pairs by count: pairs are counted among the most frequent items until the top cannot change. */
    private static List<Pair> topPairs(SqlSession db, OrderData data, String tx, String counts, long n, int top) {
        long candidates = Math.max(200, top * 4L);
        long floor = 0;
        while (true) {
            String itemFilter = floor > 0
                    ? "SELECT i FROM " + counts + " WHERE n >= " + floor
                    : "SELECT i FROM " + counts + " ORDER BY n DESC, i LIMIT " + candidates;
            String pairSql = pairCounts(tx, itemFilter, floor);
            List<long[]> raw = db.queryOrFail(
                    "SELECT a, b, nab FROM (" + pairSql + ") ORDER BY nab DESC, a, b LIMIT " + top, rs -> {
                        var out = new ArrayList<long[]>();
                        while (rs.next()) {
                            out.add(new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)});
                        }
                        return out;
                    });
            long threshold = raw.size() < top ? 1 : raw.getLast()[2];
            long needed = scalar(db, "SELECT count(*) FROM " + counts + " WHERE n >= " + threshold);
            boolean exact = floor > 0 || needed <= candidates;
            if (exact) {
                return describePairs(db, data, tx, counts, n, raw);
            }
            floor = threshold;
        }
    }

    /** Pairs (a < b) of items from {@code itemFilter}, with their co-occurrence count, at least {@code floor}. */
    private static String pairCounts(String tx, String itemFilter, long floor) {
        String f = "(SELECT t, i FROM " + tx + " WHERE i IN (" + itemFilter + "))";
        return "SELECT x.i AS a, y.i AS b, count(*) AS nab FROM " + f + " x JOIN " + f
                + " y ON x.t = y.t AND x.i < y.i GROUP BY x.i, y.i" + (floor > 1 ? " HAVING count(*) >= " + floor : "");
    }

    /**
     * Pairs (a < b) of items from {@code itemFilter} bought together in at least {@code floor} transactions by at
     * least {@code customers} different customers, with both counts (nab, nc).
     */
    private static String pairCountsWithCustomers(String tx, String itemFilter, long floor, int customers) {
        String f = "(SELECT t, i, c FROM " + tx + " WHERE i IN (" + itemFilter + "))";
        return "SELECT x.i AS a, y.i AS b, count(*) AS nab, count(DISTINCT x.c) AS nc FROM " + f + " x JOIN " + f
                + " y ON x.t = y.t AND x.i < y.i GROUP BY x.i, y.i HAVING count(*) >= " + floor
                + (customers > 1 ? " AND count(DISTINCT x.c) >= " + customers : "");
    }

    private static List<Pair> describePairs(
            SqlSession db, OrderData data, String tx, String counts, long n, List<long[]> raw) {
        Map<List<Long>, Long> customers = new HashMap<>();
        if (!raw.isEmpty()) {
            String pairs = raw.stream()
                    .map(r -> "(" + r[0] + ", " + r[1] + ")")
                    .collect(java.util.stream.Collectors.joining(", "));
            db.queryOrFail(
                    "WITH p(a, b) AS (VALUES " + pairs + ") SELECT p.a, p.b, count(DISTINCT x.c) FROM p JOIN " + tx
                            + " x ON x.i = p.a JOIN " + tx + " y ON y.t = x.t AND y.i = p.b GROUP BY p.a, p.b",
                    rs -> {
                        while (rs.next()) {
                            customers.put(List.of(rs.getLong(1), rs.getLong(2)), rs.getLong(3));
                        }
                        return null;
                    });
        }
        Map<Long, String[]> names = names(
                db,
                data,
                raw.stream()
                        .flatMap(r -> java.util.stream.Stream.of(r[0], r[1]))
                        .toList());
        Map<Long, Long> itemCounts = itemCounts(
                db,
                counts,
                raw.stream()
                        .flatMap(r -> java.util.stream.Stream.of(r[0], r[1]))
                        .toList());
        var out = new ArrayList<Pair>();
        int rank = 1;
        for (long[] r : raw) {
            long na = itemCounts.get(r[0]);
            long nb = itemCounts.get(r[1]);
            out.add(new Pair(
                    rank++,
                    names.get(r[0])[0],
                    names.get(r[1])[0],
                    names.get(r[0])[1],
                    names.get(r[1])[1],
                    r[2],
                    customers.getOrDefault(List.of(r[0], r[1]), 0L),
                    na,
                    nb,
                    n,
                    (double) r[2] / n,
                    (double) r[2] / na,
                    (double) r[2] / nb,
                    (double) n * r[2] / ((double) na * nb)));
        }
        return out;
    }

    private static List<Rule> rules(SqlSession db, OrderData data, String tx, String counts, long n, Options o) {
        long floor = Math.max(o.minPairCount(), (long) Math.ceil(o.minSupport() * n));
        String pairs = pairCountsWithCustomers(
                tx, "SELECT i FROM " + counts + " WHERE n >= " + floor, Math.max(floor, 2), customerFloor(data, o));
        String directed = "SELECT p.a AS ante, p.b AS cons, p.nab, p.nc, ca.n AS na, cb.n AS nb FROM (" + pairs
                + ") p JOIN " + counts + " ca ON ca.i = p.a JOIN " + counts + " cb ON cb.i = p.b UNION ALL SELECT p.b, "
                + "p.a, p.nab, p.nc, cb.n, ca.n FROM (" + pairs + ") p JOIN " + counts + " ca ON ca.i = p.a JOIN "
                + counts + " cb ON cb.i = p.b";
        String scored =
                "SELECT ante, cons, nab, nc, na, nb, nab / " + n + ".0 AS support, nab / na::DOUBLE AS confidence, " + n
                        + ".0 * nab / (na::DOUBLE * nb) AS lift FROM (" + directed + ") WHERE nab >= " + floor;
        String sql = "SELECT * FROM (" + scored + ") WHERE confidence >= " + o.minConfidence() + " AND lift >= "
                + o.minLift() + " ORDER BY lift DESC, confidence DESC, ante, cons LIMIT " + o.top();
        return describeRules(db, data, n, rawRules(db, sql));
    }

    /** Rows of (antecedent, consequent, n_ab, customers with both, n_a, n_b, support, confidence, lift). */
    private static List<Object[]> rawRules(SqlSession db, String sql) {
        return db.queryOrFail(sql, rs -> {
            var out = new ArrayList<Object[]>();
            while (rs.next()) {
                out.add(new Object[] {
                    rs.getLong(1),
                    rs.getLong(2),
                    rs.getLong(3),
                    rs.getLong(4),
                    rs.getLong(5),
                    rs.getLong(6),
                    rs.getDouble(7),
                    rs.getDouble(8),
                    rs.getDouble(9)
                });
            }
            return out;
        });
    }

    private static List<Rule> describeRules(SqlSession db, OrderData data, long n, List<Object[]> raw) {
        Map<Long, String[]> names = names(
                db,
                data,
                raw.stream()
                        .flatMap(r -> java.util.stream.Stream.of((Long) r[0], (Long) r[1]))
                        .toList());
        var out = new ArrayList<Rule>();
        int rank = 1;
        for (Object[] r : raw) {
            String[] a = names.get((Long) r[0]);
            String[] b = names.get((Long) r[1]);
            out.add(new Rule(
                    rank++,
                    a[0],
                    b[0],
                    a[1],
                    b[1],
                    (Long) r[2],
                    (Long) r[3],
                    (Long) r[4],
                    (Long) r[5],
                    n,
                    (Double) r[6],
                    (Double) r[7],
                    (Double) r[8]));
        }
        return out;
    }

    /** FP-growth (Han et al. 2000, Smile's implementation) over transactions reduced to their frequent items. */
    private static List<Itemset> itemsets(SqlSession db, OrderData data, String tx, String counts, long n, Options o) {
        int minCount = (int) Math.max(1, Math.ceil(o.itemsetMinSupport() * n));
        List<Long> frequent =
                db.queryOrFail("SELECT i FROM " + counts + " WHERE n >= " + minCount + " ORDER BY n DESC, i", rs -> {
                    var out = new ArrayList<Long>();
                    while (rs.next()) {
                        out.add(rs.getLong(1));
                    }
                    return out;
                });
        if (frequent.size() < o.itemsetMinSize()) {
            return List.of();
        }
        Map<Long, Integer> dense = new HashMap<>();
        for (int k = 0; k < frequent.size(); k++) {
            dense.put(frequent.get(k), k);
        }
        int[][] transactions = db.queryOrFail(
                "SELECT list(i ORDER BY i) FROM " + tx + " WHERE i IN (SELECT i FROM " + counts + " WHERE n >= "
                        + minCount + ") GROUP BY t HAVING count(*) >= 2",
                rs -> {
                    var out = new ArrayList<int[]>();
                    while (rs.next()) {
                        Object[] items = (Object[]) rs.getArray(1).getArray();
                        int[] t = new int[items.length];
                        for (int k = 0; k < items.length; k++) {
                            t[k] = dense.get(((Number) items[k]).longValue());
                        }
                        out.add(t);
                    }
                    return out.toArray(new int[0][]);
                });
        FPTree tree = FPTree.of(minCount, transactions);
        List<ItemSet> found = FPGrowth.apply(tree)
                .filter(s -> s.items().length >= o.itemsetMinSize())
                .sorted(Comparator.comparingInt(ItemSet::support)
                        .reversed()
                        .thenComparing(s -> Arrays.toString(sortedCopy(s.items()))))
                .limit(o.top())
                .toList();
        var ids = new ArrayList<Long>();
        found.forEach(s -> Arrays.stream(s.items()).forEach(k -> ids.add(frequent.get(k))));
        Map<Long, String[]> names = names(db, data, ids);
        var out = new ArrayList<Itemset>();
        int rank = 1;
        for (ItemSet s : found) {
            int[] items = sortedCopy(s.items());
            var keys = new ArrayList<String>();
            var labels = new ArrayList<String>();
            for (int k : items) {
                String[] nm = names.get(frequent.get(k));
                keys.add(nm[0]);
                labels.add(nm[1]);
            }
            out.add(new Itemset(rank++, keys, labels, s.support(), (double) s.support() / n));
        }
        return out;
    }

    private static int[] sortedCopy(int[] a) {
        int[] c = a.clone();
        Arrays.sort(c);
        return c;
    }

    /** Item key and display name (the name, else the key) of internal item ids. */
    static Map<Long, String[]> names(SqlSession db, OrderData data, List<Long> ids) {
        var out = new HashMap<Long, String[]>();
        if (ids.isEmpty()) {
            return out;
        }
        String list = ids.stream().distinct().map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
        db.queryOrFail(
                "SELECT i, item_key, coalesce(name, item_key) FROM " + data.items() + " WHERE list_contains([" + list
                        + "], i)",
                rs -> {
                    while (rs.next()) {
                        out.put(rs.getLong(1), new String[] {rs.getString(2), rs.getString(3)});
                    }
                    return null;
                });
        return out;
    }

    private static Map<Long, Long> itemCounts(SqlSession db, String counts, List<Long> ids) {
        var out = new HashMap<Long, Long>();
        if (ids.isEmpty()) {
            return out;
        }
        String list = ids.stream().distinct().map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
        db.queryOrFail("SELECT i, n FROM " + counts + " WHERE list_contains([" + list + "], i)", rs -> {
            while (rs.next()) {
                out.put(rs.getLong(1), rs.getLong(2));
            }
            return null;
        });
        return out;
    }

    static long scalar(SqlSession db, String sql) {
        return db.queryOrFail(sql, rs -> {
            rs.next();
            return rs.getLong(1);
        });
    }
}
