package io.assay.cli;

import io.assay.core.error.InvalidOptionException;
import io.assay.server.AssayServer;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code assay serve}: the HTTP service (API, seed-compatible routes, API docs, health, metrics). */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Start the Assay service: the whole product over HTTP (/api/v1), the seed systems' routes, API docs at",
            "/swagger-ui.html, health at /health, metrics at /actuator/prometheus. State lives in an SQLite file in the",
            "data directory (ASSAY_DATABASE_URL=jdbc:postgresql://... for PostgreSQL). At the first start an admin API",
            "key is printed once. Stop with Ctrl-C: running requests finish first."
        },
        footer = {
            "",
            "Examples:",
            "  assay serve",
            "  assay serve --port 9000 --data-dir /srv/assay",
            "  assay serve --no-auth            (loopback only: every local caller is an administrator)",
            "  ASSAY_RATE_LIMIT_PER_MINUTE=120 ASSAY_TTL=48h assay serve --host 0.0.0.0"
        })
final class ServeCommand implements Callable<Integer> {

    private final Map<String, String> environment;

    ServeCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Option(names = "--port", paramLabel = "N", description = "TCP port (default: 8080).")
    int port = 8080;

    @Option(
            names = "--host",
            paramLabel = "ADDRESS",
            description = "Address to listen on (default: 127.0.0.1; 0.0.0.0 for every interface).")
    String host = "127.0.0.1";

    @Option(
            names = "--no-auth",
            description = "Serve without API keys; only allowed when listening on a loopback address.")
    boolean noAuth;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws InterruptedException {
        var home = common.home(environment).ensure();
        org.springframework.context.ConfigurableApplicationContext context;
        try {
            context = AssayServer.start(new AssayServer.Options(port, host, home.root(), noAuth, logFormat()));
        } catch (RuntimeException e) {
            throw databaseProblem(e, home.root());
        }
        var stopped = new CountDownLatch(1);
        context.addApplicationListener(e -> {
            if (e instanceof org.springframework.context.event.ContextClosedEvent) {
                stopped.countDown();
            }
        });
        context.registerShutdownHook();
        stopped.await();
        return 0;
    }

    /** Plain log lines for a person at a terminal, unless ASSAY_LOG_FORMAT says otherwise; JSON lines elsewhere. */
    private Map<String, Object> logFormat() {
        var console = System.console();
        boolean terminal = console != null && console.isTerminal();
        return terminal && environment.get("ASSAY_LOG_FORMAT") == null ? Map.of("assay.log-format", "plain") : Map.of();
    }

    /**
     * A start that failed on the database's migrations (a data directory written by another build of Assay) as a
     * one-line reason with the way out; anything else as it was.
     */
    static RuntimeException databaseProblem(RuntimeException e, java.nio.file.Path dataDir) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getClass().getName().startsWith("org.flywaydb.")) {
                String first = String.valueOf(t.getMessage())
                        .strip()
                        .lines()
                        .findFirst()
                        .orElse("");
                return new InvalidOptionException(
                        "--data-dir",
                        dataDir,
                        "its database does not match this build of Assay (" + first + "); start with --data-dir"
                                + " pointing to a new folder, or move " + dataDir.resolve("assay.db") + " away");
            }
        }
        return e;
    }
}
