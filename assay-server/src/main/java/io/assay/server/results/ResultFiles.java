package io.assay.server.results;

import io.assay.app.AssayHome;
import io.assay.server.web.ApiException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The files a job produces (flagged rows, scores, reports), under {@code <data dir>/results/<owner>/<job id>/}. The
 * use cases write them only when a run succeeds; a failed or expired job's directory is deleted.
 */
@Component
public class ResultFiles {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private final Path root;

    ResultFiles(AssayHome home) {
        this.root = home.root().resolve("results");
    }

    /** The job's result directory (created). */
    public Path directory(String owner, String jobId) {
        Path dir = root.resolve(safe(owner, ID)).resolve(safe(jobId, ID));
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        return dir;
    }

    /** A file the job wrote, or 404. */
    public Path file(String owner, String jobId, String name) {
        Path f = root.resolve(safe(owner, ID)).resolve(safe(jobId, ID)).resolve(safe(name, FILE));
        if (!Files.isRegularFile(f)) {
            throw ApiException.notFound("result file", name);
        }
        return f;
    }

    /** Deletes the job's files. */
    public void delete(String owner, String jobId) {
        Path dir = root.resolve(safe(owner, ID)).resolve(safe(jobId, ID));
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    private static String safe(String s, Pattern allowed) {
        if (s == null || !allowed.matcher(s).matches() || s.contains("..")) {
            throw ApiException.notFound("result", String.valueOf(s));
        }
        return s;
    }
}
