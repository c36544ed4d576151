package io.assay.core.sql;

import io.assay.core.error.InternalException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A connection to a {@link DuckEngine} with small conveniences: every call uses a fresh statement (a DuckDB
 * statement is unusable after an error) and SQL errors surface as {@link SQLException} for the caller to
 * translate into a user-facing error, or as {@link InternalException} through the {@code *OrFail} variants.
 */
public final class SqlSession implements AutoCloseable {

    /** Reads a result set into a value. */
    @FunctionalInterface
    public interface ResultReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private final Connection connection;

    public SqlSession(DuckEngine engine) {
        this.connection = engine.connect();
    }

    public Connection connection() {
        return connection;
    }

    public void execute(String sql) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute(sql);
        }
    }

    public <T> T query(String sql, ResultReader<T> reader) throws SQLException {
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            return reader.read(rs);
        }
    }

    /** The first column of every row, as strings. */
    public List<String> queryStrings(String sql) throws SQLException {
        return query(sql, rs -> {
            var out = new ArrayList<String>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        });
    }

    /** The single number a query such as {@code SELECT count(*) ...} returns. */
    public long queryLong(String sql) throws SQLException {
        return query(sql, rs -> {
            rs.next();
            return rs.getLong(1);
        });
    }

    /** Runs a statement that Assay itself wrote; a failure here is a bug, not bad input. */
    public void executeOrFail(String sql) {
        try {
            execute(sql);
        } catch (SQLException e) {
            throw new InternalException("SQL failed: " + firstLine(e.getMessage()), e);
        }
    }

    public <T> T queryOrFail(String sql, ResultReader<T> reader) {
        try {
            return query(sql, reader);
        } catch (SQLException e) {
            throw new InternalException("SQL failed: " + firstLine(e.getMessage()), e);
        }
    }

    /** The first line of a DuckDB error message (the rest repeats the query and options). */
    public static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new InternalException("cannot close a DuckDB connection: " + e.getMessage(), e);
        }
    }
}
