package io.assay.server.security;

import io.assay.server.web.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Users and their API keys. A key is 256 random bits shown once at creation; only its SHA-256 is stored (a key has
 * far too much entropy for a fast hash to be guessed, and a fast hash keeps per-request checks cheap). Checked keys
 * are remembered for 30 s; a revoked key stops working at once on this node (within 30 s on the others).
 */
@Service
public class ApiKeys {

    /** A key as listed (never the secret). */
    public record KeyInfo(String id, String userId, String userName, Role role, String label, Instant createdAt) {}

    /** A newly created key: {@code secret} is shown once and never again. */
    public record NewKey(KeyInfo key, String secret) {}

    public record User(String id, String name, Instant createdAt) {}

    private static final String PREFIX = "assay_";
    /** Checked keys, so that a busy client costs one hash per request and no query; emptied when a key is revoked. */
    private final com.github.benmanes.caffeine.cache.Cache<String, Optional<Caller>> checked =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
                    .expireAfterWrite(java.time.Duration.ofSeconds(30))
                    .maximumSize(10_000)
                    .build();

    private final SecureRandom random = new SecureRandom();
    private final JdbcClient db;
    private final Clock clock;

    public ApiKeys(JdbcClient db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    static String hash(String secret) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The caller a presented key stands for, if it is a live key. */
    public Optional<Caller> authenticate(String secret) {
        if (secret == null || secret.length() > 200) {
            return Optional.empty();
        }
        return checked.get(hash(secret), this::lookup);
    }

    private Optional<Caller> lookup(String hash) {
        return db.sql("SELECT id, user_id, role FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL")
                .param(hash)
                .query((rs, n) ->
                        new Caller(rs.getString("user_id"), rs.getString("id"), Role.valueOf(rs.getString("role"))))
                .optional();
    }

    @Transactional
    public User createUser(String name) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._@-]{0,99}")) {
            throw ApiException.badRequest(
                    "invalid-user-name", "a user name is 1 to 100 letters, digits, '.', '_', '@' or '-'");
        }
        if (findUser(name).isPresent()) {
            throw ApiException.conflict("user-exists", "a user named " + name + " already exists");
        }
        var u = new User(UUID.randomUUID().toString(), name, clock.instant());
        db.sql("INSERT INTO users (id, name, created_at) VALUES (?, ?, ?)")
                .params(u.id(), u.name(), u.createdAt().toEpochMilli())
                .update();
        return u;
    }

    public Optional<User> findUser(String idOrName) {
        return db.sql("SELECT id, name, created_at FROM users WHERE id = ? OR name = ?")
                .params(idOrName, idOrName)
                .query((rs, n) -> new User(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3))))
                .optional();
    }

    public List<User> users() {
        return db.sql("SELECT id, name, created_at FROM users ORDER BY name")
                .query((rs, n) -> new User(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3))))
                .list();
    }

    /** Creates a key for {@code user} (an id or name); a generated secret unless {@code secret} is given. */
    @Transactional
    public NewKey createKey(String user, Role role, String label, String secret) {
        User u = findUser(user).orElseThrow(() -> ApiException.notFound("user", user));
        String s = secret != null
                ? secret
                : PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes());
        if (s.length() < 24) {
            throw ApiException.badRequest("weak-key", "an API key must have at least 24 characters");
        }
        var info = new KeyInfo(UUID.randomUUID().toString(), u.id(), u.name(), role, label, clock.instant());
        db.sql("INSERT INTO api_keys (id, user_id, role, key_hash, label, created_at) VALUES (?, ?, ?, ?, ?, ?)")
                .params(
                        info.id(),
                        u.id(),
                        role.name(),
                        hash(s),
                        label,
                        info.createdAt().toEpochMilli())
                .update();
        // a client that presented this secret before it existed (polling with the configured admin key while the
        // service starts) must not be refused for the rest of the cache's 30 s once the key is there
        afterCommit(() -> checked.invalidate(hash(s)));
        return new NewKey(info, s);
    }

    private static void afterCommit(Runnable action) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    action.run();
                }
            });
        } else {
            action.run();
        }
    }

    private byte[] bytes() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return b;
    }

    public List<KeyInfo> keys() {
        return db.sql("""
                        SELECT k.id, k.user_id, u.name, k.role, k.label, k.created_at
                        FROM api_keys k JOIN users u ON u.id = k.user_id
                        WHERE k.revoked_at IS NULL ORDER BY u.name, k.created_at""")
                .query((rs, n) -> new KeyInfo(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        Role.valueOf(rs.getString(4)),
                        rs.getString(5),
                        Instant.ofEpochMilli(rs.getLong(6))))
                .list();
    }

    /** Revokes a key: it stops working at once. */
    public void revoke(String keyId) {
        int n = db.sql("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
                .params(clock.millis(), keyId)
                .update();
        checked.invalidateAll();
        if (n == 0) {
            throw ApiException.notFound("key", keyId);
        }
    }

    public boolean anyAdminKey() {
        return db.sql("SELECT COUNT(*) FROM api_keys WHERE role = 'ADMIN' AND revoked_at IS NULL")
                        .query(Long.class)
                        .single()
                > 0;
    }
}
