package io.assay.commerce;

import io.assay.core.Progress;
import io.assay.core.error.InvalidFileException;
import io.assay.core.error.InvalidOptionException;
import io.assay.core.ingest.Dataset;
import io.assay.core.ingest.Ingest;
import io.assay.core.ingest.IngestReport;
import io.assay.core.sql.DuckEngine;
import io.assay.core.sql.Sql;
import io.assay.core.sql.SqlSession;
import io.assay.core.table.ColumnType;
import io.assay.core.table.Field;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads each layout into the canonical tables of {@link OrderData}, counting every problem on the way. */
final class OrderLoader {

    private final DuckEngine engine;
    private final String p;
    private final Progress progress;
    private final List<RowIssue> issues = new ArrayList<>();

    OrderLoader(DuckEngine engine, String prefix, Progress progress) {
        this.engine = engine;
        this.p = prefix;
        this.progress = progress;
    }

    OrderData load(OrderSource source) {
        try (SqlSession db = new SqlSession(engine)) {
            return switch (source) {
                case OrderSource.Instacart s -> instacart(db, s);
                case OrderSource.Lines s -> lines(db, s.file(), s.input(), s.mapping(), false);
                case OrderSource.OnlineRetail s -> lines(db, s.file(), s.input(), ONLINE_RETAIL, true);
            };
        } catch (RuntimeException e) {
            dropAll();
            throw e;
        }
    }

    private static final OrderSource.Mapping ONLINE_RETAIL = new OrderSource.Mapping(
            "InvoiceNo", "StockCode", "CustomerID", "Description", null, "Quantity", "UnitPrice", null, "InvoiceDate");

    // ---------------------------------------------------------------- Instacart

