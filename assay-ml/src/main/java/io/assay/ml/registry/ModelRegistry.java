package io.assay.ml.registry;

import io.assay.ml.TrainedModel;
import java.time.Duration;
import java.util.List;

/**
 * Named, versioned models with a lifecycle: register, list, load (checksums verified), promote, roll back, pick the
 * best version by a metric, delete, prune by a retention rule, and sweep files no version uses. Versions of a name are numbered 1, 2, 3...
 *
 * <pre>{@code
 * ModelRegistry registry = ModelRegistry.open(home.registry());
 * ModelVersion v = registry.register("churn", model);
 * registry.promote("churn", v.version());
 * TrainedModel serving = registry.load("churn", "production");
 * }</pre>
 *
 * <p>A JSON index file backs it on one machine; the service keeps the index in its database
 * ({@link IndexedModelRegistry} holds the rules both share).
 */
public interface ModelRegistry {

    /** The JSON-index registry in {@code dir}, artifacts in {@code dir/artifacts}. */
    static ModelRegistry open(java.nio.file.Path dir) {
        return new JsonModelRegistry(dir, new LocalArtifactStore(dir.resolve("artifacts")));
    }

    /** Stores {@code model} as the next version of {@code name}, in stage candidate. */
    default ModelVersion register(String name, TrainedModel model) {
        return register(stage(name, model));
    }

    /** Writes the files of {@code model} to be registered as {@code name}, without making it a version yet. */
    StagedModel stage(String name, TrainedModel model);

    /** Makes a staged model the next version of its name, in stage candidate. */
    ModelVersion register(StagedModel staged);

    /** Every version of every model, by name then version. */
    List<ModelVersion> list();

    /** The versions of {@code name}, oldest first; {@link ModelNotFoundException} when there are none. */
    List<ModelVersion> versions(String name);

    /**
     * The version {@code spec} names: a number, {@code latest}, {@code production}, or null for the production
     * version if there is one, else the latest.
     */
    ModelVersion find(String name, String spec);

    /** Loads a version, verifying its artifacts' checksums. */
    TrainedModel load(ModelVersion version);

    default TrainedModel load(String name, String spec) {
        return load(find(name, spec));
    }

    /** Puts a version in production; the version that was there is archived. */
    ModelVersion promote(String name, int version);

    /**
     * Puts an earlier version back in production: {@code version}, or when null the version that was in production
     * before the current one (the archived version that left production most recently, whatever its number; a second
     * rollback undoes the first). The current one is archived. {@link NothingToRollBackException} when no archived
     * version has been in production.
     */
    ModelVersion rollback(String name, Integer version);

    /** Archives a candidate or production version. */
    ModelVersion archive(String name, int version);

    /** The version with the best value of {@code metric} (highest, or lowest for errors); ties go to the newest. */
    ModelVersion best(String name, String metric);

    /** Deletes a version and its artifacts; the production version only when {@code force}. */
    void delete(String name, int version, boolean force);

    /**
     * Deletes every version of {@code name} and returns them; {@link ModelNotFoundException} when there is none, and
     * refused while a version is in production unless {@code force}.
     */
    default List<ModelVersion> deleteAll(String name, boolean force) {
        var all = versions(name);
        for (var v : all) {
            if (v.stage() == Stage.PRODUCTION && !force) {
                throw new StageTransitionException(
                        name,
                        v.version(),
                        Stage.PRODUCTION,
                        Stage.ARCHIVED,
                        "delete the whole model with --force, which deletes the production version too");
            }
        }
        for (var v : all) {
            delete(name, v.version(), force);
        }
        return all;
    }

    /** Deletes every version of {@code name} (or of all models when null) that {@code retention} does not keep. */
    List<ModelVersion> prune(String name, Retention retention);

    /**
     * Deletes the stored files that no version uses and that were stored more than {@code grace} ago: those of a
     * training or import that wrote its model and failed (or was stopped) before registering it. The grace keeps a
     * model being registered right now.
     */
    Swept sweep(Duration grace);

    /**
     * The grace the service's cleanup and {@code assay models prune} give files no version uses: far longer than
     * storing and registering a model take, so that one being registered by another process is never taken.
     */
    Duration UNUSED_FILES_GRACE = Duration.ofHours(1);

    /** What a {@link #sweep(Duration)} deleted: how many files and how many bytes. */
    record Swept(int files, long bytes) {}
}
