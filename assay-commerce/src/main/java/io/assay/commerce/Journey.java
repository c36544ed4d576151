package io.assay.commerce;

import io.assay.core.sql.SqlSession;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How customers come back: first-time against repeat orders, orders per customer, basket sizes, how the reorder
 * share grows with the order number, the gaps between orders, weekday and hour, top products and departments.
 * Definitions follow {@code shared/data/instacart/reference/compute_reference.py}, so the numbers can be checked.
 * The journey is the orders as they were placed: an order later cancelled or returned in full still counts here (it
 * was a visit), and {@link Summary#cancelledOrders()} says how many there were; {@link Customers} nets them out of
 * customers' orders and money.
 *
 * <pre>{@code
 * Journey.Result j = Journey.analyse(data);
 * System.out.println(j.summary().repeatCustomerShare());
 * }</pre>
 */
public final class Journey {

    /**
     * @param lines order lines used
     * @param baskets orders with lines
     * @param distinctProducts products on those lines
     * @param basketSizeMean lines per basket
     * @param reorderedShare share of lines that re-buy something the customer bought before (NaN if unknown)
     * @param reorderedShareRepeatOrders the same over orders with order number 2 or more
     * @param customers customers with at least one order
     * @param orders all orders, with or without a customer (Instacart's count includes orders without lines)
     * @param ordersWithCustomer orders that name a customer: the orders behind the per-customer figures (repeat
     *     share, first orders, orders per customer, days between orders)
     * @param repeatCustomerShare customers with two or more orders
     * @param firstOrderShare share of orders that are a customer's first
     * @param gapMean mean days between a customer's consecutive orders (Instacart caps at 30; NaN if unknown)
     * @param gapCappedShare share of gaps equal to 30, Instacart's "30 or more" (NaN for other layouts, which
     *     have exact gaps)
     * @param cancelledOrders of the orders, those later cancelled or returned in full (counted as placed)
     * @param ordersByEvalSet Instacart's prior/train/test counts (empty for other layouts)
     * @param weekdayShares share of orders per weekday as the data numbers them (see {@link Result#weekdays()})
     */
    public record Summary(
            long lines,
            long baskets,
            long distinctProducts,
            double basketSizeMean,
            double basketSizeMedian,
            double basketSizeP90,
            long basketSizeMax,
            double reorderedShare,
            double reorderedShareRepeatOrders,
            long customers,
            long orders,
            long ordersWithCustomer,
            double repeatCustomerShare,
            double oneTimeCustomerShare,
            double firstOrderShare,
            double ordersPerCustomerMean,
            double ordersPerCustomerMedian,
            long ordersPerCustomerMin,
            long ordersPerCustomerMax,
            double gapMean,
            double gapMedian,
            double gapCappedShare,
            long cancelledOrders,
            Map<String, Long> ordersByEvalSet,
            Map<Integer, Double> weekdayShares) {
        public Summary {
            ordersByEvalSet = Map.copyOf(ordersByEvalSet);
            weekdayShares = Map.copyOf(weekdayShares);
        }
    }

    /** How many orders have a given number of lines. */
    public record BasketSize(long size, long orders, double share) {}

    /** How many customers have a given number of orders. */
    public record OrdersPerCustomer(long orders, long customers) {}

    /** Reorder share of the lines of all n-th orders. */
    public record ReorderByOrderNumber(int orderNumber, long lines, double reorderedShare) {}

    /** A product's line count and how often it is a re-buy. */
    public record TopProduct(String item, String name, long lines, double reorderedShare) {}

    /**
     * A department's (category's) or aisle's lines, its share of all lines, and how often its lines are re-buys.
     *
     * @param reorderedShare NaN when the data does not say which lines are re-buys
     */
    public record CategoryShare(String category, long lines, double share, double reorderedShare) {}

    /** How many orders were placed at one hour of one weekday (the cells of an hour × weekday heat map). */
    public record HourOfWeek(int weekday, int hour, long orders) {}

    /** How many orders came a given number of days after the customer's previous one (Instacart caps at 30). */
    public record DaysBetween(int days, long orders) {}

    /**
     * Names of the weekday numbers 0..6 of {@link Summary#weekdayShares()} and {@link HourOfWeek#weekday()}, and where
     * the numbering comes from: order dates are numbered from Sunday (0) to Saturday (6); Instacart's
     * {@code order_dow} is 0..6 but the dataset never says which weekday 0 is, so its names say that.
     *
     * @param names the name of each number 0..6
     * @param convention the numbering in words
     */
    public record Weekdays(List<String> names, String convention) {
        public Weekdays {
            names = List.copyOf(names);
        }

        static final Weekdays FROM_DATES = new Weekdays(
                List.of("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"),
                "from the order dates: 0 = Sunday ... 6 = Saturday");
        static final Weekdays INSTACART = new Weekdays(
                List.of("day 0", "day 1", "day 2", "day 3", "day 4", "day 5", "day 6"),
                "Instacart's order_dow 0..6; the dataset does not say which weekday 0 is (often read as Sunday)");
    }

    /**
     * @param weekdays what the weekday numbers mean
     */
    public record Result(
            Summary summary,
            List<BasketSize> basketSizes,
            List<OrdersPerCustomer> ordersPerCustomer,
            List<ReorderByOrderNumber> reorderByOrderNumber,
            List<TopProduct> topProducts,
            List<CategoryShare> categories,
            List<CategoryShare> aisles,
            List<HourOfWeek> hourOfWeek,
            List<DaysBetween> daysBetween,
            Weekdays weekdays) {
        public Result {
            basketSizes = List.copyOf(basketSizes);
            ordersPerCustomer = List.copyOf(ordersPerCustomer);
            reorderByOrderNumber = List.copyOf(reorderByOrderNumber);
            topProducts = List.copyOf(topProducts);
            categories = List.copyOf(categories);
            aisles = List.copyOf(aisles);
            hourOfWeek = List.copyOf(hourOfWeek);
            daysBetween = List.copyOf(daysBetween);
        }
    }

    private Journey() {}

    public static Result analyse(OrderData data) {
        try (SqlSession db = data.session()) {
            String l = data.lines();
            String o = data.orders();
            String bs = "(SELECT o, count(*) AS n FROM " + l + " GROUP BY o)";
            double[] basket = doubles(
                    db, "SELECT count(*), avg(n), quantile_cont(n, 0.5), quantile_cont(n, 0.9), max(n) FROM " + bs);
            double[] lineStats =
                    doubles(db, "SELECT count(*), count(DISTINCT i), avg(CAST(reordered AS DOUBLE)) FROM " + l);
            double reorderedRepeat = doubles(
                    db,
                    "SELECT avg(CAST(l.reordered AS DOUBLE)) FROM " + l + " l JOIN " + o
                            + " od USING (o) WHERE od.order_number >= 2")[0];
            String perCustomer = "(SELECT c, count(*) AS n FROM " + o + " WHERE c IS NOT NULL GROUP BY c)";
            double[] pc = doubles(
                    db,
                    "SELECT count(*), avg(n), quantile_cont(n, 0.5), min(n), max(n), avg(CAST(n >= 2 AS DOUBLE)), "
                            + "avg(CAST(n = 1 AS DOUBLE)) FROM " + perCustomer);
            double[] ord = doubles(
                    db,
                    "SELECT count(*), avg(CAST(order_number = 1 AS DOUBLE)), avg(days_since_prior), "
                            + "quantile_cont(days_since_prior, 0.5), count(*) FILTER (WHERE days_since_prior = 30) / "
                            + "nullif(count(days_since_prior), 0)::DOUBLE FROM " + o + " WHERE c IS NOT NULL");
            long allOrders = (long) doubles(db, "SELECT count(*) FROM " + o)[0];
            boolean instacart = data.report().layout().equals("instacart");
            var evalSets = new LinkedHashMap<String, Long>();
            db.queryOrFail(
                    "SELECT eval_set, count(*) FROM " + o + " WHERE eval_set IS NOT NULL GROUP BY 1 ORDER BY 1", rs -> {
                        while (rs.next()) {
                            evalSets.put(rs.getString(1), rs.getLong(2));
                        }
                        return null;
                    });
            var weekdays = new LinkedHashMap<Integer, Double>();
            db.queryOrFail(
                    "SELECT dow, count(*) / (SELECT count(*) FROM " + o + ")::DOUBLE FROM " + o
                            + " WHERE dow IS NOT NULL GROUP BY dow ORDER BY dow",
                    rs -> {
                        while (rs.next()) {
                            weekdays.put(rs.getInt(1), rs.getDouble(2));
                        }
                        return null;
                    });
            var summary = new Summary(
                    (long) lineStats[0],
                    (long) basket[0],
                    (long) lineStats[1],
                    basket[1],
                    basket[2],
                    basket[3],
                    (long) basket[4],
                    lineStats[2],
                    reorderedRepeat,
                    (long) pc[0],
                    allOrders,
                    (long) ord[0],
                    pc[5],
                    pc[6],
                    ord[1],
                    pc[1],
                    pc[2],
                    (long) pc[3],
                    (long) pc[4],
                    ord[2],
                    ord[3],
                    instacart ? ord[4] : Double.NaN,
                    (long) doubles(db, "SELECT count(*) FROM " + data.cancelledOrders())[0],
                    evalSets,
                    weekdays);
            List<BasketSize> sizes = db.queryOrFail(
                    "SELECT n, count(*), count(*) / sum(count(*)) OVER () FROM " + bs + " GROUP BY n ORDER BY n",
                    rs -> {
                        var out = new ArrayList<BasketSize>();
                        while (rs.next()) {
                            out.add(new BasketSize(rs.getLong(1), rs.getLong(2), rs.getDouble(3)));
                        }
                        return out;
                    });
            List<OrdersPerCustomer> opc =
                    db.queryOrFail("SELECT n, count(*) FROM " + perCustomer + " GROUP BY n ORDER BY n", rs -> {
                        var out = new ArrayList<OrdersPerCustomer>();
                        while (rs.next()) {
                            out.add(new OrdersPerCustomer(rs.getLong(1), rs.getLong(2)));
                        }
                        return out;
                    });
            List<ReorderByOrderNumber> rbn = db.queryOrFail(
                    "SELECT od.order_number, count(*), avg(CAST(l.reordered AS DOUBLE)) FROM " + l + " l JOIN " + o
                            + " od USING (o) WHERE od.order_number IS NOT NULL GROUP BY 1 ORDER BY 1",
                    rs -> {
                        var out = new ArrayList<ReorderByOrderNumber>();
                        while (rs.next()) {
                            out.add(new ReorderByOrderNumber(rs.getInt(1), rs.getLong(2), nan(rs, 3)));
                        }
                        return out;
                    });
            List<TopProduct> top = db.queryOrFail(
                    "SELECT it.item_key, coalesce(it.name, it.item_key), x.n, x.r FROM (SELECT i, count(*) AS n, "
                            + "avg(CAST(reordered AS DOUBLE)) AS r FROM " + l + " GROUP BY i) x JOIN " + data.items()
                            + " it USING (i) ORDER BY x.n DESC, x.i LIMIT 20",
                    rs -> {
                        var out = new ArrayList<TopProduct>();
                        while (rs.next()) {
                            out.add(new TopProduct(rs.getString(1), rs.getString(2), rs.getLong(3), nan(rs, 4)));
                        }
                        return out;
                    });
            List<CategoryShare> categories = groupShares(db, data, "category");
            List<CategoryShare> aisles = groupShares(db, data, "aisle");
            List<HourOfWeek> heat = db.queryOrFail(
                    "SELECT dow, hour, count(*) FROM " + o
                            + " WHERE dow IS NOT NULL AND hour IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2",
                    rs -> {
                        var out = new ArrayList<HourOfWeek>();
                        while (rs.next()) {
                            out.add(new HourOfWeek(rs.getInt(1), rs.getInt(2), rs.getLong(3)));
                        }
                        return out;
                    });
            List<DaysBetween> gaps = db.queryOrFail(
                    "SELECT CAST(round(days_since_prior) AS INTEGER) AS d, count(*) FROM " + o
                            + " WHERE days_since_prior IS NOT NULL GROUP BY 1 ORDER BY 1",
                    rs -> {
                        var out = new ArrayList<DaysBetween>();
                        while (rs.next()) {
                            out.add(new DaysBetween(rs.getInt(1), rs.getLong(2)));
                        }
                        return out;
                    });
            return new Result(
                    summary,
                    sizes,
                    opc,
                    rbn,
                    top,
                    categories,
                    aisles,
                    heat,
                    gaps,
                    instacart ? Weekdays.INSTACART : Weekdays.FROM_DATES);
        }
    }

    /** Lines, share of all lines and re-buy share per value of an item column (category or aisle), largest first. */
    private static List<CategoryShare> groupShares(SqlSession db, OrderData data, String column) {
        return db.queryOrFail(
                "SELECT it." + column + ", count(*), count(*) / (SELECT count(*) FROM " + data.lines()
                        + ")::DOUBLE AS s, avg(CAST(l.reordered AS DOUBLE)) FROM " + data.lines() + " l JOIN "
                        + data.items() + " it USING (i) WHERE it." + column
                        + " IS NOT NULL GROUP BY 1 ORDER BY s DESC, 1",
                rs -> {
                    var out = new ArrayList<CategoryShare>();
                    while (rs.next()) {
                        out.add(new CategoryShare(rs.getString(1), rs.getLong(2), rs.getDouble(3), nan(rs, 4)));
                    }
                    return out;
                });
    }

    private static double nan(java.sql.ResultSet rs, int column) throws java.sql.SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? Double.NaN : v;
    }

    static double[] doubles(SqlSession db, String sql) {
        return db.queryOrFail(sql, rs -> {
            rs.next();
            int n = rs.getMetaData().getColumnCount();
            double[] out = new double[n];
            for (int k = 0; k < n; k++) {
                out[k] = nan(rs, k + 1);
            }
            return out;
        });
    }
}
