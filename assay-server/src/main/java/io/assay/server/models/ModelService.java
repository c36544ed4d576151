package io.assay.server.models;

import io.assay.app.Models;
import io.assay.core.error.InvalidOptionException;
import io.assay.ml.Evaluation;
import io.assay.ml.Predictions;
import io.assay.ml.Task;
import io.assay.ml.TrainedModel;
import io.assay.ml.registry.ModelVersion;
import io.assay.ml.registry.Retention;
import io.assay.ml.zoo.ModelZoo;
import io.assay.server.datasets.Datasets;
import io.assay.server.jobs.JobRecord;
import io.assay.server.jobs.Jobs;
import io.assay.server.security.Caller;
import io.assay.server.web.ApiException;
import io.assay.server.web.HttpWords;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * The model use cases for one caller at a time: train (a background job on an uploaded dataset), list, show,
 * versions, promote, roll back, best, delete, prune, and predict rows with a model kept loaded between calls. Each
 * caller has their own registry: someone else's model is "not found".
 */
@Service
public class ModelService {

    /** A version and how it was evaluated. */
    public record Shown(ModelVersion version, Evaluation evaluation, List<String> inputColumns) {}

    /**
     * An evaluation whose notes and warnings, written with the command's options ({@code --param
     * class_weight=balanced}, {@code --features}), name the request's fields instead.
     */
    static Evaluation inHttpWords(Evaluation e) {
        return new Evaluation(
                e.task(),
                e.trainRows(),
                e.testRows(),
                e.metrics(),
                e.crossValidation(),
                e.importance(),
                e.classBalance(),
                e.notes().stream().map(HttpWords::of).toList(),
                e.warnings().stream()
                        .map(w -> new Evaluation.Warning(w.kind(), w.columns(), HttpWords.of(w.message())))
                        .toList());
    }

    /** One row's prediction: the label (class, value, cluster or score) and what goes with it. */
    public record Row(
            Object prediction,
            Map<String, Double> probabilities,
            Boolean isAnomaly,
            Map<String, Double> contributions) {}

    /**
     * Predictions for the rows of one request, with what the pipeline had to fill or map, and the inputs too large to
     * compute with whose rows have no prediction.
     */
    public record Predicted(
            String modelId,
            String name,
            int version,
            List<Row> predictions,
            Object report,
            List<Predictions.OutOfRange> notPredicted) {}

    /**
     * Which version a name and version spec resolve to, remembered for a second so that serving does not read the
     * registry's index on every prediction; emptied on every change made here (a change made by another process, e.g.
     * {@code assay models promote} on the same data directory, shows within a second).
     */
    private final com.github.benmanes.caffeine.cache.Cache<String, ModelVersion> versions =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
                    .expireAfterWrite(java.time.Duration.ofSeconds(1))
                    .maximumSize(10_000)
                    .build();

    private final ModelRegistries registries;
    private final ModelCache cache;
    private final Datasets datasets;
    private final Jobs jobs;

    ModelService(ModelRegistries registries, ModelCache cache, Datasets datasets, Jobs jobs) {
        this.registries = registries;
        this.cache = cache;
        this.datasets = datasets;
        this.jobs = jobs;
    }

    Models models(Caller caller) {
        return registries.of(caller.owner());
    }

    /** Checks the request (dataset ready, model type and hyperparameters known) and queues the training job. */
    public JobRecord train(Caller caller, TrainBody body) {
        datasets.ready(caller, body.datasetId());
        var columns = datasets.columnNames(caller, body.datasetId());
        var named = new ArrayList<String>();
        if (body.target() != null && !body.target().isBlank()) {
            named.add(body.target());
        }
        if (body.features() != null) {
            named.addAll(body.features());
        }
        for (String c : named) {
            if (!columns.contains(c)) {
                throw new io.assay.core.error.ColumnNotFoundException(c, columns);
            }
        }
        var trainer = ModelZoo.trainer(body.model());
        trainer.options(Hyperparameters.of(body.params()));
        boolean supervised = trainer.tasks().stream().anyMatch(Task::supervised);
        if (supervised && (body.target() == null || body.target().isBlank())) {
            throw ApiException.badRequest(
                    "missing-parameter",
                    "'target' is required: " + trainer.name()
                            + " learns to predict a column; name it (clustering and anomaly models need none)");
        }
        if (body.task() != null && !body.task().isBlank()) {
            Task.parse(body.task());
        }
        if (body.testSize() != null) {
            io.assay.ml.Training.checkTestSize("test_size", body.testSize());
        }
        if (body.folds() != null) {
            io.assay.ml.Training.checkFolds("folds", body.folds());
        }
        if (body.name() != null && !body.name().isBlank()) {
            io.assay.ml.registry.IndexedModelRegistry.checkName(body.name());
        }
        return jobs.submit(caller, TrainJob.KIND, body.datasetId(), body);
    }

    /**
     * {@code limit} (1 to {@value io.assay.server.jobs.Listing#MAX_LIMIT}) of the versions of every model of the
     * caller's, by name then version, after skipping {@code offset}.
     */
    public List<ModelVersion> list(Caller caller, int limit, int offset) {
        io.assay.server.jobs.Listing.window(limit, offset);
        var all = models(caller).registry().list();
        int from = Math.min(offset, all.size());
        return List.copyOf(all.subList(from, (int) Math.min((long) from + limit, all.size())));
    }

