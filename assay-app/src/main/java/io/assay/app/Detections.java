package io.assay.app;

import io.assay.anomaly.AnomalyModel;
import io.assay.anomaly.Detection;
import io.assay.anomaly.DetectionSummary;
import io.assay.anomaly.DetectorRegistry;
import io.assay.anomaly.Detectors;
import io.assay.anomaly.FlaggedRow;
import io.assay.anomaly.Threshold;
import io.assay.core.Progress;
import io.assay.core.error.ColumnNotFoundException;
import io.assay.core.error.InvalidOptionException;
import io.assay.core.ingest.Dataset;
import io.assay.core.ingest.Ingest;
import io.assay.core.ingest.IngestReport;
import io.assay.core.io.OutputFile;
import io.assay.core.io.TableWriter;
import io.assay.core.pipeline.ApplyReport;
import io.assay.core.table.NumberColumn;
import io.assay.core.table.Table;
import io.assay.ml.registry.LocalArtifactStore;
import io.assay.ml.registry.ModelVersion;
import io.assay.ml.registry.StagedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The anomaly-detection use cases: fit a detector on a file and flag its unusual rows (optionally registering the
 * detector), or apply a registered detector to a new file, streamed in slices so that files larger than memory work.
 * Either way the flagged rows (most anomalous first, each with its explanation and the row itself) and every row's
 * score can be written to files, and a {@link DetectionSummary} says what was done. Output files appear only when the
 * run succeeds; a failed run leaves earlier files as they were.
 *
 * <pre>{@code
 * var result = assay.detections().detect(DetectRequest.fit(Path.of("payments.csv"), "iforest")
 *         .withOutputs(Path.of("flagged.csv"), Path.of("scores.csv")), Progress.NONE);
 * }</pre>
 */
public final class Detections {

    /** Rows per slice when a registered detector scores a file. */
    static final int SLICE = Models.SLICE;

    private final Assay assay;
    private final DetectorRegistry registry;

    Detections(Assay assay, DetectorRegistry registry) {
        this.assay = assay;
        this.registry = registry;
    }

    /** Opens the detectors kept in the registry of {@code assay}'s data directory (beside the models). */
    static Detections open(Assay assay) {
        return new Detections(
                assay,
                new DetectorRegistry(
                        assay.models().registry(),
                        new LocalArtifactStore(assay.home().registry().resolve("artifacts"))));
    }

    public DetectorRegistry registry() {
        return registry;
    }

