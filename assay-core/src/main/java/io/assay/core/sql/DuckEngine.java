package io.assay.core.sql;

import io.assay.core.error.InternalException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.duckdb.DuckDBConnection;

/**
 * One embedded, in-memory DuckDB database: Assay's analytical engine for reading files and running SQL over
 * millions of rows. Data larger than {@link Options#memoryLimit()} spills to {@link Options#spillDirectory()}, so
 * files larger than memory can be ingested and profiled.
 *
 * <pre>{@code
 * try (DuckEngine engine = DuckEngine.open(DuckEngine.Options.defaults(home.resolve("tmp")))) {
 *     try (Dataset ds = Ingest.open(engine, path, Ingest.Options.defaults())) { ... }
 * }
 * }</pre>
 *
 * <p>Connections are cheap: each caller takes its own ({@link #connect()}) because DuckDB connections are not
 * meant to be shared between threads.
 */
public final class DuckEngine implements AutoCloseable {

    /**
     * @param threads worker threads DuckDB may use (0 = one per core)
     * @param memoryLimit DuckDB's memory limit, e.g. {@code 4GB} (empty = DuckDB's default, 80% of RAM)
     * @param spillDirectory where DuckDB writes what does not fit in memory (null = DuckDB's default)
     */
    public record Options(int threads, String memoryLimit, Path spillDirectory) {

        public Options {
            if (threads < 0) {
                throw new io.assay.core.error.InvalidOptionException(
                        "threads", threads, "must be 0 (all cores) or more");
            }
            memoryLimit = memoryLimit == null ? "" : memoryLimit.trim();
            if (!memoryLimit.isEmpty()
                    && !memoryLimit.matches("(?i)\\d+(\\.\\d+)?\\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB|%)")) {
                throw new io.assay.core.error.InvalidOptionException(
                        "memory limit", memoryLimit, "write it like 512MB, 4GB or 50%");
            }
        }

        public static Options defaults(Path spillDirectory) {
            return new Options(0, "", spillDirectory);
        }
    }

    private final DuckDBConnection root;

    private DuckEngine(DuckDBConnection root) {
        this.root = root;
    }

    public static DuckEngine open(Options options) {
        try {
            var props = new Properties();
            var conn = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:", props);
            try (var st = conn.createStatement()) {
                if (options.threads() > 0) {
                    st.execute("SET threads = " + options.threads());
                }
                if (!options.memoryLimit().isEmpty()) {
                    String limit = options.memoryLimit();
                    if (limit.endsWith("%")) {
                        double share = Double.parseDouble(limit.substring(0, limit.length() - 1)) / 100.0;
                        long bytes = (long) (physicalMemoryBytes() * share);
                        limit = (bytes / (1024 * 1024)) + "MiB";
                    }
                    st.execute("SET memory_limit = " + Sql.str(limit));
                }
                if (options.spillDirectory() != null) {
                    Files.createDirectories(options.spillDirectory());
                    st.execute("SET temp_directory = "
                            + Sql.str(options.spillDirectory().toString()));
                }
                st.execute("SET preserve_insertion_order = true");
                // Assay never installs extensions at run time: everything it needs is built into the driver.
                st.execute("SET autoinstall_known_extensions = false");
                st.execute("SET autoload_known_extensions = false");
            }
            return new DuckEngine(conn);
        } catch (SQLException | IOException e) {
            throw new InternalException("cannot start the embedded DuckDB engine: " + e.getMessage(), e);
        }
    }

    /** A new connection to this database; the caller closes it. */
    Connection connect() {
        try {
            return root.duplicate();
        } catch (SQLException e) {
            throw new InternalException("cannot open a DuckDB connection: " + e.getMessage(), e);
        }
    }

    private static long physicalMemoryBytes() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getTotalMemorySize();
        }
        return 4L * 1024 * 1024 * 1024;
    }

    @Override
    public void close() {
        try {
            root.close();
        } catch (SQLException e) {
            throw new InternalException("cannot close the DuckDB engine: " + e.getMessage(), e);
        }
    }
}