    public List<ModelVersion> versions(Caller caller, String name) {
        return models(caller).registry().versions(name);
    }

    public ModelVersion find(Caller caller, String name, String version) {
        return versions.get(
                caller.owner() + "\u0000" + name + "\u0000" + version,
                k -> models(caller).registry().find(name, version));
    }

    public Shown show(Caller caller, String name, String version) {
        var v = find(caller, name, version);
        TrainedModel m = load(caller, v);
        return new Shown(v, inHttpWords(m.evaluation()), m.spec().inputColumns());
    }

    TrainedModel load(Caller caller, ModelVersion v) {
        var registry = models(caller).registry();
        return cache.get(v.documentSha256(), () -> registry.load(v));
    }

    public ModelVersion promote(Caller caller, String name, int version) {
        versions.invalidateAll();
        return models(caller).registry().promote(name, version);
    }

    public ModelVersion rollback(Caller caller, String name, Integer version) {
        versions.invalidateAll();
        return models(caller).registry().rollback(name, version);
    }

    public ModelVersion best(Caller caller, String name, String metric) {
        return models(caller).registry().best(name, metric);
    }

    public void delete(Caller caller, String name, int version, boolean force) {
        versions.invalidateAll();
        models(caller).registry().delete(name, version, force);
    }

    /** Deletes every version of {@code name}; refused while one is in production unless {@code force}. */
    public List<ModelVersion> deleteAll(Caller caller, String name, boolean force) {
        versions.invalidateAll();
        return models(caller).registry().deleteAll(name, force);
    }

    public List<ModelVersion> prune(Caller caller, String name, Integer keepLast, Integer keepDays) {
        var retention = new Retention(keepLast, keepDays == null ? null : Duration.ofDays(keepDays));
        versions.invalidateAll();
        return models(caller).registry().prune(name, retention);
    }

    /** Predicts rows given as column → value maps with a loaded model. */
    public Predicted predict(
            Caller caller, String name, String version, List<Map<String, Object>> rows, boolean explain) {
        var v = find(caller, name, version);
        TrainedModel model = load(caller, v);
        Predictions p = model.predictRows(rows, explain);
        return new Predicted(v.id(), v.name(), v.version(), rows(p), report(p, model, rows), p.outOfRange());
    }

    /** What the pipeline had to work around, and the columns of the rows the model does not read (ignored). */
    public record RowsReport(
            long rows,
            List<String> missingColumns,
            List<io.assay.core.pipeline.ApplyReport.TypeChange> typeChanges,
            List<io.assay.core.pipeline.ApplyReport.UnseenLevels> unseenLevels,
            List<String> ignoredColumns) {}

    private static RowsReport report(Predictions p, TrainedModel model, List<Map<String, Object>> rows) {
        var inputs = new java.util.HashSet<>(model.spec().inputColumns());
        var ignored = new java.util.LinkedHashSet<String>();
        rows.forEach(r -> r.keySet().stream().filter(c -> !inputs.contains(c)).forEach(ignored::add));
        var r = p.report();
        return new RowsReport(r.rows(), r.missingColumns(), r.typeChanges(), r.unseenLevels(), List.copyOf(ignored));
    }

    /**
     * Checks that the model and the dataset exist, and that the dataset has at least one of the model's columns, and
     * queues a job predicting every row of the dataset with the
     * version {@code version} names now (a later promotion does not change what the job uses).
     */
    public JobRecord predictDataset(Caller caller, String name, String version, String datasetId, boolean explain) {
        var v = models(caller).registry().find(name, version);
        if (!ModelZoo.knows(v.type())) {
            throw new InvalidOptionException(
                    "model", v.id(), "is a " + v.task().label() + " model (" + v.type() + "), not a table model");
        }
        datasets.ready(caller, datasetId);
        load(caller, v).checkColumns(datasets.columnNames(caller, datasetId));
        return jobs.submit(
                caller, PredictJob.KIND, datasetId, new PredictJob.Request(v.name(), v.version(), datasetId, explain));
    }

    static List<Row> rows(Predictions p) {
        var out = new ArrayList<Row>(p.rows());
        for (int r = 0; r < p.rows(); r++) {
            if (!p.predicted(r)) {
                out.add(new Row(null, null, null, null));
                continue;
            }
            Map<String, Double> probabilities = null;
            if (p.probabilities() != null) {
                probabilities = new LinkedHashMap<>();
                for (int c = 0; c < p.classes().size(); c++) {
                    probabilities.put(p.classes().get(c), p.probabilities()[r][c]);
                }
            }
            Map<String, Double> contributions = null;
            if (p.contributions() != null) {
                contributions = new LinkedHashMap<>();
                for (int k = 0; k < p.contributionColumns().size(); k++) {
                    contributions.put(p.contributionColumns().get(k), p.contributions()[r][k]);
                }
            }
            out.add(new Row(p.label(r), probabilities, p.anomalies() == null ? null : p.anomalies()[r], contributions));
        }
        return out;
    }
}
