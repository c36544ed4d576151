package io.assay.server.jobs;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The {@code jobs} table. */
@Repository
class JobStore {

    private static final String COLUMNS =
            "id, owner, kind, subject, status, stage, progress, attempts, cancel_requested, request, result,"
                    + " error_type, error_message, created_at, started_at, finished_at, expires_at";

    private final JdbcClient db;
    private final JsonMapper json;

    JobStore(JdbcClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    void insert(JobRecord j) {
        db.sql("INSERT INTO jobs (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        j.id(),
                        j.owner(),
                        j.kind(),
                        j.subject(),
                        j.status().name(),
                        j.stage(),
                        j.progress(),
                        j.attempts(),
                        j.cancelRequested() ? 1 : 0,
                        json.writeValueAsString(j.request()),
                        null,
                        null,
                        null,
                        j.createdAt().toEpochMilli(),
                        null,
                        null,
                        j.expiresAt().toEpochMilli())
                .update();
    }

    Optional<JobRecord> find(String id) {
        return db.sql("SELECT " + COLUMNS + " FROM jobs WHERE id = ?")
                .param(id)
                .query(this::row)
                .optional();
    }

    Optional<JobRecord> find(String owner, String id) {
        return find(id).filter(j -> j.owner().equals(owner));
    }

    /** {@code owner}'s jobs, newest first, {@code limit} of them after skipping {@code offset}. */
    List<JobRecord> list(String owner, String status, String kind, int limit, int offset) {
        var sql = new StringBuilder("SELECT " + COLUMNS + " FROM jobs WHERE owner = :owner");
        if (status != null) {
            sql.append(" AND status = :status");
        }
        if (kind != null) {
            sql.append(" AND kind = :kind");
        }
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset");
        var q = db.sql(sql.toString())
                .param("owner", owner)
                .param("limit", limit)
                .param("offset", offset);
        if (status != null) {
            q = q.param("status", status);
        }
        if (kind != null) {
            q = q.param("kind", kind);
        }
        return q.query(this::row).list();
    }

    /** Marks a job running; false when it is already finished or was cancelled before it started. */
    boolean start(String id, long now) {
        return db.sql(
                                "UPDATE jobs SET status = 'RUNNING', attempts = attempts + 1, started_at = ?, stage = ?,"
                                        + " progress = 0 WHERE id = ? AND status IN ('QUEUED', 'RUNNING') AND cancel_requested = 0")
                        .params(now, "starting", id)
                        .update()
                == 1;
    }

    /** Saves progress; returns whether cancellation was requested. */
    boolean progress(String id, String stage, double percent) {
        db.sql("UPDATE jobs SET stage = ?, progress = ? WHERE id = ? AND status = 'RUNNING'")
                .params(stage == null ? null : truncate(stage, 200), percent, id)
                .update();
        return db.sql("SELECT cancel_requested FROM jobs WHERE id = ?")
                        .param(id)
                        .query(Integer.class)
                        .optional()
                        .orElse(0)
                == 1;
    }

    void finish(String id, JobStatus status, JsonNode result, JobRecord.Error error, long now) {
        db.sql("UPDATE jobs SET status = ?, result = ?, error_type = ?, error_message = ?, finished_at = ?,"
                        + " progress = CASE WHEN ? = 'SUCCEEDED' THEN 100 ELSE progress END,"
                        + " stage = ? WHERE id = ?")
                .params(
                        status.name(),
                        result == null ? null : json.writeValueAsString(result),
                        error == null ? null : error.type(),
                        error == null ? null : truncate(error.detail(), 4000),
                        now,
                        status.name(),
                        status.label(),
                        id)
                .update();
    }

    int requestCancel(String id) {
        return db.sql("UPDATE jobs SET cancel_requested = 1 WHERE id = ? AND status IN ('QUEUED', 'RUNNING')")
                .param(id)
                .update();
    }

    int cancelQueued(String id, long now) {
        return db.sql("UPDATE jobs SET status = 'CANCELLED', finished_at = ?, stage = 'cancelled' WHERE id = ?"
                        + " AND status = 'QUEUED'")
                .params(now, id)
                .update();
    }

    int countActive() {
        return db.sql("SELECT COUNT(*) FROM jobs WHERE status IN ('QUEUED', 'RUNNING')")
                .query(Integer.class)
                .single();
    }

    List<JobRecord> expired(long now) {
        return db.sql("SELECT " + COLUMNS + " FROM jobs WHERE expires_at < ? AND status NOT IN ('QUEUED', 'RUNNING')")
                .param(now)
                .query(this::row)
                .list();
    }

    void delete(String id) {
        db.sql("DELETE FROM jobs WHERE id = ?").param(id).update();
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    private JobRecord row(ResultSet rs, int n) throws SQLException {
        String errorType = rs.getString("error_type");
        String result = rs.getString("result");
        return new JobRecord(
                rs.getString("id"),
                rs.getString("owner"),
                rs.getString("kind"),
                rs.getString("subject"),
                JobStatus.valueOf(rs.getString("status")),
                rs.getString("stage"),
                rs.getDouble("progress"),
                rs.getInt("attempts"),
                rs.getInt("cancel_requested") == 1,
                json.readTree(rs.getString("request")),
                result == null ? null : json.readTree(result),
                errorType == null ? null : new JobRecord.Error(errorType, rs.getString("error_message")),
                instant(rs, "created_at"),
                instant(rs, "started_at"),
                instant(rs, "finished_at"),
                instant(rs, "expires_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }
}
