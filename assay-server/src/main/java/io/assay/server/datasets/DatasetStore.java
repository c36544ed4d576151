package io.assay.server.datasets;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code datasets} table; every read is scoped to an owner. */
@Repository
class DatasetStore {

    private static final String COLUMNS =
            "id, owner, name, format, bytes, sha256, file, sheet, header_row, status, error_type,"
                    + " error_message, row_count, column_count, created_at, expires_at";

    private final JdbcClient db;

    DatasetStore(JdbcClient db) {
        this.db = db;
    }

    void insert(DatasetRecord d) {
        db.sql("INSERT INTO datasets (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        d.id(),
                        d.owner(),
                        d.name(),
                        d.format(),
                        d.bytes(),
                        d.sha256(),
                        d.file(),
                        d.sheet(),
                        d.headerRow(),
                        d.status(),
                        null,
                        null,
                        null,
                        null,
                        d.createdAt().toEpochMilli(),
                        d.expiresAt().toEpochMilli())
                .update();
    }

    Optional<DatasetRecord> find(String owner, String id) {
        return db.sql("SELECT " + COLUMNS + " FROM datasets WHERE id = ? AND owner = ?")
                .params(id, owner)
                .query(DatasetStore::row)
                .optional();
    }

    Optional<DatasetRecord> find(String id) {
        return db.sql("SELECT " + COLUMNS + " FROM datasets WHERE id = ?")
                .param(id)
                .query(DatasetStore::row)
                .optional();
    }

    /** {@code owner}'s datasets, newest first, {@code limit} of them after skipping {@code offset}. */
    List<DatasetRecord> list(String owner, int limit, int offset) {
        return db.sql("SELECT " + COLUMNS
                        + " FROM datasets WHERE owner = ? ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?")
                .param(owner)
                .param(limit)
                .param(offset)
                .query(DatasetStore::row)
                .list();
    }

    Optional<String> profile(String owner, String id) {
        return db.sql("SELECT profile FROM datasets WHERE id = ? AND owner = ? AND profile IS NOT NULL")
                .params(id, owner)
                .query(String.class)
                .optional();
    }

    static void ready(JdbcClient db, String id, long rows, int columns, String profile) {
        db.sql("UPDATE datasets SET status = 'ready', row_count = ?, column_count = ?, profile = ?,"
                        + " error_type = NULL, error_message = NULL WHERE id = ?")
                .params(rows, columns, profile, id)
                .update();
    }

    static void failed(JdbcClient db, String id, String type, String message) {
        db.sql("UPDATE datasets SET status = 'failed', error_type = ?, error_message = ? WHERE id = ?")
                .params(type, message, id)
                .update();
    }

    boolean delete(String owner, String id) {
        return db.sql("DELETE FROM datasets WHERE id = ? AND owner = ?")
                        .params(id, owner)
                        .update()
                == 1;
    }

    List<DatasetRecord> expired(long now) {
        return db.sql("SELECT " + COLUMNS + " FROM datasets WHERE expires_at < ?")
                .param(now)
                .query(DatasetStore::row)
                .list();
    }

    int count() {
        return db.sql("SELECT COUNT(*) FROM datasets").query(Integer.class).single();
    }

    private static DatasetRecord row(ResultSet rs, int n) throws SQLException {
        long rows = rs.getLong("row_count");
        boolean noRows = rs.wasNull();
        int columns = rs.getInt("column_count");
        boolean noColumns = rs.wasNull();
        int headerRow = rs.getInt("header_row");
        boolean noHeaderRow = rs.wasNull();
        return new DatasetRecord(
                rs.getString("id"),
                rs.getString("owner"),
                rs.getString("name"),
                rs.getString("format"),
                rs.getLong("bytes"),
                rs.getString("sha256"),
                rs.getString("file"),
                rs.getString("sheet"),
                noHeaderRow ? null : headerRow,
                rs.getString("status"),
                rs.getString("error_type"),
                rs.getString("error_message"),
                noRows ? null : rows,
                noColumns ? null : columns,
                Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("expires_at")));
    }
}
