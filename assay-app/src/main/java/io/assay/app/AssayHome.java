package io.assay.app;

import io.assay.core.error.InvalidOptionException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The one directory where Assay keeps everything (registry, caches, databases, uploads, spill files): the directory
 * given explicitly ({@code --data-dir}), else {@code $ASSAY_HOME}, else {@code ~/.assay}.
 */
public record AssayHome(Path root) {

    public AssayHome {
        root = root.toAbsolutePath().normalize();
    }

    /** Resolves the data directory from an explicit choice (may be null) and the environment. */
    public static AssayHome resolve(Path explicit, Map<String, String> environment) {
        if (explicit != null) {
            return new AssayHome(explicit);
        }
        String env = environment.get("ASSAY_HOME");
        if (env != null && !env.isBlank()) {
            return new AssayHome(Path.of(env));
        }
        return new AssayHome(Path.of(System.getProperty("user.home"), ".assay"));
    }

    /** Creates the directory if needed and checks it is writable. */
    public AssayHome ensure() {
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new InvalidOptionException("data directory", root, "cannot be created: " + e.getMessage());
        }
        if (!Files.isWritable(root)) {
            throw new InvalidOptionException("data directory", root, "is not writable");
        }
        return this;
    }

    /** Where DuckDB writes data that does not fit in memory. */
    public Path spill() {
        return dir("tmp");
    }

    /** Where the model registry keeps its index and artifacts. */
    public Path registry() {
        return dir("registry");
    }

    /** Where derived data (trained default models, caches) is kept. */
    public Path cache() {
        return dir("cache");
    }

    private Path dir(String name) {
        Path p = root.resolve(name);
        try {
            Files.createDirectories(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + p, e);
        }
        return p;
    }
}