    private OrderData instacart(SqlSession db, OrderSource.Instacart s) {
        progress.update("reading orders", 0.0);
        List<String> oc = columns(db, s.orders());
        require(s.orders(), oc, "order_id", "user_id", "order_number");
        run(
                db,
                s.orders(),
                "CREATE TABLE " + t("orders") + " AS SELECT TRY_CAST(order_id AS INTEGER) AS o, "
                        + "TRY_CAST(user_id AS INTEGER) AS c, TRY_CAST(order_number AS INTEGER) AS order_number, "
                        + "CAST(NULL AS TIMESTAMP) AS ts, "
                        + opt(oc, "order_dow", "TRY_CAST(order_dow AS INTEGER)", "INTEGER") + " AS dow, "
                        + opt(oc, "order_hour_of_day", "TRY_CAST(order_hour_of_day AS INTEGER)", "INTEGER")
                        + " AS hour, "
                        + opt(oc, "days_since_prior_order", "TRY_CAST(days_since_prior_order AS DOUBLE)", "DOUBLE")
                        + " AS days_since_prior, " + opt(oc, "eval_set", "eval_set", "VARCHAR") + " AS eval_set "
                        + "FROM " + csv(s.orders()));
        removeBad(
                db,
                t("orders"),
                "o IS NULL OR c IS NULL OR order_number IS NULL",
                "unreadable-order",
                "orders rows with an order_id, user_id or order_number that is not a whole number",
                "excluded");
        boolean hasDates = false;
        if (s.calendar() != null) {
            progress.update("reading the calendar", 0.1);
            List<String> cc = columns(db, s.calendar());
            require(s.calendar(), cc, "order_id", "order_date");
            run(
                    db,
                    s.calendar(),
                    "CREATE TABLE " + t("calendar") + " AS SELECT TRY_CAST(order_id AS INTEGER) AS o, "
                            + "TRY_CAST(order_date AS TIMESTAMP) AS ts FROM " + csv(s.calendar()));
            exec(
                    db,
                    "CREATE OR REPLACE TABLE " + t("orders") + " AS SELECT x.* EXCLUDE (ts), k.ts FROM " + t("orders")
                            + " x LEFT JOIN (SELECT o, min(ts) AS ts FROM " + t("calendar")
                            + " WHERE o IS NOT NULL GROUP BY o) k USING (o)");
            count(
                    db,
                    t("orders"),
                    "ts IS NULL",
                    "order-without-date",
                    "orders without a date in the calendar",
                    "kept; left out of recency");
            hasDates = true;
        }
        progress.update("reading order lines", 0.2);
        var parts = new ArrayList<String>();
        boolean reorderedEverywhere = true;
        for (Path f : s.lineFiles()) {
            List<String> lc = columns(db, f);
            require(f, lc, "order_id", "product_id");
            reorderedEverywhere &= lc.contains("reordered");
            parts.add("SELECT TRY_CAST(order_id AS INTEGER) AS o, TRY_CAST(product_id AS INTEGER) AS i, "
                    + opt(lc, "reordered", "TRY_CAST(reordered AS INTEGER) = 1", "BOOLEAN") + " AS reordered FROM "
                    + csv(f));
        }
        Path first = s.lineFiles().getFirst();
        run(db, first, "CREATE TABLE " + t("raw_lines") + " AS " + String.join(" UNION ALL ", parts));
        long linesRead = db.queryOrFail("SELECT count(*) FROM " + t("raw_lines"), rs -> {
            rs.next();
            return rs.getLong(1);
        });
        removeBad(
                db,
                t("raw_lines"),
                "o IS NULL OR i IS NULL",
                "unreadable-line",
                "order lines with an order_id or product_id that is not a whole number",
                "excluded");
        progress.update("reading products", 0.5);
        boolean hasMoney = false;
        String amount = "CAST(NULL AS DOUBLE)";
        if (s.prices() != null) {
            List<String> pc = columns(db, s.prices());
            require(s.prices(), pc, "product_id", "unit_price");
            run(
                    db,
                    s.prices(),
                    "CREATE TABLE " + t("prices") + " AS SELECT TRY_CAST(product_id AS INTEGER) AS i, "
                            + "any_value(TRY_CAST(unit_price AS DOUBLE)) AS price FROM " + csv(s.prices())
                            + " GROUP BY ALL");
            amount = "pr.price";
            hasMoney = true;
        }
        exec(
                db,
                "CREATE TABLE " + t("lines") + " AS SELECT l.o, l.i, 1.0 AS quantity, " + amount
                        + " AS amount, l.reordered FROM " + t("raw_lines") + " l"
                        + (hasMoney ? " LEFT JOIN " + t("prices") + " pr USING (i)" : ""));
        exec(db, "DROP TABLE " + t("raw_lines"));
        if (hasMoney) {
            count(
                    db,
                    t("lines"),
                    "amount IS NULL",
                    "line-without-price",
                    "order lines whose product has no price",
                    "kept; counted as 0 in money");
        }
        if (s.products() != null) {
            List<String> pc = columns(db, s.products());
            require(s.products(), pc, "product_id", "product_name");
            String dept = "CAST(NULL AS VARCHAR)";
            String join = "";
            if (s.departments() != null && pc.contains("department_id")) {
                require(s.departments(), columns(db, s.departments()), "department_id", "department");
                dept = "d.department";
                join = " LEFT JOIN " + csv(s.departments())
                        + " d ON TRY_CAST(d.department_id AS INTEGER) = TRY_CAST(p.department_id AS INTEGER)";
            }
            String aisle = "CAST(NULL AS VARCHAR)";
            if (s.aisles() != null && pc.contains("aisle_id")) {
                require(s.aisles(), columns(db, s.aisles()), "aisle_id", "aisle");
                aisle = "a.aisle";
                join += " LEFT JOIN " + csv(s.aisles())
                        + " a ON TRY_CAST(a.aisle_id AS INTEGER) = TRY_CAST(p.aisle_id AS INTEGER)";
            }
            run(
                    db,
                    s.products(),
                    "CREATE TABLE " + t("items") + " AS SELECT TRY_CAST(p.product_id AS INTEGER) AS i, "
                            + "CAST(TRY_CAST(p.product_id AS INTEGER) AS VARCHAR) AS item_key, p.product_name AS name, "
                            + dept + " AS category, " + aisle + " AS aisle FROM " + csv(s.products()) + " p" + join
                            + " WHERE TRY_CAST(p.product_id AS INTEGER) IS NOT NULL");
        } else {
            exec(
                    db,
                    "CREATE TABLE " + t("items")
                            + " (i INTEGER, item_key VARCHAR, name VARCHAR, category VARCHAR, aisle VARCHAR)");
        }
        long unknownItems = queryLong(
                db, "SELECT count(*) FROM " + t("lines") + " WHERE i NOT IN (SELECT i FROM " + t("items") + ")");
        if (unknownItems > 0) {
            if (s.products() != null) {
                issues.add(new RowIssue(
                        "unknown-product",
                        "order lines whose product is not in products.csv",
                        unknownItems,
                        "kept; shown by id",
                        List.of()));
            }
            exec(
                    db,
                    "INSERT INTO " + t("items") + " SELECT DISTINCT i, CAST(i AS VARCHAR), NULL, NULL, NULL FROM "
                            + t("lines") + " WHERE i NOT IN (SELECT i FROM " + t("items") + ")");
        }
        long orphan = queryLong(
                db, "SELECT count(*) FROM " + t("lines") + " WHERE o NOT IN (SELECT o FROM " + t("orders") + ")");
        if (orphan > 0) {
            issues.add(new RowIssue(
                    "line-without-order",
                    "order lines whose order is not in orders.csv",
                    orphan,
                    "kept for baskets; not in journey or customer analytics",
                    List.of()));
        }
        exec(
                db,
                "CREATE TABLE " + t("customers") + " AS SELECT DISTINCT c, CAST(c AS VARCHAR) AS customer_key FROM "
                        + t("orders"));
        var files = new ArrayList<String>();
        files.add(s.orders().toString());
        s.lineFiles().forEach(f -> files.add(f.toString()));
        progress.update("order data ready", 1.0);
        return finish(db, "instacart", files, linesRead, hasDates, hasMoney, null, reorderedEverywhere);
    }

