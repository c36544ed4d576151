package io.assay.commerce;

import io.assay.core.Progress;
import io.assay.core.error.InternalException;
import io.assay.core.sql.DuckEngine;
import io.assay.core.sql.SqlSession;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Order data held by the embedded DuckDB engine in one canonical shape, whatever layout it came in, so that every
 * analysis is SQL over the same four tables: {@code orders(o, c, order_number, ts, dow, hour, days_since_prior,
 * eval_set)}, {@code customers(c, customer_key)}, {@code items(i, item_key, name, category, aisle)} and {@code lines(o, i,
 * quantity, amount, reordered)}, with the cancellations and returns beside them (netted against customers' money by
 * {@link Customers}; baskets, journeys and recommendations use the purchases). Closing drops them.
 *
 * <pre>{@code
 * try (OrderData data = OrderData.load(engine, OrderSource.detect(path, InstacartLines.BOTH), Progress.NONE)) {
 *     Affinity.Result pairs = Affinity.analyse(data, Affinity.Options.defaults());
 *     Journey.Result journey = Journey.analyse(data);
 * }
 * }</pre>
 */
public final class OrderData implements AutoCloseable {

    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final DuckEngine engine;
    private final String prefix;
    private final LoadReport report;
    private final boolean hasCustomers;
    private final boolean hasReordered;
    private boolean closed;

    OrderData(DuckEngine engine, String prefix, LoadReport report, boolean hasCustomers, boolean hasReordered) {
        this.engine = engine;
        this.prefix = prefix;
        this.report = report;
        this.hasCustomers = hasCustomers;
        this.hasReordered = hasReordered;
    }

    /**
     * Reads order data into the engine.
     *
     * @throws io.assay.core.error.AssayException when files are missing, unreadable, lack required columns or hold
     *     no usable order line
     */
    public static OrderData load(DuckEngine engine, OrderSource source, Progress progress) {
        String prefix = "commerce_" + SEQUENCE.incrementAndGet() + "_";
        return new OrderLoader(engine, prefix, progress).load(source);
    }

    public LoadReport report() {
        return report;
    }

    /** Whether orders name their customer (customer analytics and recommendations need it). */
    boolean hasCustomers() {
        return hasCustomers;
    }

    boolean hasDates() {
        return report.hasDates();
    }

    boolean hasMoney() {
        return report.hasMoney();
    }

    boolean hasReordered() {
        return hasReordered;
    }

    SqlSession session() {
        return new SqlSession(engine);
    }

    String orders() {
        return prefix + "orders";
    }

    String lines() {
        return prefix + "lines";
    }

    String items() {
        return prefix + "items";
    }

    String customers() {
        return prefix + "customers";
    }

    /**
     * Cancellations and returns to net against their customer's money: {@code returns(problem, c, item_key,
     * quantity, amount, ts, o)}, quantity and amount positive, {@code o} the order they return from (null when no
     * earlier purchase matches).
     */
    String returns() {
        return prefix + "returns";
    }

    /** Orders every line of which was returned in full: {@code cancelled_orders(o)}. */
    String cancelledOrders() {
        return prefix + "cancelled_orders";
    }

    /** A name for a helper table that is dropped with this data. */
    String scratch(String name) {
        return prefix + "x_" + name;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (SqlSession db = session()) {
            var tables = db.queryStrings(
                    "SELECT table_name FROM duckdb_tables() WHERE starts_with(table_name, '" + prefix + "')");
            for (String t : tables) {
                db.execute("DROP TABLE IF EXISTS \"" + t + "\"");
            }
        } catch (SQLException e) {
            throw new InternalException("cannot drop order data: " + SqlSession.firstLine(e.getMessage()), e);
        }
    }
}
