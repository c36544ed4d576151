package io.assay.anomaly;

import io.assay.core.error.InvalidOptionException;
import io.assay.core.pipeline.ApplyReport;
import io.assay.core.pipeline.Features;
import io.assay.core.pipeline.FittedPipeline;
import io.assay.core.pipeline.Pipeline;
import io.assay.core.table.Column;
import io.assay.core.table.ColumnBuilder;
import io.assay.core.table.Table;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A trained anomaly detector over tables: the preprocessing pipeline, the fitted method (or the members of an
 * ensemble), the distribution of its training scores (for calibrated confidences and thresholds), the typical value
 * of every column (for explanations), the threshold, and where it came from. Immutable; scoring the same rows always
 * gives the same scores, before and after a trip through {@link #save()} and {@link #load(byte[])}.
 *
 * <pre>{@code
 * AnomalyModel model = Detectors.fit(table, Detectors.Request.of("iforest"), Progress.NONE).model();
 * Detection d = model.detect(newRows, AnomalyModel.DetectOptions.defaults());
 * d.flagged().forEach(row -> System.out.println(row.rowIndex() + " " + row.anomalousFeatures()));
 * }</pre>
 */
public final class AnomalyModel {

    /**
     * One fitted method with the pipeline that feeds it, the distribution of its training scores, and the centre and
     * spread of every feature (the explanation of last resort).
     */
    record Part(
            Detector<?> detector,
            JsonNode options,
            FittedPipeline pipeline,
            Detector.Model model,
            Calibration calibration,
            Spread spread) {}

    /** How an ensemble puts its members' scores on one scale before averaging them. */
    enum Combine {
        /** The share of the member's training rows scoring lower (a rank average). */
        RANK,
        /** (score − training median) / training interquartile range: keeps how far beyond the training rows it lies. */
        ROBUST_Z;

        /** The combination named by {@code s}; robust z-scores when it is absent. */
        static Combine parse(String s) {
            if (s == null || s.isBlank()) {
                return ROBUST_Z;
            }
            return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "rank" -> RANK;
                case "robust_z", "z" -> ROBUST_Z;
                default -> throw new InvalidOptionException("ensemble combine", s, "use rank or robust_z");
            };
        }

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        double normalise(Calibration c, double score) {
            return switch (this) {
                case RANK -> c.confidence(score);
                case ROBUST_Z -> {
                    double iqr = c.percentile(75) - c.percentile(25);
                    double spread = iqr > 0 ? iqr : Math.max(c.percentile(100) - c.percentile(0), 1e-12);
                    yield (score - c.percentile(50)) / spread;
                }
            };
        }
    }

    /** Where a trained detector came from. */
    public record Provenance(
            String assayVersion, long seed, java.time.Instant trainedAt, long rows, String featuresSha256) {}

    /**
     * How to run a detector over a table.
     *
     * @param threshold a threshold other than the one chosen at training (null: the trained one)
     * @param topFeatures columns named per flagged row, most contributing first (1..50)
     */
    public record DetectOptions(Threshold threshold, int topFeatures) {
        public DetectOptions {
            if (topFeatures < 1 || topFeatures > 50) {
                throw new InvalidOptionException("top features", topFeatures, "must be between 1 and 50");
            }
        }

        public static DetectOptions defaults() {
            return new DetectOptions(null, 3);
        }
    }

    private final String method;
    private final JsonNode options;
    private final List<Part> parts;
    private final Calibration calibration;
    private final List<Typical> typical;
    private final Threshold threshold;
    private final double thresholdScore;
    private final List<String> inputColumns;
    private final List<Pipeline.Exclusion> excluded;
    private final String label;
    private final Provenance provenance;
    private final Combine combine;

    AnomalyModel(
            String method,
            JsonNode options,
            List<Part> parts,
            Calibration calibration,
            List<Typical> typical,
            Threshold threshold,
            List<Pipeline.Exclusion> excluded,
            String label,
            Provenance provenance) {
        this.method = method;
        this.options = options;
        this.parts = List.copyOf(parts);
        this.calibration = calibration;
        this.typical = List.copyOf(typical);
        this.threshold = threshold;
        this.thresholdScore = resolve(threshold);
        this.inputColumns = parts.getFirst().pipeline().inputColumns();
        this.excluded = List.copyOf(excluded);
        this.label = label;
        this.provenance = provenance;
        // ensembles saved before the choice existed averaged ranks
        this.combine = parts.size() > 1 && options != null
                ? Combine.parse(options.path("combine").asString("rank"))
                : Combine.RANK;
    }

    /** The method: {@code iforest}, {@code autoencoder}, {@code ocsvm}, {@code lof}, {@code robust}, {@code ensemble}. */
    public String method() {
        return method;
    }

    /** The method's options with defaults filled (for an ensemble: its members). */
    public JsonNode options() {
        return options;
    }

    /**
     * The hyperparameters as {@code --param NAME=VALUE} takes them, defaults filled: the method's own names and values
     * as typed ({@code n_estimators}, {@code minmax}); for an ensemble {@code members}, {@code combine} and each
     * member's as {@code member.name}. Giving them back fits the same detector.
     */
    public Map<String, Object> parameters() {
        var out = new java.util.LinkedHashMap<String, Object>();
        if (parts.size() == 1) {
            out.putAll(parameters(parts.getFirst()));
        } else {
            out.put("members", String.join(",", members()));
            out.put("combine", combine.label());
            for (Part p : parts) {
                parameters(p).forEach((k, v) -> out.put(p.detector().name() + "." + k, v));
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static <O extends Record> Map<String, Object> parameters(Part p) {
        var d = (Detector<O>) p.detector();
        return d.parameters(States.read(p.options(), d.optionsType()));
    }

    /** The threshold chosen at training. */
    public Threshold threshold() {
        return threshold;
    }

    /** The score at or above which a row is flagged, on the detector's own scale. */
    public double thresholdScore() {
        return thresholdScore;
    }

    /** The score a threshold cuts at: a percentile or contamination is read off the training scores. */
    public double resolve(Threshold t) {
        return t.rule() == Threshold.Rule.SCORE ? t.value() : calibration.percentile(t.percentileOfTraining());
    }

    /** The training score at percentile {@code p} (0..100), e.g. to say how many rows a 99th-percentile cut flags. */
    public double percentile(double p) {
        return calibration.percentile(p);
    }

    /** The calibrated confidence of a score: the share of training rows scoring lower. */
    public double confidence(double score) {
        return calibration.confidence(score);
    }

    /** The columns the detector reads. */
    public List<String> inputColumns() {
        return inputColumns;
    }

    /** The columns left out at training, and why (identifiers, free text, constants, user exclusions, the label). */
    public List<Pipeline.Exclusion> excluded() {
        return excluded;
    }

    /** The ground-truth column named at training (excluded from the features), or null. */
    public String label() {
        return label;
    }

    public Provenance provenance() {
        return provenance;
    }

    /** The ensemble's members' methods, or just this detector's method. */
    public List<String> members() {
        return parts.stream().map(p -> p.detector().name()).toList();
    }

    List<Part> parts() {
        return parts;
    }

    Calibration calibration() {
        return calibration;
    }

    List<Typical> typical() {
        return typical;
    }

    /** The anomaly score of every row of {@code table}, in order; higher is more anomalous. */
    public double[] score(Table table) {
        return scored(table).scores();
    }

    private record Scored(double[] scores, List<Features> features) {}

    private Scored scored(Table table) {
        requireInput(table);
        var features = new ArrayList<Features>(parts.size());
        if (parts.size() == 1) {
            Part p = parts.getFirst();
            Features x = p.pipeline().apply(table);
            features.add(x);
            return new Scored(p.model().score(x), features);
        }
        double[] sum = new double[table.rowCount()];
        for (Part p : parts) {
            Features x = p.pipeline().apply(table);
            features.add(x);
            double[] s = p.model().score(x);
            for (int i = 0; i < s.length; i++) {
                sum[i] += combine.normalise(p.calibration(), s[i]);
            }
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= parts.size();
        }
        return new Scored(sum, features);
    }

    private void requireInput(Table table) {
        if (!inputColumns.isEmpty() && inputColumns.stream().noneMatch(table::has)) {
            throw new io.assay.core.error.ColumnNotFoundException(inputColumns.getFirst(), table.columnNames());
        }
    }

    /** Scores {@code table}, flags the rows at or above the threshold and explains each flagged row. */
    public Detection detect(Table table, DetectOptions o) {
        Scored s = scored(table);
        return detect(table, o, s.scores(), s.features());
    }

    /**
     * As {@link #detect(Table, DetectOptions)} with the rows' scores already known (the training rows' own scores
     * from {@link Detectors#fit}, in the order of {@code table}'s rows).
     */
    public Detection detect(Table table, DetectOptions o, double[] scores) {
        if (scores.length != table.rowCount()) {
            throw new IllegalArgumentException(scores.length + " scores for " + table.rowCount() + " rows");
        }
        requireInput(table);
        var features = parts.stream().map(p -> p.pipeline().apply(table)).toList();
        return detect(table, o, scores, features);
    }

    private Detection detect(Table table, DetectOptions o, double[] scores, List<Features> features) {
        double cut = o.threshold() == null ? thresholdScore : resolve(o.threshold());
        int[] flagged = java.util.stream.IntStream.range(0, scores.length)
                .filter(i -> scores[i] >= cut)
                .boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -scores[i]).thenComparingInt(i -> i))
                .mapToInt(Integer::intValue)
                .toArray();
        List<List<AnomalousFeature>> explanations = explain(table, features, flagged, o.topFeatures());
        var rows = new ArrayList<FlaggedRow>(flagged.length);
        for (int k = 0; k < flagged.length; k++) {
            int r = flagged[k];
            double confidence = calibration.confidence(scores[r]);
            rows.add(new FlaggedRow(
                    table.sourceRow(r),
                    scores[r],
                    confidence,
                    true,
                    Severity.flagged(confidence),
                    explanations.get(k),
                    JsonValues.row(table, r)));
        }
        ApplyReport report = features.getFirst().report();
        return new Detection(scores, cut, rows, report);
    }

    /** The top columns of each of {@code rows}, by their share of the row's explanation. */
    List<List<AnomalousFeature>> explain(Table table, List<Features> features, int[] rows, int top) {
        if (rows.length == 0) {
            return List.of();
        }
        var typicalByColumn = new HashMap<String, Typical>();
        typical.forEach(t -> typicalByColumn.put(t.column(), t));
        double[][] shares = new double[rows.length][inputColumns.size()];
        List<Map<String, Object>> expected = null;
        for (int p = 0; p < parts.size(); p++) {
            Part part = parts.get(p);
            Features x = features.get(p);
            double[][] partShares = shares(part, table, x, rows, typicalByColumn);
            for (int i = 0; i < rows.length; i++) {
                for (int c = 0; c < inputColumns.size(); c++) {
                    shares[i][c] += partShares[i][c] / parts.size();
                }
            }
            if (parts.size() == 1) {
                double[][] e = part.model().expected(x, rows);
                if (e != null) {
                    expected = new ArrayList<>();
                    for (double[] row : e) {
                        expected.add(Reconstruction.columns(part.pipeline(), row));
                    }
                }
            }
        }
        var out = new ArrayList<List<AnomalousFeature>>(rows.length);
        for (int i = 0; i < rows.length; i++) {
            final double[] rowShares = shares[i];
            Integer[] order = new Integer[inputColumns.size()];
            for (int c = 0; c < order.length; c++) {
                order[c] = c;
            }
            Arrays.sort(order, (a, b) -> Double.compare(rowShares[b], rowShares[a]));
            var list = new ArrayList<AnomalousFeature>();
            for (int k = 0; k < order.length && list.size() < top; k++) {
                int c = order[k];
                if (!(rowShares[c] > 0)) {
                    break;
                }
                String name = inputColumns.get(c);
                Object actual = table.has(name) ? JsonValues.cell(table.column(name), rows[i]) : null;
                Object typicalValue = expected != null && expected.get(i).containsKey(name)
                        ? expected.get(i).get(name)
                        : typicalByColumn.containsKey(name)
                                ? typicalByColumn.get(name).value()
                                : null;
                list.add(new AnomalousFeature(name, actual, typicalValue, rowShares[c]));
            }
            out.add(List.copyOf(list));
        }
        return out;
    }

    /**
     * Each row's explanation by one part as shares of its input columns (summing to 1): the method's own attribution
     * when it has one, else how much the score drops when the column takes its typical value, else (when no single
     * column lowers the score) the robust deviation of each column from the training centre.
     */
    private double[][] shares(Part part, Table table, Features x, int[] rows, Map<String, Typical> typicalByColumn) {
        int columns = inputColumns.size();
        var columnIndex = new HashMap<String, Integer>();
        for (int c = 0; c < columns; c++) {
            columnIndex.put(inputColumns.get(c), c);
        }
        int[] featureColumn = new int[x.width()];
        for (int f = 0; f < x.width(); f++) {
            featureColumn[f] = columnIndex.getOrDefault(x.source(f), -1);
        }
        double[][] credit = new double[rows.length][columns];
        double[][] native_ = part.model().attribution(x, rows);
        if (native_ != null) {
            for (int i = 0; i < rows.length; i++) {
                for (int f = 0; f < x.width(); f++) {
                    if (featureColumn[f] >= 0) {
                        credit[i][featureColumn[f]] += native_[i][f];
                    }
                }
            }
        } else {
            credit = substitution(part, table, rows, typicalByColumn);
        }
        double[][] deviation = null;
        for (int i = 0; i < rows.length; i++) {
            double total = 0;
            for (double v : credit[i]) {
                total += v;
            }
            if (!(total > 0)) {
                if (deviation == null) {
                    deviation = part.spread().deviations(x, rows);
                }
                Arrays.fill(credit[i], 0);
                for (int f = 0; f < x.width(); f++) {
                    if (featureColumn[f] >= 0) {
                        credit[i][featureColumn[f]] += deviation[i][f];
                    }
                }
                total = Arrays.stream(credit[i]).sum();
            }
            for (int c = 0; c < columns; c++) {
                credit[i][c] = total > 0 ? credit[i][c] / total : 0;
            }
        }
        return credit;
    }

    /** For each row and column: how much lower the score is when that column alone takes its typical value. */
    private double[][] substitution(Part part, Table table, int[] rows, Map<String, Typical> typicalByColumn) {
        List<String> cols = inputColumns;
        int m = rows.length;
        int k = cols.size();
        int[] repeated = new int[m * (k + 1)];
        for (int b = 0; b <= k; b++) {
            System.arraycopy(rows, 0, repeated, b * m, m);
        }
        Table expanded = table.rows(repeated);
        for (int c = 0; c < k; c++) {
            String name = cols.get(c);
            if (!expanded.has(name) || !typicalByColumn.containsKey(name)) {
                continue;
            }
            Column original = expanded.column(name);
            Object replacement = typicalByColumn.get(name).raw();
            var builder = new ColumnBuilder(name, original.type(), repeated.length);
            for (int i = 0; i < repeated.length; i++) {
                int block = i / m;
                if (block == c + 1) {
                    builder.add(replacement);
                } else {
                    builder.add(original.value(i));
                }
            }
            expanded = expanded.with(builder.build());
        }
        double[] s = part.model().score(part.pipeline().apply(expanded));
        double[][] out = new double[m][k];
        for (int i = 0; i < m; i++) {
            for (int c = 0; c < k; c++) {
                out[i][c] = Math.max(0, s[i] - s[(c + 1) * m + i]);
            }
        }
        return out;
    }

    /** This detector in its portable saved form (gzip-compressed JSON, see {@link DetectorFile}). */
    public byte[] save() {
        return DetectorFile.write(this);
    }

    /** Reads a detector saved by {@link #save()}; a damaged or foreign file is an error naming the problem. */
    public static AnomalyModel load(byte[] bytes) {
        return DetectorFile.read(bytes);
    }
}