    // ---------------------------------------------------------------- generic order lines and online retail

    private OrderData lines(
            SqlSession db, Path file, Ingest.Options input, OrderSource.Mapping given, boolean onlineRetail) {
        progress.update("reading order lines", 0.0);
        var ingest = input;
        if (onlineRetail) {
            ingest = ingest.withTypes(Map.of(
                    "InvoiceNo", ColumnType.TEXT,
                    "StockCode", ColumnType.TEXT,
                    "CustomerID", ColumnType.TEXT,
                    "Description", ColumnType.TEXT));
        }
        try (Dataset ds =
                Ingest.open(engine, file, ingest, (stage, f) -> progress.update(stage, f < 0 ? -1 : f * 0.5))) {
            List<String> names = ds.schema().names();
            if (!onlineRetail && given == null && names.contains("InvoiceNo") && names.contains("StockCode")) {
                ds.close(); // the online-retail export in a workbook or Parquet file, which detect() cannot open
                return lines(db, file, input, ONLINE_RETAIL, true);
            }
            if (given != null) {
                given.checkColumns(names);
            }
            OrderSource.Mapping m = given == null
                    ? guess(file, names, null)
                    : given.partial() ? given.orElse(guess(file, names, given)) : given;
            for (IngestReport.ValueIssue v : ds.report().valueIssues()) {
                issues.add(new RowIssue(
                        "unreadable-value",
                        "values in '" + v.column() + "' that are not "
                                + v.type().name().toLowerCase(Locale.ROOT),
                        v.count(),
                        "became missing",
                        v.examples().stream()
                                .limit(3)
                                .map(b -> "row " + (b.row() + 1) + ": '" + b.value() + "'")
                                .toList()));
            }
            if (ds.report().skippedRowCount() > 0) {
                issues.add(new RowIssue(
                        "unreadable-row",
                        "rows of the file that could not be read",
                        ds.report().skippedRowCount(),
                        "excluded",
                        ds.report().skippedRows().stream()
                                .limit(3)
                                .map(r -> "line " + r.line() + ": " + r.reason())
                                .toList()));
            }
            Map<String, ColumnType> types = new LinkedHashMap<>();
            for (Field f : ds.schema().fields()) {
                types.put(f.name(), f.type());
            }
            boolean hasDates = m.date() != null
                    && (types.get(m.date()) == ColumnType.DATE || types.get(m.date()) == ColumnType.TIMESTAMP);
            if (m.date() != null && !hasDates) {
                throw new InvalidOptionException(
                        "date column",
                        m.date(),
                        "its values were read as " + types.get(m.date()).name().toLowerCase(Locale.ROOT)
                                + ", not dates; name another column or fix the file");
            }
            String qty = number(m.quantity(), types);
            String price = number(m.unitPrice(), types);
            String amount = number(m.amount(), types);
            boolean hasMoney = m.unitPrice() != null || m.amount() != null;
            String ok = key(m.order(), types);
            String ik = key(m.item(), types);
            String problem = "CASE WHEN ok IS NULL THEN 'missing-order' WHEN ik IS NULL THEN 'missing-item' "
                    + (onlineRetail
                            ? "WHEN starts_with(upper(ok), 'C') THEN 'cancellation' "
                                    + "WHEN NOT regexp_full_match(ik, '[0-9]{5}[A-Za-z]{0,2}') THEN 'non-product-code' "
                            : "")
                    + "WHEN qty < 0 THEN 'negative-quantity' WHEN qty = 0 THEN 'zero-quantity' "
                    + (onlineRetail ? "WHEN price <= 0 THEN 'zero-price' " : "WHEN price < 0 THEN 'negative-price' ")
                    + "ELSE NULL END";
            exec(
                    db,
                    "CREATE TABLE " + t("stage") + " AS SELECT *, " + problem + " AS problem FROM (SELECT rowid AS r, "
                            + ok + " AS ok, " + ik + " AS ik, " + key(m.customer(), types) + " AS ck, "
                            + text(m.itemName()) + " AS name, " + text(m.category()) + " AS category, " + qty
                            + " AS qty, " + price + " AS price, " + amount + " AS amount, "
                            + (hasDates ? "CAST(" + Sql.id(m.date()) + " AS TIMESTAMP)" : "CAST(NULL AS TIMESTAMP)")
                            + " AS ts FROM " + ds.relation() + ")");
            long linesRead = ds.rowCount();
            problems(db, ds, onlineRetail);
            if (queryLong(db, "SELECT count(*) FROM " + t("stage") + " WHERE problem IS NULL") == 0) {
                throw new InvalidFileException(
                        file, "has no usable order line (every line has a problem: " + issuesText() + ")");
            }
            progress.update("building orders", 0.6);
            long passed = queryLong(db, "SELECT count(*) FROM " + t("stage") + " WHERE problem IS NULL");
            buildFromStage(db, hasDates);
            keepReturns(db, onlineRetail);
            long merged = passed - queryLong(db, "SELECT count(*) FROM " + t("lines"));
            if (merged > 0) {
                issues.add(new RowIssue(
                        "repeated-product",
                        "lines repeating a product already on the same order",
                        merged,
                        "merged into one line per order and product (quantities and amounts added)",
                        List.of()));
            }
            exec(db, "DROP TABLE " + t("stage"));
            progress.update("order data ready", 1.0);
            return finish(
                    db,
                    onlineRetail ? "online-retail" : "lines",
                    List.of(file.toString()),
                    linesRead,
                    hasDates,
                    hasMoney,
                    m,
                    m.customer() != null);
        }
    }

