package io.assay.server.models;

import io.assay.core.json.Json;
import io.assay.ml.Task;
import io.assay.ml.registry.ArtifactStore;
import io.assay.ml.registry.IndexedModelRegistry;
import io.assay.ml.registry.ModelVersion;
import io.assay.ml.registry.Stage;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;

/**
 * One owner's model registry with its index in the service's database ({@code model_versions}) and its files in an
 * artifact store under the data directory. The registry's rules are {@link IndexedModelRegistry}'s; this class stores
 * the index: a change runs in a transaction (joining the caller's, e.g. the one that records a training job's result)
 * that first locks the owner's {@code model_registries} row, so two changes to one owner's registry never interleave,
 * on SQLite or PostgreSQL.
 */
final class DatabaseModelRegistry extends IndexedModelRegistry {

    private static final String COLUMNS = "name, version, stage, type, task, target, classes, options, metrics,"
            + " data_sha256, data_rows, seed, assay_version, libraries, document_sha256, estimator_sha256, bytes,"
            + " created_at, left_production_at";

    private final String owner;
    private final JdbcClient db;
    private final TransactionTemplate tx;

    DatabaseModelRegistry(String owner, JdbcClient db, TransactionTemplate tx, ArtifactStore artifacts) {
        super(artifacts);
        this.owner = owner;
        this.db = db;
        this.tx = tx;
    }

    @Override
    protected List<ModelVersion> read() {
        return db.sql("SELECT " + COLUMNS + " FROM model_versions WHERE owner = ? ORDER BY name, version")
                .param(owner)
                .query(DatabaseModelRegistry::row)
                .list();
    }

    @Override
    protected <T> T update(Function<List<ModelVersion>, T> change) {
        return tx.execute(status -> {
            db.sql("INSERT INTO model_registries (owner, revision) VALUES (?, 0) ON CONFLICT (owner) DO NOTHING")
                    .param(owner)
                    .update();
            db.sql("UPDATE model_registries SET revision = revision + 1 WHERE owner = ?")
                    .param(owner)
                    .update();
            List<ModelVersion> before = read();
            var after = new ArrayList<>(before);
            T result = change.apply(after);
            store(before, after);
            return result;
        });
    }

    /** Writes the difference between two states of the index: deleted, added and restaged versions. */
    private void store(List<ModelVersion> before, List<ModelVersion> after) {
        Map<String, ModelVersion> old = new HashMap<>();
        before.forEach(v -> old.put(v.id(), v));
        Map<String, ModelVersion> now = new LinkedHashMap<>();
        after.forEach(v -> now.put(v.id(), v));
        for (var v : before) {
            if (!now.containsKey(v.id())) {
                db.sql("DELETE FROM model_versions WHERE owner = ? AND name = ? AND version = ?")
                        .params(owner, v.name(), v.version())
                        .update();
            }
        }
        for (var v : now.values()) {
            var was = old.get(v.id());
            if (was == null) {
                insert(v);
            } else if (was.stage() != v.stage()) {
                db.sql("UPDATE model_versions SET stage = ?, left_production_at = ?"
                                + " WHERE owner = ? AND name = ? AND version = ?")
                        .params(v.stage().label(), millis(v.leftProductionAt()), owner, v.name(), v.version())
                        .update();
            } else if (!was.equals(v)) {
                throw new IllegalStateException("only a version's stage changes once registered: " + v.id());
            }
        }
    }

    private void insert(ModelVersion v) {
        db.sql("INSERT INTO model_versions (owner, " + COLUMNS + ")"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        owner,
                        v.name(),
                        v.version(),
                        v.stage().label(),
                        v.type(),
                        v.task().label(),
                        v.target(),
                        Json.write(v.classes()),
                        v.options() == null ? null : Json.write(v.options()),
                        Json.write(v.metrics()),
                        v.dataSha256(),
                        v.dataRows(),
                        v.seed(),
                        v.assayVersion(),
                        Json.write(v.libraries()),
                        v.documentSha256(),
                        v.estimatorSha256(),
                        v.bytes(),
                        v.createdAt().toEpochMilli(),
                        millis(v.leftProductionAt()))
                .update();
    }

    private static Long millis(Instant t) {
        return t == null ? null : t.toEpochMilli();
    }

    private static ModelVersion row(ResultSet rs, int n) throws SQLException {
        String name = rs.getString("name");
        int version = rs.getInt("version");
        String options = rs.getString("options");
        Number left = (Number) rs.getObject("left_production_at");
        return new ModelVersion(
                name + "@" + version,
                name,
                version,
                Instant.ofEpochMilli(rs.getLong("created_at")),
                Stage.parse(rs.getString("stage")),
                rs.getString("type"),
                Task.parse(rs.getString("task")),
                rs.getString("target"),
                Json.mapper().readValue(rs.getString("classes"), new TypeReference<List<String>>() {}),
                options == null ? null : Json.mapper().readTree(options),
                Json.mapper().readValue(rs.getString("metrics"), new TypeReference<LinkedHashMap<String, Double>>() {}),
                rs.getString("data_sha256"),
                rs.getLong("data_rows"),
                rs.getLong("seed"),
                rs.getString("assay_version"),
                Json.mapper().readValue(rs.getString("libraries"), new TypeReference<Map<String, String>>() {}),
                rs.getString("document_sha256"),
                rs.getString("estimator_sha256"),
                rs.getLong("bytes"),
                left == null ? null : Instant.ofEpochMilli(left.longValue()));
    }
}
