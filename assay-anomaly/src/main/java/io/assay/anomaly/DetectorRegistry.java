package io.assay.anomaly;

import io.assay.core.error.InvalidOptionException;
import io.assay.core.pipeline.Features;
import io.assay.core.table.Field;
import io.assay.ml.Estimator;
import io.assay.ml.Evaluation;
import io.assay.ml.ModelSpec;
import io.assay.ml.Provenance;
import io.assay.ml.SavedEstimator;
import io.assay.ml.Task;
import io.assay.ml.TrainedModel;
import io.assay.ml.metrics.AnomalyMetrics;
import io.assay.ml.registry.ArtifactStore;
import io.assay.ml.registry.LocalArtifactStore;
import io.assay.ml.registry.ModelNotFoundException;
import io.assay.ml.registry.ModelRegistry;
import io.assay.ml.registry.ModelVersion;
import io.assay.ml.registry.StagedModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Trained detectors in the model registry, beside the models: a detector is registered as the next version of its
 * name (type {@code detector:<method>}, task {@code anomaly_detection}, with its metrics, seed, data fingerprint and
 * stage), so that listing, promotion, rollback, retention and deletion are the registry's own. Its estimator artifact
 * is the detector's portable file ({@link AnomalyModel#save()}), read back after the artifact store has verified its
 * checksum.
 *
 * <pre>{@code
 * DetectorRegistry detectors = DetectorRegistry.open(home.registry());
 * ModelVersion v = detectors.register("card-payments", model, metrics);
 * AnomalyModel same = detectors.load("card-payments", null);
 * }</pre>
 */
public final class DetectorRegistry {

    /** Registered types of detectors start with this. */
    public static final String TYPE_PREFIX = "detector:";

    /** The {@link SavedEstimator} format of a detector file. */
    public static final String FORMAT = "assay-detector-v1";

    private final ModelRegistry registry;
    private final ArtifactStore artifacts;

    /**
     * @param registry the model registry
     * @param artifacts the artifact store the registry keeps its files in
     */
    public DetectorRegistry(ModelRegistry registry, ArtifactStore artifacts) {
        this.registry = registry;
        this.artifacts = artifacts;
    }

    /** The registry in {@code dir} (the layout of {@link ModelRegistry#open(Path)}: artifacts in {@code dir/artifacts}). */
    public static DetectorRegistry open(Path dir) {
        return new DetectorRegistry(ModelRegistry.open(dir), new LocalArtifactStore(dir.resolve("artifacts")));
    }

    public ModelRegistry models() {
        return registry;
    }

    /** Whether a registered version is a detector. */
    private static boolean isDetector(ModelVersion v) {
        return v.type() != null && v.type().startsWith(TYPE_PREFIX);
    }

    /**
     * Registers {@code model} as the next version of {@code name}.
     *
     * @param metrics how it did on its training rows (anomaly rate; ROC AUC and average precision with a label)
     */
    public ModelVersion register(String name, AnomalyModel model, AnomalyMetrics metrics) {
        return registry.register(stage(name, model, metrics));
    }

    /**
     * Writes {@code model}'s files to be registered as {@code name} without making it a version yet (see {@link
     * ModelRegistry#stage}); {@code models().register(staged)} does that later, e.g. in a transaction of the caller's.
     */
    public StagedModel stage(String name, AnomalyModel model, AnomalyMetrics metrics) {
        var spec = new ModelSpec(
                TYPE_PREFIX + model.method(),
                Task.ANOMALY_DETECTION,
                model.options(),
                model.label(),
                List.of(),
                model.inputColumns(),
                model.thresholdScore());
        var notes = new java.util.ArrayList<String>();
        notes.add("threshold: " + model.threshold().describe());
        model.excluded().forEach(e -> notes.add("column '" + e.column() + "' left out: " + e.reason()));
        var evaluation = new Evaluation(
                Task.ANOMALY_DETECTION, model.provenance().rows(), 0, metrics, Map.of(), List.of(), null, notes);
        var schema = model.typical().stream()
                .map(t -> new Field(t.column(), t.type()))
                .toList();
        var provenance = new Provenance(
                model.provenance().assayVersion(),
                Map.of(
                        "smile",
                        String.valueOf(smile.math.MathEx.class.getPackage().getImplementationVersion()),
                        "java",
                        Runtime.version().toString()),
                model.provenance().seed(),
                model.provenance().trainedAt(),
                new Provenance.DataFingerprint(
                        model.provenance().featuresSha256(), model.provenance().rows(), schema));
        var trained = new TrainedModel(
                spec, model.parts().getFirst().pipeline(), new SavedDetector(model), evaluation, provenance);
        return registry.stage(name, trained);
    }

    /**
     * The version {@code version} names ({@code null}: production, else the latest; a number; {@code latest};
     * {@code production}), which must be a detector.
     */
    public ModelVersion find(String name, String version) {
        ModelVersion v = registry.find(name, version);
        if (!isDetector(v)) {
            throw new InvalidOptionException(
                    "model",
                    v.id(),
                    "is a model (task " + v.task().label() + ", " + v.type() + "), not an anomaly detector: "
                            + (v.task() == io.assay.ml.Task.RECOMMENDATION
                                    ? ""
                                    : "score a file with it by assay predict " + v.name() + " FILE, or ")
                            + "fit a detector with assay detect FILE --save NAME");
        }
        return v;
    }

    /** Loads a registered detector, its file verified against the checksum the registry recorded. */
    public AnomalyModel load(ModelVersion v) {
        if (!isDetector(v)) {
            throw new ModelNotFoundException(v.name(), Integer.toString(v.version()), "it is not a detector");
        }
        byte[] bytes;
        try {
            bytes = artifacts.get(v.estimatorSha256());
        } catch (io.assay.ml.registry.CorruptArtifactException e) {
            // a file changed on disk is a damaged detector as much as an edited one: bad input (exit 2, 4xx)
            throw new DetectorFileException(v.id() + "'s " + e.getMessage(), e);
        }
        return AnomalyModel.load(bytes);
    }

    public AnomalyModel load(String name, String version) {
        return load(find(name, version));
    }

    /**
     * The detector as the registry's {@link Estimator}: its saved form is the detector file. A single method also
     * scores the features its pipeline makes; an ensemble scores tables only (its members have pipelines of their
     * own), through {@link AnomalyModel#score}.
     */
    private record SavedDetector(AnomalyModel model) implements Estimator {

        @Override
        public double[] predict(Features x) {
            if (model.parts().size() != 1) {
                throw new UnsupportedOperationException(
                        "an ensemble scores tables (each member has its own pipeline): use AnomalyModel.score");
            }
            return model.parts().getFirst().model().score(x);
        }

        @Override
        public SavedEstimator save() {
            return new SavedEstimator(FORMAT, model.save());
        }
    }
}