    private void problems(SqlSession db, Dataset ds, boolean onlineRetail) {
        var descriptions = new LinkedHashMap<String, String>();
        descriptions.put("missing-order", "order lines without an order id");
        descriptions.put("missing-item", "order lines without an item");
        if (onlineRetail) {
            descriptions.put("cancellation", "cancellation lines (invoice number starting with C)");
            descriptions.put(
                    "non-product-code", "lines with a non-product stock code (postage, fees, manual adjustments)");
        }
        descriptions.put("negative-quantity", "lines with a negative quantity (returns, corrections)");
        descriptions.put("zero-quantity", "lines with a zero quantity");
        descriptions.put(
                onlineRetail ? "zero-price" : "negative-price",
                onlineRetail ? "lines with a zero or negative unit price" : "lines with a negative price");
        for (var e : descriptions.entrySet()) {
            String where = "problem = " + Sql.str(e.getKey());
            long n = queryLong(db, "SELECT count(*) FROM " + t("stage") + " WHERE " + where);
            if (n == 0) {
                continue;
            }
            String value = e.getKey().equals("non-product-code") ? "ik" : "ok";
            List<String> examples = db.queryOrFail(
                    e.getKey().equals("non-product-code")
                            ? "SELECT ik, count(*) AS n FROM " + t("stage") + " WHERE " + where
                                    + " GROUP BY ik ORDER BY n DESC, ik LIMIT 5"
                            : "SELECT r, " + value + " FROM " + t("stage") + " WHERE " + where + " ORDER BY r LIMIT 3",
                    rs -> {
                        var out = new ArrayList<String>();
                        while (rs.next()) {
                            out.add(
                                    e.getKey().equals("non-product-code")
                                            ? rs.getString(1) + " ×" + rs.getLong(2)
                                            : "row " + (ds.sourceRow(rs.getLong(1)) + 1) + ": " + rs.getString(2));
                        }
                        return out;
                    });
            issues.add(new RowIssue(e.getKey(), e.getValue(), n, "excluded", examples));
        }
        long noCustomer = queryLong(db, "SELECT count(*) FROM " + t("stage") + " WHERE problem IS NULL AND ck IS NULL");
        if (noCustomer > 0 && anyCustomer(db)) {
            issues.add(new RowIssue(
                    "missing-customer",
                    "order lines without a customer",
                    noCustomer,
                    "kept for baskets; not in customer analytics or recommendations",
                    List.of()));
        }
    }

