package io.assay.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shared datasets beside the repository (core cannot use the testkit module, which depends on it). */
public final class Shared {

    private Shared() {}

    public static Path file(String relative) {
        String env = System.getenv("ASSAY_SHARED_DATA");
        if (env != null && Files.exists(Path.of(env, relative))) {
            return Path.of(env, relative);
        }
        Path dir = Path.of("").toAbsolutePath();
        for (int i = 0; i < 5 && dir != null; i++, dir = dir.getParent()) {
            Path candidate = dir.resolve("../shared/data").normalize().resolve(relative);
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("shared dataset not found: ../shared/data/" + relative);
    }
}
