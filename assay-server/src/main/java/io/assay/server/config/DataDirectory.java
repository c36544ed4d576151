package io.assay.server.config;

import io.assay.core.error.InvalidOptionException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Prepares the environment before anything opens: creates the data directory (the SQLite file and the upload
 * staging area live there) and reads secrets from files named by {@code ASSAY_AUTH_ADMIN_KEY_FILE} and
 * {@code ASSAY_DATABASE_PASSWORD_FILE}, so that secrets come only from the environment or a file.
 */
public final class DataDirectory implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    private static final Map<String, String> SECRET_FILES = Map.of(
            "ASSAY_AUTH_ADMIN_KEY_FILE", "assay.auth.admin-key",
            "ASSAY_DATABASE_PASSWORD_FILE", "spring.datasource.password");

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        ConfigurableEnvironment env = event.getEnvironment();
        String dir = env.getProperty("assay.data-dir");
        if (dir == null || dir.isBlank()) {
            throw new InvalidOptionException("data directory", "(none)", "set assay.data-dir or ASSAY_HOME");
        }
        Path root = Path.of(dir);
        try {
            Files.createDirectories(root.resolve("tmp").resolve("uploads"));
        } catch (IOException e) {
            throw new InvalidOptionException("data directory", root, "cannot be created: " + e.getMessage());
        }
        var secrets = new LinkedHashMap<String, Object>();
        SECRET_FILES.forEach((variable, property) -> {
            String file = env.getProperty(variable);
            if (file != null && !file.isBlank()) {
                try {
                    secrets.put(
                            property,
                            Files.readString(Path.of(file), StandardCharsets.UTF_8)
                                    .strip());
                } catch (IOException e) {
                    throw new InvalidOptionException(variable, file, "cannot be read: " + e.getMessage());
                }
            }
        });
        if (!secrets.isEmpty()) {
            env.getPropertySources().addFirst(new MapPropertySource("assay-secret-files", secrets));
        }
    }
}