    /** Whether any line names a customer (without a customer column, a missing customer is no row-level problem). */
    private boolean anyCustomer(SqlSession db) {
        return queryLong(db, "SELECT count(*) FROM " + t("stage") + " WHERE ck IS NOT NULL") > 0;
    }

    private void buildFromStage(SqlSession db, boolean hasDates) {
        String used = t("stage") + " WHERE problem IS NULL";
        exec(
                db,
                "CREATE TABLE " + t("items") + " AS SELECT CAST(row_number() OVER (ORDER BY TRY_CAST(ik AS BIGINT) "
                        + "NULLS LAST, ik) - 1 AS INTEGER) AS i, ik AS item_key, name, category, CAST(NULL AS VARCHAR) AS aisle FROM (SELECT ik, "
                        + "mode(name) AS name, mode(category) AS category FROM " + used + " GROUP BY ik)");
        exec(
                db,
                "CREATE TABLE " + t("customers") + " AS SELECT CAST(row_number() OVER (ORDER BY TRY_CAST(ck AS BIGINT) "
                        + "NULLS LAST, ck) - 1 AS INTEGER) AS c, ck AS customer_key FROM (SELECT DISTINCT ck FROM "
                        + used + " AND ck IS NOT NULL)");
        exec(
                db,
                "CREATE TABLE " + t("o1") + " AS SELECT ok, min(ck) AS ck, count(DISTINCT ck) AS nck, min(ts) AS ts "
                        + "FROM " + used + " GROUP BY ok");
        long several = queryLong(db, "SELECT count(*) FROM " + t("o1") + " WHERE nck > 1");
        if (several > 0) {
            issues.add(new RowIssue(
                    "order-with-several-customers",
                    "orders whose lines name more than one customer",
                    several,
                    "kept; assigned to the first customer id",
                    List.of()));
        }
        String order = "ORDER BY x.ts, TRY_CAST(x.ok AS BIGINT) NULLS LAST, x.ok";
        exec(
                db,
                "CREATE TABLE " + t("orders") + " AS SELECT CAST(row_number() OVER (ORDER BY x.ts NULLS LAST, "
                        + "TRY_CAST(x.ok AS BIGINT) NULLS LAST, x.ok) - 1 AS INTEGER) AS o, x.ok AS order_key, cu.c, "
                        + "CASE WHEN cu.c IS NULL THEN NULL ELSE CAST(row_number() OVER (PARTITION BY cu.c " + order
                        + ") AS INTEGER) END AS order_number, x.ts, "
                        + (hasDates
                                ? "CAST(dayofweek(x.ts) AS INTEGER) AS dow, CAST(hour(x.ts) AS INTEGER) AS hour, "
                                        // days between shopping days: a second order on the same day has no gap
                                        + "CASE WHEN cu.c IS NULL THEN NULL ELSE CAST(nullif(date_diff('day', CAST(lag(x.ts) "
                                        + "OVER (PARTITION BY cu.c " + order
                                        + ") AS DATE), CAST(x.ts AS DATE)), 0) AS DOUBLE) END "
                                : "CAST(NULL AS INTEGER) AS dow, CAST(NULL AS INTEGER) AS hour, CAST(NULL AS DOUBLE) ")
                        + "AS days_since_prior, CAST(NULL AS VARCHAR) AS eval_set FROM " + t("o1") + " x LEFT JOIN "
                        + t("customers") + " cu ON cu.customer_key = x.ck");
        exec(db, "DROP TABLE " + t("o1"));
        exec(
                db,
                "CREATE TABLE " + t("lines") + " AS SELECT od.o, it.i, sum(coalesce(s.qty, 1)) AS quantity, "
                        + "sum(coalesce(s.qty * s.price, s.amount, CASE WHEN s.qty IS NULL THEN s.price END)) AS amount "
                        + "FROM " + t("stage") + " s JOIN " + t("orders") + " od ON od.order_key = s.ok JOIN "
                        + t("items") + " it ON it.item_key = s.ik WHERE s.problem IS NULL GROUP BY od.o, it.i");
        exec(
                db,
                "CREATE OR REPLACE TABLE " + t("lines") + " AS SELECT l.*, CASE WHEN od.c IS NULL THEN NULL ELSE "
                        + "od.order_number > min(od.order_number) OVER (PARTITION BY od.c, l.i) END AS reordered FROM "
                        + t("lines") + " l JOIN " + t("orders") + " od USING (o)");
    }