    /**
     * What to detect.
     *
     * @param file the table to score
     * @param method the method to fit (null with {@code model}; else null means {@code iforest})
     * @param params the method's hyperparameters
     * @param exclude columns to leave out of the features (fitting only)
     * @param label a ground-truth column (1/true = anomaly) to evaluate against; left out of the features
     * @param threshold the flagging threshold (null: the 95th percentile at fitting, the saved one when applying)
     * @param seed the seed of the fit
     * @param model a registered detector to apply instead of fitting one (null: fit on {@code file})
     * @param version its version (a number, {@code latest}, {@code production}; null: production, else latest)
     * @param save register the fitted detector under this name (null: do not)
     * @param flagged write the flagged rows here: .csv, .xlsx or .json (null: do not)
     * @param scores write every row's score here: .csv, .parquet or .jsonl (null: do not)
     * @param topFeatures columns named per flagged row (1..50)
     * @param top how many of the most anomalous flagged rows the result carries, explained (0..{@value #MAX_TOP})
     */
    public record DetectRequest(
            Path file,
            Ingest.Options ingest,
            String method,
            Map<String, String> params,
            List<String> exclude,
            String label,
            Threshold threshold,
            long seed,
            String model,
            String version,
            String save,
            Path flagged,
            Path scores,
            int topFeatures,
            int top) {

        public DetectRequest {
            if (file == null) {
                throw new InvalidOptionException("file", null, "name the table to score");
            }
            ingest = ingest == null ? Ingest.Options.defaults() : ingest;
            params = params == null ? Map.of() : Map.copyOf(params);
            exclude = exclude == null ? List.of() : List.copyOf(exclude);
            if (model != null) {
                if (method != null) {
                    throw new InvalidOptionException(
                            "--method", method, "cannot be combined with --model (the saved detector has its method)");
                }
                if (!params.isEmpty()) {
                    throw new InvalidOptionException(
                            "--param", params.keySet(), "cannot be combined with --model (the detector is fitted)");
                }
                if (!exclude.isEmpty()) {
                    throw new InvalidOptionException(
                            "--exclude", exclude, "cannot be combined with --model (its columns are fixed)");
                }
                if (save != null) {
                    throw new InvalidOptionException(
                            "--save", save, "cannot be combined with --model (the detector is registered already)");
                }
            } else {
                method = method == null ? "iforest" : method;
                Detectors.check(method, params); // a bad or oversized setting fails before the file is read
            }
            new AnomalyModel.DetectOptions(null, topFeatures); // validates topFeatures
            if (top < 0 || top > MAX_TOP) {
                throw new InvalidOptionException(
                        "--top",
                        top,
                        String.format(Locale.ROOT, "use 0 to %,d; every flagged row is written by -o FILE", MAX_TOP));
            }
            FlaggedRows.Format.of(flagged);
            if (scores != null) {
                outputFormat(scores);
            }
        }

        /** Fit {@code method} on {@code file}, flag with the default threshold, write nothing. */
        public static DetectRequest fit(Path file, String method) {
            return new DetectRequest(
                    file, null, method, Map.of(), List.of(), null, null, 42, null, null, null, null, null, 3, TOP);
        }

        /** Apply the registered detector {@code name} (production, else latest) to {@code file}. */
        public static DetectRequest apply(Path file, String name) {
            return new DetectRequest(
                    file, null, null, Map.of(), List.of(), null, null, 42, name, null, null, null, null, 3, TOP);
        }

        public DetectRequest withOutputs(Path flaggedRows, Path allScores) {
            return new DetectRequest(
                    file,
                    ingest,
                    method,
                    params,
                    exclude,
                    label,
                    threshold,
                    seed,
                    model,
                    version,
                    save,
                    flaggedRows,
                    allScores,
                    topFeatures,
                    top);
        }

        public DetectRequest withLabel(String column) {
            return new DetectRequest(
                    file,
                    ingest,
                    method,
                    params,
                    exclude,
                    column,
                    threshold,
                    seed,
                    model,
                    version,
                    save,
                    flagged,
                    scores,
                    topFeatures,
                    top);
        }

        public DetectRequest withSave(String name) {
            return new DetectRequest(
                    file,
                    ingest,
                    method,
                    params,
                    exclude,
                    label,
                    threshold,
                    seed,
                    model,
                    version,
                    name,
                    flagged,
                    scores,
                    topFeatures,
                    top);
        }

        public DetectRequest withParams(Map<String, String> p) {
            return new DetectRequest(
                    file,
                    ingest,
                    method,
                    p,
                    exclude,
                    label,
                    threshold,
                    seed,
                    model,
                    version,
                    save,
                    flagged,
                    scores,
                    topFeatures,
                    top);
        }

        public DetectRequest withThreshold(Threshold t) {
            return new DetectRequest(
                    file,
                    ingest,
                    method,
                    params,
                    exclude,
                    label,
                    t,
                    seed,
                    model,
                    version,
                    save,
                    flagged,
                    scores,
                    topFeatures,
                    top);
        }
    }

    /**
     * How a detection run went.
     *
     * @param summary rows, features, method, threshold, flagged counts, alternative cuts, quality with a label
     * @param detector the registered detector that was applied or saved (null: fitted and not saved)
     * @param ingest how the file was read (skipped rows, typing)
     * @param report what the detector's preprocessing had to fill or map (missing columns, unseen categories)
     * @param flaggedFile where the flagged rows went (null: not written)
     * @param scoresFile where every row's score went (null: not written)
     * @param top the most anomalous flagged rows (at most the request's {@code top}), most anomalous first, explained
     * @param staged the fitted detector to save, staged but not registered yet ({@link #detectStaged} only; else null)
     */
    public record DetectResult(
            DetectionSummary summary,
            ModelVersion detector,
            IngestReport ingest,
            ApplyReport report,
            Path flaggedFile,
            Path scoresFile,
            List<FlaggedRow> top,
            StagedModel staged) {

        public DetectResult {
            top = List.copyOf(top);
        }

        DetectResult registered(ModelVersion v) {
            return new DetectResult(summary, v, ingest, report, flaggedFile, scoresFile, top, null);
        }
    }

    /** How many of the most anomalous rows a result carries unless the request says otherwise. */
    public static final int TOP = 20;

    /** The most a request may ask for: every flagged row belongs in a file ({@code flagged}), not in the result. */
    public static final int MAX_TOP = 10_000;

    public DetectResult detect(DetectRequest r, Progress progress) {
        var result = detectStaged(r, progress);
        return result.staged() == null
                ? result
                : result.registered(registry.models().register(result.staged()));
    }

    /**
     * As {@link #detect}, except that a detector to save ({@code save}) is only staged (its files written, see {@link
     * DetectResult#staged}) for the caller to register, e.g. in the transaction that records the run.
     */
    public DetectResult detectStaged(DetectRequest r, Progress progress) {
        return r.model() == null ? fitAndDetect(r, progress) : apply(r, progress);
    }

