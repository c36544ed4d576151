package io.assay.commerce;

import java.util.Map;
import java.util.Set;

/**
 * Top-k ranking quality as {@code shared/data/movielens/reference/als_reference.py} defines it (averaged over users
 * with at least one test item): precision = hits/k, recall = hits/|test|, NDCG with binary gains over an ideal of
 * min(k, |test|) hits, MAP normalised by min(k, |test|) (as the {@code implicit} library), hit rate = any hit.
 */
public record RankingMetrics(int users, double precision, double recall, double ndcg, double map, double hitRate) {

    /**
     * @param recommendations per user, the ranked item ids (at least the first k are used)
     * @param tests per user, the held-out items
     */
    public static RankingMetrics atK(Map<Integer, int[]> recommendations, Map<Integer, Set<Integer>> tests, int k) {
        double p = 0;
        double r = 0;
        double n = 0;
        double m = 0;
        double h = 0;
        int users = 0;
        for (var e : tests.entrySet()) {
            Set<Integer> test = e.getValue();
            if (test.isEmpty()) {
                continue;
            }
            int[] recs = recommendations.getOrDefault(e.getKey(), new int[0]);
            int hits = 0;
            double dcg = 0;
            double ap = 0;
            for (int j = 0; j < Math.min(k, recs.length); j++) {
                if (test.contains(recs[j])) {
                    hits++;
                    dcg += 1 / log2(j + 2);
                    ap += (double) hits / (j + 1);
                }
            }
            int ideal = Math.min(k, test.size());
            double idcg = 0;
            for (int j = 0; j < ideal; j++) {
                idcg += 1 / log2(j + 2);
            }
            p += (double) hits / k;
            r += (double) hits / test.size();
            n += dcg / idcg;
            m += ap / ideal;
            h += hits > 0 ? 1 : 0;
            users++;
        }
        return users == 0
                ? new RankingMetrics(0, 0, 0, 0, 0, 0)
                : new RankingMetrics(users, p / users, r / users, n / users, m / users, h / users);
    }

    private static double log2(double v) {
        return Math.log(v) / Math.log(2);
    }
}
