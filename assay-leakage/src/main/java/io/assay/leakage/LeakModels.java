package io.assay.leakage;

import io.assay.core.Progress;
import io.assay.core.error.ColumnNotFoundException;
import io.assay.core.error.InvalidFileException;
import io.assay.core.error.InvalidOptionException;
import io.assay.core.ingest.Dataset;
import io.assay.core.ingest.Ingest;
import io.assay.core.sql.DuckEngine;
import io.assay.core.sql.SqlSession;
import io.assay.core.table.CategoricalColumn;
import io.assay.core.table.Column;
import io.assay.core.table.Field;
import io.assay.core.table.Schema;
import io.assay.core.table.Table;
import io.assay.leakage.generator.LeakGenerator;
import io.assay.ml.Task;
import io.assay.ml.TrainedModel;
import io.assay.ml.Training;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Trains a domain's {@link LeakModel}: XGBoost over the pack's engineered features (computed exactly as an analysis
 * computes them: same mapping, same learned norms), predicting each row's leak type or {@code none}. Labels come from
 * a column of the file or from a truth file ({@code row_index,type}: rows not listed are clean). The default model
 * of a built-in pack is trained on the project's own generated data, so a fresh installation analyses at once.
 *
 * <pre>{@code
 * TrainedModel m = LeakModels.train(dataset, new LeakModels.Request(pack, Map.of(), Map.of(),
 *         new LeakModels.TruthFile(Path.of("sales.truth.csv")), 7), Progress.NONE);
 * }</pre>
 */
public final class LeakModels {

    /** Rows of generated data the default model learns from. */
    public static final int DEFAULT_ROWS = 60_000;

    /** Share of leaking rows in that data: enough examples of every type. */
    public static final double DEFAULT_LEAK_RATE = 0.12;

    /** Seed of the default model's data and training (tests measure quality on other seeds). */
    public static final long DEFAULT_SEED = 20_251_124L;

    /** Where the labels of a labelled file are. */
    public sealed interface Labels permits LabelColumn, TruthFile {}

    /** A column of the file holding each row's leak type (empty, {@code none} or {@code normal}: no leak). */
    public record LabelColumn(String column) implements Labels {}

    /** A truth file beside the data: {@code row_index,type[,revenue_impact,...]}, rows not listed are clean. */
    public record TruthFile(Path file) implements Labels {}

    /**
     * What to train on.
     *
     * @param mapping and {@code params} as in an analysis (the features must be computed the same way)
     */
    public record Request(
            DomainPack pack, Map<String, String> mapping, Map<String, String> params, Labels labels, long seed) {
        public Request {
            if (pack.model() == null) {
                throw new InvalidOptionException("domain", pack.name(), "its pack defines no leak model");
            }
            mapping = mapping == null ? Map.of() : Map.copyOf(mapping);
            params = params == null ? Map.of() : Map.copyOf(params);
            if (labels == null) {
                throw new InvalidOptionException("labels", null, "name a label column or a truth file");
            }
        }
    }

    /** The label column's name when none is given, then its other accepted names. */
    public static final List<String> LABEL_COLUMNS = List.of("leak_type", "label", "anomaly_type", "leakage_type");

    private static final Map<String, String> SEED_LABELS = Map.of(
            "missing tax charges", "missing_tax",
            "invalid discount", "excessive_discount",
            "billing inconsistency", "underbilling",
            "payment status mismatch", "payment_status_mismatch");

    private LeakModels() {}

    /**
     * The columns of a file of {@code schema} that the pack's columns may be mapped onto: all but the label column,
     * which must exist when {@code labels} names one.
     */
    public static Schema featureColumns(Schema schema, Labels labels) {
        String labelColumn = labels instanceof LabelColumn(String column) ? column : null;
        if (labelColumn != null && schema.find(labelColumn).isEmpty()) {
            throw new ColumnNotFoundException(labelColumn, schema.names());
        }
        var fields = new ArrayList<Field>();
        for (Field f : schema.fields()) {
            if (!f.name().equals(labelColumn)) {
                fields.add(f);
            }
        }
        return new Schema(fields);
    }

