package io.assay.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the project's shared datasets ({@code ../shared/data} beside the repository) from any module's working
 * directory, and fails with a clear message when they are not there.
 */
public final class SharedData {

    private SharedData() {}

    /** The shared data directory. */
    public static Path root() {
        String env = System.getenv("ASSAY_SHARED_DATA");
        if (env != null && Files.isDirectory(Path.of(env, "domains"))) {
            return Path.of(env);
        }
        Path dir = Path.of("").toAbsolutePath();
        for (int i = 0; i < 5 && dir != null; i++, dir = dir.getParent()) {
            Path candidate = dir.resolve("../shared/data").normalize();
            if (Files.isDirectory(candidate.resolve("domains"))) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "the shared datasets are missing: expected ../shared/data beside the repository (see DEVELOPERS.md)");
    }

    /** A file under the shared data directory, e.g. {@code file("domains/supermarket_sales.csv")}. */
    public static Path file(String relative) {
        Path p = root().resolve(relative);
        if (!Files.exists(p)) {
            throw new IllegalStateException("shared dataset not found: " + p);
        }
        return p;
    }
}