    /**
     * Refuses, before any work, what fitting a detector with {@code r} would refuse on a file whose columns are
     * {@code columns}: an excluded column or a label the file does not have, every column excluded. (A saved detector
     * applied with {@code r.model()} fills the columns it misses: nothing to refuse here.)
     */
    public void check(DetectRequest r, List<String> columns) {
        if (r.model() == null) {
            Detectors.features(columns, fitRequest(r));
        }
    }

    private static Detectors.Request fitRequest(DetectRequest r) {
        return new Detectors.Request(r.method(), r.params(), r.exclude(), r.label(), r.threshold(), r.seed());
    }

    private DetectResult fitAndDetect(DetectRequest r, Progress progress) {
        Table table;
        IngestReport ingest;
        try (Dataset ds = Ingest.open(assay.engine(), r.file(), r.ingest(), Assay.scaled(progress, 0, 0.2))) {
            table = ds.toTable();
            ingest = ds.report();
        }
        // a label that cannot say which rows are anomalies is refused before the fit
        boolean[] labels =
                r.label() != null && table.has(r.label()) ? DetectionSummary.labels(table.column(r.label())) : null;
        var request = fitRequest(r);
        var fitted = Detectors.fit(table, request, Assay.scaled(progress, 0.2, 0.8));
        AnomalyModel model = fitted.model();
        progress.update("explaining the flagged rows", 0.85);
        Detection d = model.detect(table, new AnomalyModel.DetectOptions(null, r.topFeatures()), fitted.scores());
        var summary = new DetectionSummary.Accumulator(model, null, r.label());
        summary.add(d.scores(), labels);
        noteIngest(summary, ingest);
        d.report().problems().forEach(summary::note);
        try (var outputs = new Outputs(r, table.columnNames())) {
            outputs.add(table, d);
            progress.update("writing", 0.9);
            StagedModel staged = null;
            DetectionSummary result = summary.summary();
            outputs.commit();
            if (r.save() != null) {
                staged = registry.stage(r.save(), model, result.quality());
            }
            progress.update("done", 1.0);
            return new DetectResult(result, null, ingest, d.report(), r.flagged(), r.scores(), outputs.top(), staged);
        }
    }

    private DetectResult apply(DetectRequest r, Progress progress) {
        ModelVersion v = registry.find(r.model(), r.version());
        AnomalyModel model = registry.load(v);
        var reports = new Models.ReportMerger();
        try (Dataset ds = Ingest.open(assay.engine(), r.file(), r.ingest(), Assay.scaled(progress, 0, 0.2))) {
            String label = r.label();
            if (label == null
                    && model.label() != null
                    && ds.schema().find(model.label()).isPresent()) {
                label = model.label();
            }
            if (label != null && ds.schema().find(label).isEmpty()) {
                throw new ColumnNotFoundException(label, ds.schema().names());
            }
            var summary = new DetectionSummary.Accumulator(model, r.threshold(), label);
            noteIngest(summary, ds.report());
            var options = new AnomalyModel.DetectOptions(r.threshold(), r.topFeatures());
            long total = ds.rowCount();
            long done = 0;
            try (var outputs = new Outputs(r, ds.schema().names())) {
                for (long offset = 0; offset < total; offset += SLICE) {
                    Table slice = ds.toTable(offset, SLICE);
                    Detection d = model.detect(slice, options);
                    summary.add(d.scores(), label == null ? null : DetectionSummary.labels(slice.column(label)));
                    reports.add(d.report());
                    outputs.add(slice, d);
                    done += slice.rowCount();
                    progress.update(
                            String.format(Locale.ROOT, "scored %,d of %,d rows", done, total),
                            0.2 + 0.75 * done / Math.max(1, total));
                }
                ApplyReport report = reports.merged(done);
                // what the preprocessing filled or mapped is part of the summary, for every entry point
                report.problems().forEach(summary::note);
                DetectionSummary result = summary.summary();
                outputs.commit();
                progress.update("done", 1.0);
                return new DetectResult(result, v, ds.report(), report, r.flagged(), r.scores(), outputs.top(), null);
            }
        }
    }

    private static void noteIngest(DetectionSummary.Accumulator summary, IngestReport ingest) {
        if (ingest.skippedRowCount() > 0) {
            summary.note(String.format(
                    Locale.ROOT,
                    "%,d unreadable rows of the file were skipped at ingest (row_index still counts them)",
                    ingest.skippedRowCount()));
        }
    }

