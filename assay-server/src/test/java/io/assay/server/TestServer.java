package io.assay.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A running service on a random port, started the way {@code assay serve} starts it, on SQLite or on a real
 * PostgreSQL server. The shared servers (one per database) are started once per test run.
 */
public final class TestServer implements AutoCloseable {

    static final String ADMIN_KEY = "test-admin-key-0123456789abcdef";

    private static final Map<Database, TestServer> SHARED = new ConcurrentHashMap<>();

    final Database database;
    final Path dataDir;
    final ConfigurableApplicationContext context;
    final String base;

    private TestServer(Database database, Path dataDir, ConfigurableApplicationContext context) {
        this.database = database;
        this.dataDir = dataDir;
        this.context = context;
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        this.base = "http://127.0.0.1:" + port;
    }

    /** The shared server on {@code database}, with generous rate limits and a 5 MB upload limit. */
    public static TestServer shared(Database database) {
        return SHARED.computeIfAbsent(database, d -> {
            var s = start(
                    d,
                    Map.of(
                            "assay.rate-limit.per-minute", 100_000,
                            "assay.rate-limit.per-hour", 1_000_000,
                            "assay.rate-limit.uploads-per-minute", 10_000,
                            "assay.rate-limit.reads-per-minute", 1_000_000,
                            "assay.upload.max-size", "5MB"));
            Runtime.getRuntime().addShutdownHook(new Thread(s::close));
            return s;
        });
    }

    static TestServer start(Database database, Map<String, Object> properties) {
        try {
            return start(database, Files.createTempDirectory("assay-server-test-"), properties);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A server on an existing data directory: a new one, or the data directory of one that was killed (JobRunr then
     * picks up its orphaned jobs as a restarted service does).
     */
    static TestServer start(Database database, Path dir, Map<String, Object> properties) {
        var props = new LinkedHashMap<String, Object>();
        props.put("assay.log-format", "plain");
        props.put("assay.auth.admin-key", ADMIN_KEY);
        props.put("logging.level.root", "WARN");
        props.putAll(database.properties());
        props.putAll(properties);
        var context = AssayServer.start(new AssayServer.Options(0, "127.0.0.1", dir, false, props));
        return new TestServer(database, dir, context);
    }

    /** A bean of the running service (its stores, for the store contract tests). */
    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    Api admin() {
        return new Api(base, ADMIN_KEY);
    }

    Api anonymous() {
        return new Api(base, null);
    }

    @Override
    public void close() {
        context.close();
    }
}
