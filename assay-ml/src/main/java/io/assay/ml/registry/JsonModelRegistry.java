package io.assay.ml.registry;

import io.assay.core.error.InternalException;
import io.assay.core.json.Json;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The registry as one JSON index file beside a content-addressed artifact store. Every change is a
 * read-modify-write under a file lock, written to a temporary file and moved into place, so concurrent CLI runs
 * and crashes never leave a half-written index.
 */
final class JsonModelRegistry extends IndexedModelRegistry {

    /** The index file's content. */
    record Index(int format, List<ModelVersion> models) {
        Index {
            models = List.copyOf(models);
        }
    }

    private final Path dir;
    private final Path index;
    /** File locks exclude other processes; this excludes other threads of this one (use one instance per directory). */
    private final ReentrantLock lock = new ReentrantLock();

    JsonModelRegistry(Path dir, ArtifactStore store) {
        super(store);
        this.dir = dir;
        this.index = dir.resolve("index.json");
    }

    @Override
    protected List<ModelVersion> read() {
        if (!Files.exists(index)) {
            return List.of();
        }
        try {
            return Json.read(Files.readString(index), Index.class).models();
        } catch (IOException e) {
            throw new InternalException("cannot read the model registry index " + index + ": " + e.getMessage(), e);
        }
    }

    /** Applies {@code change} to the index under an exclusive lock and writes the result atomically. */
    @Override
    @SuppressWarnings("try") // the file lock is held for the block, never read
    protected <T> T update(Function<List<ModelVersion>, T> change) {
        lock.lock();
        try {
            Files.createDirectories(dir);
            try (var lockChannel = FileChannel.open(
                            dir.resolve("index.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    var held = lockChannel.lock()) {
                var models = new ArrayList<>(read());
                T result = change.apply(models);
                Path tmp = Files.createTempFile(dir, ".index-", ".json");
                Files.writeString(tmp, Json.write(new Index(1, models)), StandardCharsets.UTF_8);
                try {
                    Files.move(tmp, index, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, index, StandardCopyOption.REPLACE_EXISTING);
                }
                return result;
            }
        } catch (IOException e) {
            throw new InternalException("cannot update the model registry in " + dir + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }
}