    /**
     * Cancellations and returns (a negative quantity naming a customer and a product; for the online-retail export the
     * credit notes, product codes only, as purchases are) become {@code returns}, to be netted against their customer's
     * money as a retail analyst would: each is matched to the customer's latest order of that product at or before it,
     * and an order whose every line is returned in full becomes a {@code cancelled_orders} row (not an order for
     * frequency or recency). Returns of customers with no purchase in the data (of orders before it) are counted and
     * left out. The problem's row issue says what was netted.
     */
    private void keepReturns(SqlSession db, boolean onlineRetail) {
        String returnable = "problem IN ('cancellation', 'negative-quantity') AND qty < 0 AND ck IS NOT NULL AND "
                + (onlineRetail
                        ? "regexp_full_match(ik, '[0-9]{5}[A-Za-z]{0,2}') AND price > 0"
                        : "(price IS NULL OR price >= 0)");
        exec(
                db,
                "CREATE TABLE " + t("returns")
                        + " AS WITH r AS (SELECT s.r, s.problem, cu.c, s.ik AS item_key, -s.qty AS quantity, "
                        + "abs(coalesce(s.qty * s.price, s.amount)) AS amount, s.ts FROM " + t("stage") + " s JOIN "
                        + t("customers") + " cu ON cu.customer_key = s.ck WHERE " + returnable + "), "
                        + "bought AS (SELECT od.c, it.item_key, od.o, od.ts, od.order_number FROM " + t("lines")
                        + " l JOIN " + t("orders") + " od USING (o) JOIN " + t("items") + " it USING (i) "
                        + "WHERE od.c IS NOT NULL) "
                        + "SELECT r.problem, r.c, r.item_key, r.quantity, r.amount, r.ts, arg_max(b.o, b.order_number) AS o "
                        + "FROM r LEFT JOIN bought b ON b.c = r.c AND b.item_key = r.item_key "
                        + "AND (r.ts IS NULL OR b.ts <= r.ts) GROUP BY r.r, r.problem, r.c, r.item_key, r.quantity, r.amount, r.ts");
        exec(
                db,
                "CREATE TABLE " + t("cancelled_orders") + " AS SELECT l.o FROM " + t("lines") + " l JOIN " + t("items")
                        + " it USING (i) LEFT JOIN (SELECT o, item_key, sum(quantity) AS q FROM " + t("returns")
                        + " WHERE o IS NOT NULL GROUP BY o, item_key) x ON x.o = l.o AND x.item_key = it.item_key "
                        + "GROUP BY l.o HAVING bool_and(coalesce(x.q, 0) >= l.quantity)");
        long cancelledOrders = queryLong(db, "SELECT count(*) FROM " + t("cancelled_orders"));
        for (int k = 0; k < issues.size(); k++) {
            RowIssue issue = issues.get(k);
            if (!issue.problem().equals("cancellation") && !issue.problem().equals("negative-quantity")) {
                continue;
            }
            String of = "problem = " + Sql.str(issue.problem());
            var netted = db.queryOrFail(
                    "SELECT count(*), count(DISTINCT c), sum(amount), count(*) FILTER (WHERE o IS NULL) FROM "
                            + t("returns") + " WHERE " + of,
                    rs -> {
                        rs.next();
                        return new double[] {rs.getLong(1), rs.getLong(2), rs.getDouble(3), rs.getLong(4)};
                    });
            long noPurchase = queryLong(
                    db,
                    "SELECT count(*) FROM " + t("stage") + " WHERE " + of + " AND " + returnable
                            + " AND ck NOT IN (SELECT customer_key FROM " + t("customers") + ")");
            if (netted[0] == 0 && noPurchase == 0) {
                continue;
            }
            var action = new StringBuilder();
            if (netted[0] > 0) {
                action.append(String.format(
                        Locale.ROOT,
                        "%,.0f lines of %,.0f customers netted against their money%s (%,.0f match no earlier purchase"
                                + " in the data; %,d orders returned in full no longer count as orders); ",
                        netted[0],
                        netted[1],
                        netted[2] == 0 ? "" : String.format(Locale.ROOT, ", %,.2f", netted[2]),
                        netted[3],
                        cancelledOrders));
            }
            if (noPurchase > 0) {
                action.append(String.format(
                        Locale.ROOT, "%,d lines of customers with no purchase in the data left out; ", noPurchase));
            }
            long rest = issue.count() - (long) netted[0] - noPurchase;
            action.append(
                    rest > 0 ? String.format(Locale.ROOT, "%,d without a customer or product excluded", rest) : "");
            String text = action.toString().replaceAll("; $", "");
            issues.set(k, new RowIssue(issue.problem(), issue.description(), issue.count(), text, issue.examples()));
        }
    }

