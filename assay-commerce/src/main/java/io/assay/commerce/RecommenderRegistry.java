package io.assay.commerce;

import io.assay.core.json.Json;
import io.assay.core.pipeline.Features;
import io.assay.core.pipeline.FittedPipeline;
import io.assay.core.pipeline.Pipeline;
import io.assay.ml.Estimator;
import io.assay.ml.Evaluation;
import io.assay.ml.ModelSpec;
import io.assay.ml.Provenance;
import io.assay.ml.SavedEstimator;
import io.assay.ml.Task;
import io.assay.ml.TrainedModel;
import io.assay.ml.metrics.RecommendationMetrics;
import io.assay.ml.registry.ArtifactStore;
import io.assay.ml.registry.LocalArtifactStore;
import io.assay.ml.registry.ModelNotFoundException;
import io.assay.ml.registry.ModelRegistry;
import io.assay.ml.registry.ModelVersion;
import io.assay.ml.registry.StagedModel;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Trained recommenders in the model registry, beside the models and detectors: each training registers the next
 * version of its name (type {@code recommender:implicit_als}, task {@code recommendation}, validation precision@10 as
 * its metric), so listing, promotion, rollback, retention and deletion are the registry's own ({@code assay models}).
 * The estimator artifact is the recommender's {@link RecommenderFile}, read back after the artifact store verified its
 * checksum; the training provenance is the version's options.
 *
 * <pre>{@code
 * RecommenderRegistry recommenders = RecommenderRegistry.open(home.registry());
 * ModelVersion v = recommenders.register("shop", Recommender.train(interactions, options, progress));
 * Recommender serving = recommenders.load("shop");        // production, else the latest
 * Recommender second = recommenders.load("shop@2");
 * }</pre>
 */
public final class RecommenderRegistry {

    /** Registered type of an implicit-ALS recommender. */
    public static final String TYPE = "recommender:implicit_als";

    /** The {@link SavedEstimator} format of a recommender file. */
    public static final String FORMAT = "assay-als";

    private final ModelRegistry registry;
    private final ArtifactStore artifacts;

    /**
     * @param registry the model registry
     * @param artifacts the artifact store the registry keeps its files in
     */
    public RecommenderRegistry(ModelRegistry registry, ArtifactStore artifacts) {
        this.registry = registry;
        this.artifacts = artifacts;
    }

    /** The registry in {@code dir} (the layout of {@link ModelRegistry#open(Path)}: artifacts in {@code dir/artifacts}). */
    public static RecommenderRegistry open(Path dir) {
        return new RecommenderRegistry(ModelRegistry.open(dir), new LocalArtifactStore(dir.resolve("artifacts")));
    }

    /** Whether a registered version is a recommender. */
    private static boolean isRecommender(ModelVersion v) {
        return TYPE.equals(v.type());
    }

    /** Stores {@code model} as the next version of {@code name}, in stage candidate. */
    ModelVersion register(String name, Recommender model) {
        return registry.register(stage(name, model));
    }

    /**
     * Writes {@code model}'s files to be registered as {@code name} without making it a version yet (see {@link
     * ModelRegistry#stage}); {@link #register(StagedModel)} does that later, e.g. in a transaction of the caller's.
     */
    public StagedModel stage(String name, Recommender model) {
        Recommender.Provenance p = model.provenance();
        var spec = new ModelSpec(
                TYPE, Task.RECOMMENDATION, Json.mapper().valueToTree(p), null, List.of(), List.of(), null);
        Double chosen = p.validation().get(Double.toString(p.regularization()));
        var metrics =
                new RecommendationMetrics(chosen == null ? Double.NaN : chosen, p.users(), p.items(), p.nonZeros());
        var evaluation = new Evaluation(
                Task.RECOMMENDATION,
                p.nonZeros(),
                0,
                metrics,
                Map.of(),
                List.of(),
                null,
                List.of(String.format(
                        java.util.Locale.ROOT,
                        "%,d customers × %,d items, %,d interactions; λ %s",
                        p.users(),
                        p.items(),
                        p.nonZeros(),
                        p.regularization())));
        var provenance = new Provenance(
                p.assayVersion(),
                Map.of("java", Runtime.version().toString()),
                p.options().seed(),
                parseInstant(p.trainedAt()),
                new Provenance.DataFingerprint(p.dataFingerprint(), p.nonZeros(), List.of()));
        var none = new FittedPipeline(Pipeline.Options.defaults(), List.of(), List.of());
        return registry.stage(name, new TrainedModel(spec, none, new Saved(model), evaluation, provenance));
    }

    /** Makes a staged recommender the next version of its name. */
    public ModelVersion register(StagedModel staged) {
        return registry.register(staged);
    }

    /**
     * The recommender {@code ref} names: {@code NAME} (its production version, else the latest) or {@code NAME@SPEC}
     * (a version number, {@code latest} or {@code production}).
     *
     * @throws RecommenderNotFoundException when no recommender has that name
     * @throws DamagedModelException when its file cannot be parsed
     */
    public Recommender load(String ref) {
        ModelVersion v = find(ref);
        Recommender.Provenance provenance = Json.mapper().treeToValue(v.options(), Recommender.Provenance.class);
        Path where = Path.of("artifacts", v.estimatorSha256());
        return RecommenderFile.read(artifacts.get(v.estimatorSha256()), where, provenance);
    }

    /** How a stored recommender was trained, without loading its factors. */
    public Recommender.Provenance describe(String ref) {
        return Json.mapper().treeToValue(find(ref).options(), Recommender.Provenance.class);
    }

    /** The registered version {@code ref} names (see {@link #load}). */
    private ModelVersion find(String ref) {
        int at = ref.lastIndexOf('@');
        String name = at < 0 ? ref : ref.substring(0, at);
        String spec = at < 0 ? null : ref.substring(at + 1);
        ModelVersion v;
        try {
            v = registry.find(name, spec);
        } catch (ModelNotFoundException e) {
            if (registry.list().stream().anyMatch(m -> m.name().equals(name) && isRecommender(m))) {
                throw e; // the name exists, the version does not: the registry's message says which exist
            }
            throw new RecommenderNotFoundException(name, names());
        }
        if (!isRecommender(v)) {
            throw new RecommenderNotFoundException(name, names());
        }
        return v;
    }

    /** Names that have at least one recommender version, sorted. */
    public List<String> names() {
        return registry.list().stream()
                .filter(RecommenderRegistry::isRecommender)
                .map(ModelVersion::name)
                .distinct()
                .sorted()
                .toList();
    }

    private static Instant parseInstant(String s) {
        try {
            return s == null ? Instant.now() : Instant.parse(s);
        } catch (java.time.format.DateTimeParseException e) {
            return Instant.now();
        }
    }

    /** The recommender as the registry's {@link Estimator}: it ranks items for customers, not rows of a table. */
    private record Saved(Recommender model) implements Estimator {

        @Override
        public double[] predict(Features x) {
            throw new UnsupportedOperationException("a recommender ranks items: use assay recommend");
        }

        @Override
        public SavedEstimator save() {
            return new SavedEstimator(FORMAT, RecommenderFile.write(model));
        }
    }
}
