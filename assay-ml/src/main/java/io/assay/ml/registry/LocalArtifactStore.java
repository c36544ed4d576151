package io.assay.ml.registry;

import io.assay.core.error.InternalException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Artifacts as files {@code <dir>/<first two hex digits>/<sha256>}, written atomically. */
public final class LocalArtifactStore implements ArtifactStore {

    private static final Pattern KEY = Pattern.compile("[0-9a-f]{64}");

    private final Path dir;

    public LocalArtifactStore(Path dir) {
        this.dir = dir;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path path(String sha) {
        if (!KEY.matcher(sha).matches()) {
            throw new CorruptArtifactException(sha, "has an invalid key");
        }
        return dir.resolve(sha.substring(0, 2)).resolve(sha);
    }

    @Override
    public String put(byte[] bytes) {
        String sha = sha256(bytes);
        Path target = path(sha);
        if (Files.exists(target) && renewed(target)) {
            return sha;
        }
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), ".artifact-", ".tmp");
            try {
                Files.write(tmp, bytes);
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp); // a write that failed (a full disk) leaves nothing behind
            }
            return sha;
        } catch (IOException e) {
            throw new InternalException("cannot store a model artifact in " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] get(String sha) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path(sha));
        } catch (NoSuchFileException e) {
            throw new CorruptArtifactException(sha, "is missing from " + dir);
        } catch (IOException e) {
            throw new InternalException("cannot read a model artifact: " + e.getMessage(), e);
        }
        if (!sha256(bytes).equals(sha)) {
            throw new CorruptArtifactException(
                    sha, "does not match its checksum (changed on disk); refusing to load it");
        }
        return bytes;
    }

    @Override
    public boolean exists(String sha) {
        return Files.exists(path(sha));
    }

    /**
     * Marks an artifact stored again now, so that a sweep of unused files does not take it while it is staged; false
     * when it has just been deleted (it is then written again).
     */
    private boolean renewed(Path target) {
        try {
            Files.setLastModifiedTime(target, FileTime.from(Instant.now()));
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new InternalException("cannot store a model artifact in " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<Entry> list() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.find(
                dir, 2, (p, a) -> a.isRegularFile() && KEY.matcher(name(p)).matches())) {
            var out = new ArrayList<Entry>();
            for (Path p : (Iterable<Path>) files::iterator) {
                try {
                    var attributes = Files.readAttributes(p, BasicFileAttributes.class);
                    out.add(new Entry(
                            name(p),
                            attributes.size(),
                            attributes.lastModifiedTime().toInstant()));
                } catch (NoSuchFileException e) {
                    // deleted since it was found (a prune or a delete running now): not stored any more
                }
            }
            return out;
        } catch (IOException | UncheckedIOException e) {
            throw new InternalException("cannot list the model artifacts in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String name(Path p) {
        return p.getFileName().toString();
    }

    @Override
    public boolean deleteIfStoredBefore(String sha, Instant instant) {
        Path file = path(sha);
        try {
            if (!Files.getLastModifiedTime(file).toInstant().isBefore(instant)) {
                return false;
            }
            return Files.deleteIfExists(file);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new InternalException("cannot delete a model artifact: " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String sha) {
        try {
            Files.deleteIfExists(path(sha));
        } catch (IOException e) {
            throw new InternalException("cannot delete a model artifact: " + e.getMessage(), e);
        }
    }
}
