package io.assay.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The Assay HTTP service: the whole product over HTTP (datasets, analyses, detections, models, jobs), the seed
 * systems' routes for their existing clients, API docs, health and metrics, on embedded defaults (an SQLite file in
 * the data directory) or on PostgreSQL by configuration.
 *
 * <pre>{@code
 * ConfigurableApplicationContext server = AssayServer.start(new AssayServer.Options(8080, "127.0.0.1", home, false, Map.of()));
 * }</pre>
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AssayServer {

    /**
     * How to start the service.
     *
     * @param port TCP port (0: any free port)
     * @param host address to bind ({@code 127.0.0.1} by default; {@code 0.0.0.0} for every interface)
     * @param dataDir the data directory (database file, uploads, models)
     * @param noAuth serve without API keys; refused unless {@code host} is a loopback address
     * @param properties further Spring properties (tests, benchmarks), e.g. {@code assay.rate-limit.enabled}
     */
    public record Options(int port, String host, Path dataDir, boolean noAuth, Map<String, Object> properties) {
        public Options {
            if (port < 0 || port > 65535) {
                throw new io.assay.core.error.InvalidOptionException("port", port, "must be between 0 and 65535");
            }
            host = host == null || host.isBlank() ? "127.0.0.1" : host.trim();
            properties = properties == null ? Map.of() : Map.copyOf(properties);
            if (noAuth && !isLoopback(host)) {
                throw new io.assay.core.error.InvalidOptionException(
                        "--no-auth with host",
                        host,
                        "serving without API keys is only allowed on a loopback address (127.0.0.1, ::1, localhost)");
            }
        }
    }

    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Starts the service and returns once it accepts requests; the options win over every other setting. */
    public static ConfigurableApplicationContext start(Options options) {
        var props = new LinkedHashMap<String, Object>();
        props.put("server.port", options.port());
        props.put("server.address", options.host());
        props.put(
                "assay.data-dir", options.dataDir().toAbsolutePath().normalize().toString());
        props.put("assay.auth.enabled", !options.noAuth());
        props.putAll(options.properties());
        return application()
                .run(props.entrySet().stream()
                        .map(e -> "--" + e.getKey() + "=" + e.getValue())
                        .toArray(String[]::new));
    }

    private static SpringApplication application() {
        var app = new SpringApplication(AssayServer.class);
        app.addListeners(new io.assay.server.config.DataDirectory());
        return app;
    }

    /** Starts the service from Spring-style arguments ({@code --server.port=8080 --assay.data-dir=DIR}). */
    public static void main(String[] args) {
        application().run(args);
    }
}