    /**
     * Writes the flagged rows of a run that wrote them as JSON ({@code flagged.json}) again as a spreadsheet, in the
     * layout {@code assay detect --flagged rows.xlsx} writes; false when they do not fit in a worksheet (more than
     * 1,048,575 rows), in which case nothing is written.
     *
     * @param topFeatures the explaining columns each row names at most (the run's {@code topFeatures})
     */
    public boolean flaggedSpreadsheet(Path flaggedJson, Path xlsx, long flaggedRows, int topFeatures) {
        if (flaggedRows > FlaggedRows.XLSX_MAX_ROWS) {
            return false;
        }
        try (OutputFile out = output(xlsx)) {
            FlaggedRows.rewrite(
                    flaggedJson,
                    out.path(),
                    FlaggedRows.Format.XLSX,
                    assay.home().spill(),
                    topFeatures);
            putInPlace(out);
        }
        return true;
    }

    /** The extension-chosen format of a scores file, checked before any work is done. */
    static void outputFormat(Path scores) {
        String n = scores.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!(n.endsWith(".csv") || n.endsWith(".parquet") || n.endsWith(".jsonl") || n.endsWith(".ndjson"))) {
            throw new InvalidOptionException("--scores", scores, "use a .csv, .parquet or .jsonl name");
        }
    }

    /**
     * The run's output files, written beside their destinations under temporary names and moved into place only by
     * {@link #commit()}; closing without a commit deletes them.
     */
    private final class Outputs implements AutoCloseable {
        private final DetectRequest r;
        private final FlaggedRows flagged;
        private final OutputFile scoresFile;
        private final TableWriter scores;
        private final PriorityQueue<FlaggedRow> top = new PriorityQueue<>(MOST_ANOMALOUS_FIRST.reversed());
        private boolean committed;

        Outputs(DetectRequest r, List<String> columns) {
            this.r = r;
            this.flagged =
                    r.flagged() == null ? null : new FlaggedRows(assay.home().spill(), columns, r.topFeatures());
            if (r.scores() != null) {
                this.scoresFile = output(r.scores());
                this.scores = TableWriter.open(assay.engine(), scoresFile.path());
            } else {
                this.scoresFile = null;
                this.scores = null;
            }
        }

        void add(Table slice, Detection d) {
            if (flagged != null) {
                d.flagged().forEach(flagged::add);
            }
            for (FlaggedRow row : d.flagged()) {
                top.add(row);
                if (top.size() > r.top()) {
                    top.poll();
                }
            }
            if (scores != null) {
                int n = slice.rowCount();
                double[] index = new double[n];
                double[] flag = new double[n];
                boolean[] flags = d.flags();
                for (int i = 0; i < n; i++) {
                    index[i] = slice.sourceRow(i);
                    flag[i] = flags[i] ? 1 : 0;
                }
                scores.write(Table.of(List.of(
                        NumberColumn.ofInteger("row_index", index),
                        NumberColumn.ofDecimal("anomaly_score", d.scores()),
                        NumberColumn.ofInteger("is_anomaly", flag))));
            }
        }

        List<FlaggedRow> top() {
            return top.stream().sorted(MOST_ANOMALOUS_FIRST).toList();
        }

        void commit() {
            if (scores != null) {
                if (scores.rows() == 0) {
                    scores.write(Table.of(List.of(
                            NumberColumn.ofInteger("row_index", new double[0]),
                            NumberColumn.ofDecimal("anomaly_score", new double[0]),
                            NumberColumn.ofInteger("is_anomaly", new double[0]))));
                }
                scores.close();
                putInPlace(scoresFile);
            }
            if (flagged != null) {
                try (OutputFile out = output(r.flagged())) {
                    flagged.writeTo(out.path(), FlaggedRows.Format.of(r.flagged()));
                    putInPlace(out);
                }
            }
            committed = true;
        }

        @Override
        public void close() {
            if (flagged != null) {
                flagged.close();
            }
            if (!committed && scores != null) {
                try {
                    scores.close();
                } catch (RuntimeException e) {
                    // the run failed already; its partial output is discarded below
                }
                scoresFile.close();
            }
        }
    }

    private static final Comparator<FlaggedRow> MOST_ANOMALOUS_FIRST =
            Comparator.comparingDouble((FlaggedRow f) -> -f.anomalyScore()).thenComparingLong(FlaggedRow::rowIndex);

    /** Where an output file is written before it is put in place (see {@link OutputFile}). */
    private static OutputFile output(Path target) {
        try {
            return OutputFile.of(target);
        } catch (IOException e) {
            throw new InvalidOptionException("output file", target, "cannot be written: " + e.getMessage());
        }
    }

    private static void putInPlace(OutputFile out) {
        try {
            out.commit();
        } catch (IOException e) {
            throw new InvalidOptionException("output file", out.path(), "cannot be written: " + e.getMessage());
        }
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // a leftover temporary file is harmless
        }
    }
}