    /** Trains the leak model of {@code request.pack()} on a labelled dataset. */
    public static TrainedModel train(Dataset dataset, Request request, Progress progress) {
        DomainPack pack = request.pack();
        Settings settings = Settings.of(pack, request.params());
        ColumnMapping mapping =
                ColumnMapping.resolve(pack, featureColumns(dataset.schema(), request.labels()), request.mapping());
        List<String> features = pack.model().features();
        String[] labels;
        FeatureColumns columns;
        try (SqlSession db = dataset.session();
                Preparation prep = Preparation.run(db, dataset, pack, mapping, settings, progress)) {
            progress.update("computing features", 0.4);
            columns = FeatureColumns.fetch(prep, features);
            labels = switch (request.labels()) {
                case LabelColumn(String column) -> labelsFromColumn(db, dataset, column);
                case TruthFile(Path file) -> labelsFromTruth(dataset, file);
            };
        }
        Set<String> classes = new LinkedHashSet<>(List.of(labels));
        if (!classes.contains(LeakModel.NONE) || classes.size() < 2) {
            throw new InvalidOptionException(
                    "labels",
                    classes,
                    "need clean rows and rows of at least one leak type; found only " + String.join(", ", classes));
        }
        Table table = columns.table(null).with(CategoricalColumn.of("leak_type", labels));
        progress.update("training the leak model", 0.5);
        return Training.train(
                new Training.Request(
                        table,
                        "leak_type",
                        features,
                        "xgboost",
                        pack.model().hyperparameters(),
                        Task.CLASSIFICATION,
                        0.2,
                        0,
                        request.seed(),
                        null,
                        95),
                scaled(progress, 0.5, 1.0));
    }

    /**
     * Trains the default leak model of a built-in pack on {@link #DEFAULT_ROWS} rows the generator makes in
     * {@code workDir} (deleted afterwards).
     */
    public static TrainedModel trainDefault(DuckEngine engine, DomainPack pack, Path workDir, Progress progress) {
        if (!LeakGenerator.domains().contains(pack.name())) {
            throw new InvalidOptionException(
                    "domain", pack.name(), "only built-in domains have generated training data; use train-domain");
        }
        Path data = workDir.resolve("leak-model-" + pack.name() + "-" + System.nanoTime() + ".csv");
        try {
            Files.createDirectories(workDir);
            progress.update("generating training data", 0.0);
            var generated = LeakGenerator.generate(pack.name(), DEFAULT_ROWS, DEFAULT_LEAK_RATE, DEFAULT_SEED, data);
            try (Dataset ds = Ingest.open(engine, data, Ingest.Options.defaults())) {
                return train(
                        ds,
                        new Request(pack, Map.of(), Map.of(), new TruthFile(generated.truth()), DEFAULT_SEED),
                        scaled(progress, 0.2, 1.0));
            }
        } catch (IOException e) {
            throw new InvalidOptionException("work directory", workDir, "cannot be written: " + e.getMessage());
        } finally {
            try {
                Files.deleteIfExists(data);
                Files.deleteIfExists(LeakGenerator.truthFile(data));
            } catch (IOException ignored) {
                // a leftover temporary file is harmless
            }
        }
    }

    static Progress scaled(Progress p, double from, double to) {
        return (stage, fraction) -> p.update(stage, fraction < 0 ? -1 : from + (to - from) * fraction);
    }

    private static String[] labelsFromColumn(SqlSession db, Dataset dataset, String column) {
        String[] out = new String[Math.toIntExact(dataset.rowCount())];
        db.queryOrFail(
                "SELECT CAST(" + io.assay.core.sql.Sql.id(column) + " AS VARCHAR) FROM " + dataset.relation()
                        + " ORDER BY rowid",
                rs -> {
                    int i = 0;
                    while (rs.next()) {
                        out[i++] = label(rs.getString(1), column);
                    }
                    return null;
                });
        return out;
    }

    private static String[] labelsFromTruth(Dataset dataset, Path file) {
        Table truth = Ingest.read(file, Ingest.Options.defaults()).table();
        if (!truth.has("row_index") || !truth.has("type")) {
            throw new InvalidFileException(file, "is not a truth file: it needs the columns row_index and type");
        }
        var bySourceRow = new HashMap<Long, String>();
        Column rows = truth.column("row_index");
        Column types = truth.column("type");
        for (int i = 0; i < truth.rowCount(); i++) {
            Object r = rows.value(i);
            if (r instanceof Number n) {
                bySourceRow.put(n.longValue(), label(types.text(i), "type"));
            }
        }
        String[] out = new String[Math.toIntExact(dataset.rowCount())];
        for (int i = 0; i < out.length; i++) {
            out[i] = bySourceRow.getOrDefault(dataset.sourceRow(i), LeakModel.NONE);
        }
        return out;
    }

    /** A label as a leak type: taxonomy names in any case or spacing, the seed system's labels, or none. */
    static String label(String raw, String column) {
        if (raw == null) {
            return LeakModel.NONE;
        }
        String s = raw.trim().toLowerCase(Locale.ROOT);
        if (s.isEmpty()
                || Set.of("none", "normal", "clean", "ok", "0", "false", "no").contains(s)) {
            return LeakModel.NONE;
        }
        String seed = SEED_LABELS.get(s);
        if (seed != null) {
            return seed;
        }
        String t = s.replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
        if (!DomainPack.NAME.matcher(t).matches()) {
            throw new InvalidOptionException("label in " + column, raw, "is not a leak type");
        }
        return t;
    }
}
