package io.assay.ml.registry;

import io.assay.core.error.InternalException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Artifacts as files {@code <dir>/<first two hex digits>/<sha256>}, written atomically. */
public final class LocalArtifactStore implements ArtifactStore {

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
        if (!sha.matches("[0-9a-f]{64}")) {
            throw new CorruptArtifactException(sha, "has an invalid key");
        }
        return dir.resolve(sha.substring(0, 2)).resolve(sha);
    }

    @Override
    public String put(byte[] bytes) {
        String sha = sha256(bytes);
        Path target = path(sha);
        if (Files.exists(target)) {
            return sha;
        }
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), ".artifact-", ".tmp");
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
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

    @Override
    public void delete(String sha) {
        try {
            Files.deleteIfExists(path(sha));
        } catch (IOException e) {
            throw new InternalException("cannot delete a model artifact: " + e.getMessage(), e);
        }
    }
}
