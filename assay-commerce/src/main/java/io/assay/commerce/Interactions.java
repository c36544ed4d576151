package io.assay.commerce;

import io.assay.core.error.InvalidOptionException;
import io.assay.core.sql.SqlSession;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A customer × item matrix of implicit feedback (how many orders of the customer held the item, play counts, 1 for a
 * rating), stored row-compressed: the input of {@link Recommender#train}. Rows and columns carry the caller's keys.
 */
public final class Interactions {

    final String[] users;
    final String[] items;
    final String[] itemNames;
    final int[] rowPtr;
    final int[] cols;
    final float[] values;
    /** Orders with lines per customer (the denominator of personal frequency); 0 when not order data. */
    final int[] userBaskets;
    /** Per item, the share of its purchases that were re-purchases (NaN when unknown). */
    final float[] itemRepeatShare;
    /**
     * Per customer, the item columns of their last order (null when not order data): training holds it out to
     * choose how next-basket recommendations weigh purchase frequency. Not stored with a model.
     */
    final int[][] lastBaskets;
    /** Per item, its department or category (entries null when unknown): cold start ranks within these. */
    final String[] itemCategories;

    Interactions(
            String[] users,
            String[] items,
            String[] itemNames,
            int[] rowPtr,
            int[] cols,
            float[] values,
            int[] userBaskets,
            float[] itemRepeatShare,
            int[][] lastBaskets) {
        this(users, items, itemNames, rowPtr, cols, values, userBaskets, itemRepeatShare, lastBaskets, null);
    }

    Interactions(
            String[] users,
            String[] items,
            String[] itemNames,
            int[] rowPtr,
            int[] cols,
            float[] values,
            int[] userBaskets,
            float[] itemRepeatShare,
            int[][] lastBaskets,
            String[] itemCategories) {
        this.users = users;
        this.items = items;
        this.itemNames = itemNames;
        this.rowPtr = rowPtr;
        this.cols = cols;
        this.values = values;
        this.userBaskets = userBaskets;
        this.itemRepeatShare = itemRepeatShare;
        this.lastBaskets = lastBaskets;
        this.itemCategories = itemCategories == null ? new String[items.length] : itemCategories;
    }

    /** The same matrix with each item's department or category. */
    Interactions withCategories(String[] categories) {
        return new Interactions(
                users, items, itemNames, rowPtr, cols, values, userBaskets, itemRepeatShare, lastBaskets, categories);
    }

    public int userCount() {
        return users.length;
    }

    public int itemCount() {
        return items.length;
    }

    public long nonZeros() {
        return cols.length;
    }

    /** The key of user row {@code u}. */
    public String user(int u) {
        return users[u];
    }

    /** The key of item column {@code i}. */
    public String item(int i) {
        return items[i];
    }

    /** Item columns of user {@code u}, ascending. */
    int[] itemsOf(int u) {
        return Arrays.copyOfRange(cols, rowPtr[u], rowPtr[u + 1]);
    }

    /**
     * Builds the matrix from (user, item, value) triples; repeated pairs add up. Keys are ordered as first seen.
     *
     * @throws InvalidOptionException when a value is negative or not finite
     */
    public static Interactions of(List<String> userKeys, List<String> itemKeys, float[] values) {
        if (userKeys.size() != itemKeys.size() || values.length != userKeys.size()) {
            throw new IllegalArgumentException("triples of different lengths");
        }
        Map<String, Integer> u = new HashMap<>();
        Map<String, Integer> it = new HashMap<>();
        var users = new ArrayList<String>();
        var items = new ArrayList<String>();
        int n = values.length;
        int[] ru = new int[n];
        int[] ri = new int[n];
        for (int k = 0; k < n; k++) {
            if (!(values[k] >= 0) || Float.isInfinite(values[k])) {
                throw new InvalidOptionException("interaction value", values[k], "must be a finite number ≥ 0");
            }
            ru[k] = u.computeIfAbsent(userKeys.get(k), key -> {
                users.add(key);
                return users.size() - 1;
            });
            ri[k] = it.computeIfAbsent(itemKeys.get(k), key -> {
                items.add(key);
                return items.size() - 1;
            });
        }
        return build(
                users.toArray(new String[0]), items.toArray(new String[0]), null, ru, ri, values, null, null, null);
    }

    /** Sorts triples into CSR, summing duplicates. */
    static Interactions build(
            String[] users,
            String[] items,
            String[] names,
            int[] ru,
            int[] ri,
            float[] values,
            int[] userBaskets,
            float[] itemRepeatShare,
            int[][] lastBaskets) {
        int nu = users.length;
        int[] count = new int[nu + 1];
        for (int r : ru) {
            count[r + 1]++;
        }
        for (int k = 0; k < nu; k++) {
            count[k + 1] += count[k];
        }
        int[] pos = count.clone();
        int[] c = new int[ru.length];
        float[] v = new float[ru.length];
        for (int k = 0; k < ru.length; k++) {
            int at = pos[ru[k]]++;
            c[at] = ri[k];
            v[at] = values[k];
        }
        // sort each row by column and merge duplicates
        int[] ptr = new int[nu + 1];
        int w = 0;
        for (int r = 0; r < nu; r++) {
            int s = count[r];
            int e = count[r + 1];
            boolean sorted = true;
            for (int k = s + 1; k < e && sorted; k++) {
                sorted = c[k - 1] < c[k];
            }
            int[] cc = Arrays.copyOfRange(c, s, e);
            float[] vv = Arrays.copyOfRange(v, s, e);
            if (!sorted) {
                Integer[] order = new Integer[e - s];
                for (int k = 0; k < order.length; k++) {
                    order[k] = s + k;
                }
                Arrays.sort(order, (a, b) -> Integer.compare(c[a], c[b]));
                for (int k = 0; k < order.length; k++) {
                    cc[k] = c[order[k]];
                    vv[k] = v[order[k]];
                }
            }
            ptr[r] = w;
            for (int k = 0; k < cc.length; k++) {
                if (w > ptr[r] && c[w - 1] == cc[k]) {
                    v[w - 1] += vv[k];
                } else {
                    c[w] = cc[k];
                    v[w] = vv[k];
                    w++;
                }
            }
        }
        ptr[nu] = w;
        return new Interactions(
                users,
                items,
                names == null ? new String[items.length] : names,
                ptr,
                Arrays.copyOf(c, w),
                Arrays.copyOf(v, w),
                userBaskets == null ? new int[nu] : userBaskets,
                itemRepeatShare == null ? nanArray(items.length) : itemRepeatShare,
                lastBaskets);
    }

    private static float[] nanArray(int n) {
        float[] a = new float[n];
        Arrays.fill(a, Float.NaN);
        return a;
    }

    /**
     * Customer × item purchase counts from order data: the value is the number of the customer's orders that held
     * the item. Also keeps each customer's number of orders and each item's repeat-purchase share for next-basket
     * recommendations.
     */
    public static Interactions fromOrders(OrderData data) {
        if (!data.hasCustomers()) {
            throw new InvalidOptionException(
                    "order data", data.report().layout(), "names no customers, so there is nobody to recommend to");
        }
        try (SqlSession db = data.session()) {
            String pairs = "SELECT od.c, l.i, count(DISTINCT l.o) AS n FROM " + data.lines() + " l JOIN "
                    + data.orders() + " od USING (o) WHERE od.c IS NOT NULL GROUP BY 1, 2";
            String t = data.scratch("interactions");
            db.executeOrFail("CREATE OR REPLACE TABLE " + t + " AS " + pairs);
            try {
                List<String> users = new ArrayList<>();
                Map<Long, Integer> userIndex = new HashMap<>();
                db.queryOrFail(
                        "SELECT cu.c, cu.customer_key FROM " + data.customers() + " cu WHERE cu.c IN (SELECT c FROM "
                                + t + ") ORDER BY cu.c",
                        rs -> {
                            while (rs.next()) {
                                userIndex.put(rs.getLong(1), users.size());
                                users.add(rs.getString(2));
                            }
                            return null;
                        });
                List<String> items = new ArrayList<>();
                List<String> names = new ArrayList<>();
                List<String> categories = new ArrayList<>();
                Map<Long, Integer> itemIndex = new HashMap<>();
                var repeat = new ArrayList<Float>();
                String share = data.hasReordered()
                        ? "(SELECT i, avg(CAST(reordered AS DOUBLE)) AS s FROM " + data.lines() + " GROUP BY i)"
                        : "(SELECT i, 1 - count(*) / sum(n) AS s FROM " + t + " GROUP BY i)";
                db.queryOrFail(
                        "SELECT it.i, it.item_key, it.name, sh.s, it.category FROM " + data.items() + " it LEFT JOIN "
                                + share + " sh USING (i) WHERE it.i IN (SELECT i FROM " + t + ") ORDER BY it.i",
                        rs -> {
                            while (rs.next()) {
                                itemIndex.put(rs.getLong(1), items.size());
                                items.add(rs.getString(2));
                                names.add(rs.getString(3));
                                double s = rs.getDouble(4);
                                repeat.add(rs.wasNull() ? Float.NaN : (float) s);
                                categories.add(rs.getString(5));
                            }
                            return null;
                        });
                int nnz = (int) Affinity.scalar(db, "SELECT count(*) FROM " + t);
                int[] ru = new int[nnz];
                int[] ri = new int[nnz];
                float[] v = new float[nnz];
                db.queryOrFail("SELECT c, i, n FROM " + t + " ORDER BY c, i", rs -> {
                    int k = 0;
                    while (rs.next()) {
                        ru[k] = userIndex.get(rs.getLong(1));
                        ri[k] = itemIndex.get(rs.getLong(2));
                        v[k] = rs.getFloat(3);
                        k++;
                    }
                    return null;
                });
                int[] baskets = new int[users.size()];
                db.queryOrFail(
                        "SELECT od.c, count(DISTINCT od.o) FROM " + data.orders() + " od WHERE od.o IN (SELECT o FROM "
                                + data.lines() + ") AND od.c IS NOT NULL GROUP BY 1",
                        rs -> {
                            while (rs.next()) {
                                Integer u = userIndex.get(rs.getLong(1));
                                if (u != null) {
                                    baskets[u] = rs.getInt(2);
                                }
                            }
                            return null;
                        });
                int[][] last = new int[users.size()][];
                db.queryOrFail(
                        "SELECT od.c, list(DISTINCT l.i) FROM " + data.lines() + " l JOIN (SELECT o, c, row_number() "
                                + "OVER (PARTITION BY c ORDER BY order_number DESC) AS k FROM " + data.orders()
                                + " WHERE c IS NOT NULL AND o IN (SELECT o FROM " + data.lines() + ")) od USING (o) "
                                + "WHERE od.k = 1 GROUP BY od.c",
                        rs -> {
                            while (rs.next()) {
                                Integer u = userIndex.get(rs.getLong(1));
                                Object[] bought = (Object[]) rs.getArray(2).getArray();
                                int[] cols = new int[bought.length];
                                for (int j = 0; j < bought.length; j++) {
                                    cols[j] = itemIndex.get(((Number) bought[j]).longValue());
                                }
                                java.util.Arrays.sort(cols);
                                last[u] = cols;
                            }
                            return null;
                        });
                float[] rs = new float[repeat.size()];
                for (int k = 0; k < rs.length; k++) {
                    rs[k] = repeat.get(k);
                }
                return build(
                                users.toArray(new String[0]),
                                items.toArray(new String[0]),
                                names.toArray(new String[0]),
                                ru,
                                ri,
                                v,
                                baskets,
                                rs,
                                last)
                        .withCategories(categories.toArray(new String[0]));
            } finally {
                db.executeOrFail("DROP TABLE IF EXISTS " + t);
            }
        }
    }

    /** A row-compressed matrix: the transpose of the interactions (item rows, user columns). */
    record Csr(int[] ptr, int[] cols, float[] values) {}

    /** The transpose: item rows, user columns. */
    Csr transpose() {
        int ni = items.length;
        int[] ptr = new int[ni + 1];
        for (int c : cols) {
            ptr[c + 1]++;
        }
        for (int k = 0; k < ni; k++) {
            ptr[k + 1] += ptr[k];
        }
        int[] pos = ptr.clone();
        int[] outCols = new int[cols.length];
        float[] outValues = new float[cols.length];
        for (int u = 0; u < users.length; u++) {
            for (int k = rowPtr[u]; k < rowPtr[u + 1]; k++) {
                int at = pos[cols[k]]++;
                outCols[at] = u;
                outValues[at] = values[k];
            }
        }
        return new Csr(ptr, outCols, outValues);
    }
}