    /** The mapping guessed from column names; {@code given} (nullable) names the order or item column already. */
    private static OrderSource.Mapping guess(Path file, List<String> names, OrderSource.Mapping given) {
        String order = given != null && given.order() != null
                ? given.order()
                : pick(
                        names,
                        "invoiceno",
                        "invoice",
                        "invoiceid",
                        "orderid",
                        "order",
                        "transactionid",
                        "transaction",
                        "basketid",
                        "basket",
                        "receiptid",
                        "receipt",
                        "billno");
        String item = given != null && given.item() != null
                ? given.item()
                : pick(
                        names,
                        "stockcode",
                        "productid",
                        "product",
                        "itemid",
                        "item",
                        "sku",
                        "article",
                        "productcode",
                        "itemcode");
        if (order == null || item == null) {
            throw new InvalidOptionException(
                    "column mapping",
                    file.getFileName(),
                    "cannot tell which column holds the " + (order == null ? "order id" : "product")
                            + "; name it (--order COLUMN, --item COLUMN). Columns: " + String.join(", ", names));
        }
        return new OrderSource.Mapping(
                order,
                item,
                pick(
                        names,
                        "customerid",
                        "customer",
                        "userid",
                        "user",
                        "clientid",
                        "client",
                        "memberid",
                        "member",
                        "accountid",
                        "shopperid",
                        "shopper",
                        "buyer"),
                pick(names, "description", "productname", "itemname", "name", "title"),
                pick(names, "category", "department", "productcategory", "productline"),
                pick(names, "quantity", "qty", "units"),
                pick(names, "unitprice", "price", "priceeach", "unitcost"),
                pick(names, "amount", "linetotal", "total", "sales", "revenue"),
                pick(
                        names,
                        "invoicedate",
                        "orderdate",
                        "date",
                        "timestamp",
                        "datetime",
                        "purchasedate",
                        "day",
                        "orderday",
                        "time",
                        "createdat"));
    }

