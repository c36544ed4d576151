package io.assay.core.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A file the user named for output, written whole or not at all: the writer fills a hidden temporary sibling with the
 * same extension (writers choose their format by it), and {@link #commit()} moves it over the target in one step, so
 * a failed run never leaves a half-written file in place of an earlier good one. A target that exists but is not a
 * regular file ({@code /dev/null}, a named pipe, a terminal) is written in place: moving a file over it would replace
 * the device itself.
 *
 * <pre>{@code
 * try (var out = OutputFile.of(Path.of("scores.csv"))) {
 *     write(out.path());
 *     out.commit();
 * } // not committed: the temporary file is deleted
 * }</pre>
 */
public final class OutputFile implements AutoCloseable {

    private final Path target;
    private final Path path;
    private boolean finished;

    private OutputFile(Path target, Path path) {
        this.target = target;
        this.path = path;
    }

    /** Prepares to write {@code target}, creating its folder; a directory is refused. */
    public static OutputFile of(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            throw new IOException("it is a directory");
        }
        if (Files.exists(abs) && !Files.isRegularFile(abs)) {
            return new OutputFile(abs, abs);
        }
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        String name = abs.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot);
        return new OutputFile(abs, dir.resolve("." + name + "." + Long.toHexString(System.nanoTime()) + ".tmp" + ext));
    }

    /** Writes {@code text} to {@code target} whole or not at all. */
    public static void writeString(Path target, String text) throws IOException {
        try (var out = of(target)) {
            Files.writeString(out.path(), text);
            out.commit();
        }
    }

    /** Where the writer writes. */
    public Path path() {
        return path;
    }

    /** Puts the written file in place of the target. */
    public void commit() throws IOException {
        if (!path.equals(target)) {
            Files.move(path, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        finished = true;
    }

    /** Without a commit, deletes what was written (never the target). */
    @Override
    public void close() {
        if (!finished && !path.equals(target)) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                // a leftover hidden temporary file is harmless
            }
        }
        finished = true;
    }
}
