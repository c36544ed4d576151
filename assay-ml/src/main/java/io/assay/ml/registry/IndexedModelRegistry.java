package io.assay.ml.registry;

import io.assay.core.error.InvalidOptionException;
import io.assay.core.json.Json;
import io.assay.ml.SavedEstimator;
import io.assay.ml.TrainedModel;
import io.assay.ml.Trainer;
import io.assay.ml.metrics.Metrics;
import io.assay.ml.zoo.ModelZoo;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The registry's rules (version numbering, stages, promotion and rollback, best by metric, retention, checksummed
 * loading, deleting artifacts no version uses, sweeping those left by failed registrations) over an index of versions kept somewhere: a JSON file on one machine
 * ({@link ModelRegistry#open}), database rows in the service. A subclass only reads the index and applies a change to
 * it atomically; model files go to a content-addressed {@link ArtifactStore}.
 */
public abstract class IndexedModelRegistry implements ModelRegistry {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private final ArtifactStore store;

    protected IndexedModelRegistry(ArtifactStore store) {
        this.store = store;
    }

    /** Every version in the index, in any order. */
    protected abstract List<ModelVersion> read();

    /**
     * Applies {@code change} to the versions in the index (it adds, removes and replaces elements of the list it is
     * given) and stores the result, atomically: concurrent changes from other threads or processes are serialized,
     * and nothing is stored when {@code change} throws.
     */
    protected abstract <T> T update(Function<List<ModelVersion>, T> change);

    /** Refuses a name a version cannot have: 1 to 100 letters, digits, '.', '_' or '-', starting with one of the first two. */
    public static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            // a hostile name can be very long: the exception shows its start, enough to recognise it
            throw new InvalidOptionException(
                    "model name",
                    name,
                    "use 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }

    @Override
    public StagedModel stage(String name, TrainedModel model) {
        checkName(name);
        SavedEstimator saved = model.estimator().save();
        String estimatorSha = store.put(saved.bytes());
        var document = new ModelDocument(
                ModelDocument.FORMAT,
                model.spec(),
                model.pipeline(),
                model.evaluation(),
                model.provenance(),
                saved.format(),
                estimatorSha);
        byte[] documentBytes = Json.write(document).getBytes(StandardCharsets.UTF_8);
        String documentSha = store.put(documentBytes);
        return new StagedModel(name, model, documentSha, estimatorSha, saved.bytes().length + documentBytes.length);
    }

    @Override
    public ModelVersion register(StagedModel staged) {
        checkName(staged.name());
        String name = staged.name();
        if (!store.exists(staged.documentSha256()) || !store.exists(staged.estimatorSha256())) {
            throw new CorruptArtifactException(staged.documentSha256(), "was not stored in this registry's artifacts");
        }
        return update(models -> {
            int next = models.stream()
                            .filter(v -> v.name().equals(name))
                            .mapToInt(ModelVersion::version)
                            .max()
                            .orElse(0)
                    + 1;
            var model = staged.model();
            var spec = model.spec();
            var p = model.provenance();
            var v = new ModelVersion(
                    name + "@" + next,
                    name,
                    next,
                    Instant.now(),
                    Stage.CANDIDATE,
                    spec.type(),
                    spec.task(),
                    spec.target(),
                    spec.classes(),
                    spec.options(),
                    model.evaluation().metrics().headline(),
                    p.data().sha256(),
                    p.data().rows(),
                    p.seed(),
                    p.assayVersion(),
                    p.libraries(),
                    staged.documentSha256(),
                    staged.estimatorSha256(),
                    staged.bytes(),
                    null);
            models.add(v);
            return v;
        });
    }

    @Override
    public List<ModelVersion> list() {
        return read().stream()
                .sorted(Comparator.comparing(ModelVersion::name).thenComparingInt(ModelVersion::version))
                .toList();
    }

    @Override
    public List<ModelVersion> versions(String name) {
        var out = list().stream().filter(v -> v.name().equals(name)).toList();
        if (out.isEmpty()) {
            var names = list().stream().map(ModelVersion::name).distinct().toList();
            throw new ModelNotFoundException(
                    name, null, names.isEmpty() ? "the registry is empty" : "models: " + String.join(", ", names));
        }
        return out;
    }

    @Override
    public ModelVersion find(String name, String spec) {
        var versions = versions(name);
        if (spec == null || spec.isBlank()) {
            return versions.stream()
                    .filter(v -> v.stage() == Stage.PRODUCTION)
                    .findFirst()
                    .orElse(versions.getLast());
        }
        return switch (spec.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "latest" -> versions.getLast();
            case "production" ->
                versions.stream()
                        .filter(v -> v.stage() == Stage.PRODUCTION)
                        .findFirst()
                        .orElseThrow(() -> new ModelNotFoundException(
                                name, "production", "no version is in production; promote one"));
            default -> {
                int number;
                try {
                    number = Integer.parseInt(spec.trim());
                } catch (NumberFormatException e) {
                    throw new InvalidOptionException("model version", spec, "use a number, latest or production");
                }
                yield versions.stream()
                        .filter(v -> v.version() == number)
                        .findFirst()
                        .orElseThrow(() -> new ModelNotFoundException(
                                name,
                                spec,
                                "versions: "
                                        + String.join(
                                                ", ",
                                                versions.stream()
                                                        .map(v -> Integer.toString(v.version()))
                                                        .toList())));
            }
        };
    }

    @Override
    public TrainedModel load(ModelVersion v) {
        if (!ModelZoo.knows(v.type())) {
            throw new InvalidOptionException(
                    "model",
                    v.id(),
                    "is a " + v.task().label() + " model (" + v.type() + "), not a table model; use "
                            + (v.task() == io.assay.ml.Task.RECOMMENDATION ? "assay recommend" : "assay detect"));
        }
        byte[] bytes = store.get(v.documentSha256());
        ModelDocument doc = Json.read(new String(bytes, StandardCharsets.UTF_8), ModelDocument.class);
        if (doc.format() > ModelDocument.FORMAT) {
            throw new InvalidOptionException(
                    "model format", doc.format(), "was written by a newer Assay; upgrade to load it");
        }
        if (!doc.estimatorSha256().equals(v.estimatorSha256())) {
            throw new CorruptArtifactException(v.estimatorSha256(), "is not the estimator the model document names");
        }
        var saved = new SavedEstimator(doc.estimatorFormat(), store.get(doc.estimatorSha256()));
        return rebuild(ModelZoo.trainer(doc.spec().type()), doc, saved);
    }

    private static <O extends Record> TrainedModel rebuild(
            Trainer<O> trainer, ModelDocument doc, SavedEstimator saved) {
        O options = Json.mapper().treeToValue(doc.spec().options(), trainer.optionsType());
        int width = doc.pipeline().featureNames().size();
        var estimator = trainer.load(
                saved,
                options,
                new Trainer.Shape(doc.spec().task(), doc.spec().classes().size(), width));
        return new TrainedModel(doc.spec(), doc.pipeline(), estimator, doc.evaluation(), doc.provenance());
    }

    private static ModelVersion locate(List<ModelVersion> models, String name, int version) {
        return models.stream()
                .filter(v -> v.name().equals(name) && v.version() == version)
                .findFirst()
                .orElseThrow(() -> new ModelNotFoundException(name, Integer.toString(version), ""));
    }

    private static void replace(List<ModelVersion> models, ModelVersion v) {
        for (int i = 0; i < models.size(); i++) {
            if (models.get(i).id().equals(v.id())) {
                models.set(i, v);
            }
        }
    }

    private static ModelVersion move(List<ModelVersion> models, ModelVersion v, Stage to, String reason) {
        if (!v.stage().next().contains(to)) {
            throw new StageTransitionException(v.name(), v.version(), v.stage(), to, reason);
        }
        var moved = v.withStage(to, v.stage() == Stage.PRODUCTION ? leftNow(models, v.name()) : v.leftProductionAt());
        replace(models, moved);
        return moved;
    }

    /**
     * The time a version of {@code name} leaves production now: later than any version of it left before, even within
     * one millisecond (the database keeps milliseconds), so that the order of departures is the order of changes.
     */
    private static Instant leftNow(List<ModelVersion> models, String name) {
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Instant last = models.stream()
                .filter(v -> v.name().equals(name) && v.leftProductionAt() != null)
                .map(ModelVersion::leftProductionAt)
                .max(Comparator.naturalOrder())
                .orElse(Instant.EPOCH);
        return now.isAfter(last) ? now : last.plusMillis(1);
    }

    @Override
    public ModelVersion promote(String name, int version) {
        versions(name);
        return update(models -> {
            var target = locate(models, name, version);
            if (target.stage() == Stage.PRODUCTION) {
                throw new StageTransitionException(
                        name, version, Stage.PRODUCTION, Stage.PRODUCTION, "it is already in production");
            }
            models.stream()
                    .filter(v -> v.name().equals(name) && v.stage() == Stage.PRODUCTION)
                    .toList()
                    .forEach(current -> move(models, current, Stage.ARCHIVED, ""));
            return move(models, target, Stage.PRODUCTION, "");
        });
    }

    @Override
    public ModelVersion rollback(String name, Integer version) {
        versions(name);
        return update(models -> {
            var current = models.stream()
                    .filter(v -> v.name().equals(name) && v.stage() == Stage.PRODUCTION)
                    .findFirst();
            var target = version != null ? locate(models, name, version) : previousProduction(models, name, current);
            if (target.stage() == Stage.PRODUCTION) {
                throw new StageTransitionException(
                        name, target.version(), Stage.PRODUCTION, Stage.PRODUCTION, "it is already in production");
            }
            current.ifPresent(c -> move(models, c, Stage.ARCHIVED, ""));
            return move(models, target, Stage.PRODUCTION, "");
        });
    }

    /**
     * The archived version that left production most recently: the one in production before the current one, by time,
     * not by number (so a rollback after promoting 2 then 1 puts 2 back, and a second rollback undoes the first).
     */
    private static ModelVersion previousProduction(
            List<ModelVersion> models, String name, java.util.Optional<ModelVersion> current) {
        return models.stream()
                .filter(v -> v.name().equals(name) && v.stage() == Stage.ARCHIVED && v.leftProductionAt() != null)
                .max(Comparator.comparing(ModelVersion::leftProductionAt))
                .orElseThrow(() -> new NothingToRollBackException(
                        name, current.map(ModelVersion::id).orElse(null)));
    }

    @Override
    public ModelVersion archive(String name, int version) {
        versions(name);
        return update(models -> move(models, locate(models, name, version), Stage.ARCHIVED, ""));
    }

    @Override
    public ModelVersion best(String name, String metric) {
        var versions = versions(name);
        var with =
                versions.stream().filter(v -> v.metrics().containsKey(metric)).toList();
        if (with.isEmpty()) {
            var known = versions.stream()
                    .flatMap(v -> v.metrics().keySet().stream())
                    .distinct()
                    .sorted()
                    .toList();
            throw new InvalidOptionException(
                    "metric", metric, "the versions of " + name + " have: " + String.join(", ", known));
        }
        boolean higher = Metrics.higherIsBetter(metric);
        Comparator<ModelVersion> byMetric =
                Comparator.comparingDouble(v -> v.metrics().get(metric));
        if (!higher) {
            byMetric = byMetric.reversed();
        }
        return with.stream()
                .max(byMetric.thenComparingInt(ModelVersion::version))
                .orElseThrow();
    }

    @Override
    public void delete(String name, int version, boolean force) {
        versions(name);
        var removed = update(models -> {
            var v = locate(models, name, version);
            if (v.stage() == Stage.PRODUCTION && !force) {
                throw new StageTransitionException(
                        name,
                        version,
                        Stage.PRODUCTION,
                        Stage.ARCHIVED,
                        "it is in production; promote another version first, or delete it with --force");
            }
            models.remove(v);
            return List.of(v);
        });
        deleteArtifacts(removed);
    }

    @Override
    public List<ModelVersion> prune(String name, Retention retention) {
        if (name != null) {
            versions(name);
        }
        Instant now = Instant.now();
        var removed = update(models -> {
            var out = new ArrayList<ModelVersion>();
            var names = models.stream()
                    .map(ModelVersion::name)
                    .filter(n -> name == null || n.equals(name))
                    .distinct()
                    .toList();
            for (String n : names) {
                var ofName = models.stream()
                        .filter(v -> v.name().equals(n))
                        .sorted(Comparator.comparingInt(ModelVersion::version).reversed())
                        .toList();
                for (int rank = 0; rank < ofName.size(); rank++) {
                    var v = ofName.get(rank);
                    boolean newest = retention.keepLast() != null && rank < retention.keepLast();
                    boolean young = retention.maxAge() != null && v.createdAt().isAfter(now.minus(retention.maxAge()));
                    if (v.stage() != Stage.PRODUCTION && !newest && !young) {
                        out.add(v);
                    }
                }
            }
            models.removeAll(out);
            return out;
        });
        deleteArtifacts(removed);
        return removed;
    }

    @Override
    public Swept sweep(Duration grace) {
        Instant storedBefore = Instant.now().minus(grace);
        var used = new HashSet<String>();
        for (var v : read()) {
            used.add(v.documentSha256());
            used.add(v.estimatorSha256());
        }
        int files = 0;
        long bytes = 0;
        for (var a : store.list()) {
            if (!used.contains(a.sha256())
                    && a.storedAt().isBefore(storedBefore)
                    && store.deleteIfStoredBefore(a.sha256(), storedBefore)) {
                files++;
                bytes += a.bytes();
            }
        }
        return new Swept(files, bytes);
    }

    /** Deletes the artifacts of removed versions that no remaining version uses. */
    private void deleteArtifacts(List<ModelVersion> removed) {
        var remaining = read();
        for (var v : removed) {
            for (String sha : List.of(v.documentSha256(), v.estimatorSha256())) {
                boolean used = remaining.stream()
                        .anyMatch(r -> r.documentSha256().equals(sha)
                                || r.estimatorSha256().equals(sha));
                if (!used) {
                    store.delete(sha);
                }
            }
        }
    }
}
