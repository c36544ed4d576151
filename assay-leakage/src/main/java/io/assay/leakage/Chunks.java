package io.assay.leakage;

import io.assay.core.error.InternalException;
import io.assay.core.sql.SqlSession;
import java.sql.SQLException;
import org.duckdb.DuckDBChunkedResult;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDataChunkReader;
import org.duckdb.DuckDBPreparedStatement;

/**
 * Reads a query's result a chunk of columns at a time (DuckDB's chunked results) rather than row by row through
 * JDBC: for the results of many rows an analysis reads, a third of the time or less.
 */
final class Chunks {

    /** What to do with each chunk; its vectors are valid only during the call. */
    @FunctionalInterface
    interface Reader {
        void read(DuckDBDataChunkReader chunk);
    }

    private Chunks() {}

    /** Runs {@code sql}, a query Assay wrote, in {@code db} and hands each chunk of its result to {@code reader}. */
    static void read(SqlSession db, String sql, Reader reader) {
        try (DuckDBPreparedStatement st =
                        db.connection().unwrap(DuckDBConnection.class).prepare(sql);
                DuckDBChunkedResult result = st.query()) {
            while (result.nextChunk()) {
                reader.read(result.chunk());
            }
        } catch (SQLException e) {
            throw new InternalException("SQL failed: " + SqlSession.firstLine(e.getMessage()), e);
        }
    }
}