    private static String pick(List<String> names, String... candidates) {
        for (String c : candidates) {
            for (String n : names) {
                if (n.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "").equals(c)) {
                    return n;
                }
            }
        }
        return null;
    }

    private static String key(String column, Map<String, ColumnType> types) {
        if (column == null) {
            return "CAST(NULL AS VARCHAR)";
        }
        String c = Sql.id(column);
        String v = switch (types.get(column)) {
            case INTEGER, DECIMAL ->
                "CASE WHEN " + c + " = floor(" + c + ") THEN CAST(CAST(" + c + " AS BIGINT) AS VARCHAR) ELSE CAST(" + c
                        + " AS VARCHAR) END";
            default -> "CAST(" + c + " AS VARCHAR)";
        };
        return "NULLIF(trim(" + v + "), '')";
    }

    private static String text(String column) {
        return column == null ? "CAST(NULL AS VARCHAR)" : "CAST(" + Sql.id(column) + " AS VARCHAR)";
    }

    private static String number(String column, Map<String, ColumnType> types) {
        if (column == null) {
            return "CAST(NULL AS DOUBLE)";
        }
        ColumnType type = types.get(column);
        if (type != ColumnType.INTEGER && type != ColumnType.DECIMAL) {
            throw new InvalidOptionException(
                    "numeric column",
                    column,
                    "its values were read as " + type.name().toLowerCase(Locale.ROOT) + ", not numbers");
        }
        return "CAST(" + Sql.id(column) + " AS DOUBLE)";
    }

    // ---------------------------------------------------------------- shared

    private OrderData finish(
            SqlSession db,
            String layout,
            List<String> files,
            long linesRead,
            boolean hasDates,
            boolean hasMoney,
            OrderSource.Mapping mapping,
            boolean hasReordered) {
        // layouts without returns (Instacart) get them empty, so every analysis reads the same tables
        exec(
                db,
                "CREATE TABLE IF NOT EXISTS " + t("returns") + " (problem VARCHAR, c INTEGER, item_key VARCHAR, "
                        + "quantity DOUBLE, amount DOUBLE, ts TIMESTAMP, o INTEGER)");
        exec(db, "CREATE TABLE IF NOT EXISTS " + t("cancelled_orders") + " (o INTEGER)");
        long linesUsed = queryLong(db, "SELECT count(*) FROM " + t("lines"));
        long orders = queryLong(db, "SELECT count(*) FROM " + t("orders"));
        long baskets = queryLong(db, "SELECT count(DISTINCT o) FROM " + t("lines"));
        long customers = queryLong(db, "SELECT count(*) FROM " + t("customers"));
        long items = queryLong(db, "SELECT count(DISTINCT i) FROM " + t("lines"));
        var report = new LoadReport(
                layout, files, linesRead, linesUsed, orders, baskets, customers, items, hasDates, hasMoney, mapping,
                issues);
        return new OrderData(engine, p, report, customers > 0, hasReordered);
    }

    private String issuesText() {
        return String.join(
                ", ", issues.stream().map(i -> i.count() + " " + i.problem()).toList());
    }

    private void removeBad(
            SqlSession db, String table, String where, String problem, String description, String action) {
        long n = queryLong(db, "SELECT count(*) FROM " + table + " WHERE " + where);
        if (n > 0) {
            List<String> rows =
                    db.queryOrFail("SELECT rowid FROM " + table + " WHERE " + where + " ORDER BY rowid LIMIT 3", rs -> {
                        var out = new ArrayList<String>();
                        while (rs.next()) {
                            out.add("data row " + (rs.getLong(1) + 1));
                        }
                        return out;
                    });
            issues.add(new RowIssue(problem, description, n, action, rows));
            exec(db, "DELETE FROM " + table + " WHERE " + where);
        }
    }

    private void count(SqlSession db, String table, String where, String problem, String description, String action) {
        long n = queryLong(db, "SELECT count(*) FROM " + table + " WHERE " + where);
        if (n > 0) {
            issues.add(new RowIssue(problem, description, n, action, List.of()));
        }
    }

    private List<String> columns(SqlSession db, Path file) {
        try {
            return db.queryStrings("SELECT column_name FROM (DESCRIBE SELECT * FROM " + csv(file) + ")");
        } catch (SQLException e) {
            throw new InvalidFileException(file, "cannot be read as CSV: " + SqlSession.firstLine(e.getMessage()), e);
        }
    }

    private static void require(Path file, List<String> columns, String... required) {
        for (String r : required) {
            if (!columns.contains(r)) {
                throw new InvalidFileException(
                        file, "has no column '" + r + "' (it has: " + String.join(", ", columns) + ")");
            }
        }
    }

    private static String opt(List<String> columns, String column, String expression, String type) {
        return columns.contains(column) ? expression : "CAST(NULL AS " + type + ")";
    }

    private static String csv(Path file) {
        return "read_csv(" + Sql.str(file.toAbsolutePath().toString()) + ", header = true, all_varchar = true)";
    }

    private String t(String name) {
        return p + name;
    }

    private static void run(SqlSession db, Path file, String sql) {
        try {
            db.execute(sql);
        } catch (SQLException e) {
            throw new InvalidFileException(file, "cannot be read: " + SqlSession.firstLine(e.getMessage()), e);
        }
    }

    private static void exec(SqlSession db, String sql) {
        db.executeOrFail(sql);
    }

    private static long queryLong(SqlSession db, String sql) {
        return db.queryOrFail(sql, rs -> {
            rs.next();
            return rs.getLong(1);
        });
    }

    private void dropAll() {
        try (SqlSession db = new SqlSession(engine)) {
            for (String table : db.queryStrings(
                    "SELECT table_name FROM duckdb_tables() WHERE starts_with(table_name, " + Sql.str(p) + ")")) {
                db.execute("DROP TABLE IF EXISTS " + Sql.id(table));
            }
        } catch (SQLException | RuntimeException e) {
            // the original failure is what the user needs to see
        }
    }
}
