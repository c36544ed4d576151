package io.assay.leakage;

import io.assay.core.error.InternalException;
import io.assay.core.sql.Sql;
import io.assay.core.sql.SqlSession;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The working tables of one analysis in its in-memory DuckDB database: created with unique names, filled through the
 * appender (prepared inserts are two orders of magnitude slower), all dropped on close. They are ordinary tables, not
 * temporary ones, so that other sessions of the analysis can read them at the same time.
 */
final class TempTables implements AutoCloseable {

    /** One column of a table to fill: its name and DuckDB type ({@code VARCHAR}, {@code DOUBLE}, ...). */
    record Col(String name, String type) {}

    private final SqlSession db;
    private final String prefix;
    private final List<String> created; // shared with the views of other sessions; guarded by itself

    TempTables(SqlSession db) {
        this(db, "lk_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + "_", new ArrayList<>());
    }

    private TempTables(SqlSession db, String prefix, List<String> created) {
        this.db = db;
        this.prefix = prefix;
        this.created = created;
    }

    /**
     * These tables as seen from another session, for work beside this session's: tables it creates are these
     * tables' (dropped when this one closes). Do not close the view.
     */
    TempTables in(SqlSession other) {
        return new TempTables(other, prefix, created);
    }

    SqlSession db() {
        return db;
    }

    /** A fresh unique table name (unquoted) for {@code role}; a role may be used several times. */
    String name(String role) {
        synchronized (created) {
            String n = prefix + role + "_" + created.size();
            created.add(n);
            return n;
        }
    }

    /**
     * Creates view {@code role} of {@code select}; returns its quoted name. For a relation that later statements read
     * a few columns of at a time: nothing is written, each reads what it needs.
     */
    String createView(String role, String select) {
        String n = name("view_" + role);
        db.executeOrFail("CREATE VIEW " + Sql.id(n) + " AS " + select);
        return Sql.id(n);
    }

    /** Creates table {@code role} as the result of {@code select}; returns its quoted name. */
    String createAs(String role, String select) {
        String n = name(role);
        db.executeOrFail("CREATE TABLE " + Sql.id(n) + " AS " + select);
        return Sql.id(n);
    }

    /** Creates table {@code role} with {@code cols} and the given rows (values in column order; null allowed). */
    String fill(String role, List<Col> cols, List<Object[]> rows) {
        String n = name(role);
        var defs = new ArrayList<String>();
        for (Col c : cols) {
            defs.add(Sql.id(c.name()) + " " + c.type());
        }
        db.executeOrFail("CREATE TABLE " + Sql.id(n) + " (" + String.join(", ", defs) + ")");
        try {
            var conn = db.connection().unwrap(DuckDBConnection.class);
            try (DuckDBAppender a = conn.createAppender("main", n)) {
                for (Object[] row : rows) {
                    a.beginRow();
                    for (Object v : row) {
                        switch (v) {
                            case null -> a.appendNull();
                            case Double d -> a.append(d.doubleValue());
                            case Long l -> a.append(l.longValue());
                            case Integer i -> a.append(i.intValue());
                            case Boolean b -> a.append(b.booleanValue());
                            default -> a.append(v.toString());
                        }
                    }
                    a.endRow();
                }
            }
        } catch (SQLException e) {
            throw new InternalException("cannot fill a working table: " + SqlSession.firstLine(e.getMessage()), e);
        }
        return Sql.id(n);
    }

    @Override
    public void close() {
        synchronized (created) {
            dropAll();
        }
    }

    private void dropAll() {
        // views first: they read the tables
        var order = new ArrayList<>(created);
        order.sort(java.util.Comparator.comparing((String n) -> !n.startsWith(prefix + "view_")));
        for (String n : order) {
            try {
                db.execute((n.startsWith(prefix + "view_") ? "DROP VIEW IF EXISTS " : "DROP TABLE IF EXISTS ")
                        + Sql.id(n));
            } catch (SQLException ignored) {
                // best effort: the in-memory database goes with the engine anyway
            }
        }
        created.clear();
    }
}
