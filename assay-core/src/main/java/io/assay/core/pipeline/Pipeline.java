package io.assay.core.pipeline;

import io.assay.core.error.ColumnNotFoundException;
import io.assay.core.error.InvalidOptionException;
import io.assay.core.table.CategoricalColumn;
import io.assay.core.table.Column;
import io.assay.core.table.ColumnType;
import io.assay.core.table.Identifiers;
import io.assay.core.table.NumberColumn;
import io.assay.core.table.Table;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The preprocessing pipeline: learns once, from training rows, how every column becomes numeric features
 * (imputation, encoding, scaling, date parts) and which columns to leave out (identifiers, free text, constants),
 * then applies exactly that to any later table. The fitted form ({@link FittedPipeline}) is plain data that
 * round-trips through JSON and travels inside every model.
 *
 * <pre>{@code
 * Pipeline.Fitted fitted = Pipeline.fit(train, List.of(), target, Pipeline.Options.defaults());
 * Features x = fitted.training();                      // target encoding fitted out-of-fold
 * Features y = fitted.pipeline().apply(newRows);       // same features, with a report of what was filled
 * }</pre>
 */
public final class Pipeline {

    public enum Imputation {
        MEAN,
        MEDIAN,
        MODE,
        CONSTANT
    }

    public enum Encoding {
        ONE_HOT,
        ORDINAL,
        TARGET
    }

    public enum Scaling {
        NONE,
        STANDARD,
        ROBUST,
        MIN_MAX
    }

    /**
     * How to preprocess.
     *
     * @param numericImputation how missing numbers are filled: mean, median or a constant
     * @param numericFill the constant for {@link Imputation#CONSTANT}
     * @param categoricalImputation how missing labels are filled: the most common level, or a constant level
     * @param categoricalFill the constant level for {@link Imputation#CONSTANT}
     * @param encoding one-hot, ordinal or target encoding of categorical columns
     * @param maxLevels one-hot keeps this many most frequent levels; the rest share an "other" feature
     * @param scaling how numeric features are rescaled
     * @param dateParts whether dates and times contribute calendar parts (else they are left out)
     * @param excludeIdentifiers leave out identifier columns and free text (reported)
     * @param excludeConstant leave out columns with a single value (reported); one that is also empty in some rows
     *     becomes a "filled or empty" flag instead (noted)
     * @param targetFolds folds for out-of-fold target encoding
     * @param targetSmoothing pseudo-count pulling rare levels' target encoding towards the overall mean
     * @param seed seed of the fold assignment
     */
    public record Options(
            Imputation numericImputation,
            double numericFill,
            Imputation categoricalImputation,
            String categoricalFill,
            Encoding encoding,
            int maxLevels,
            Scaling scaling,
            boolean dateParts,
            boolean excludeIdentifiers,
            boolean excludeConstant,
            int targetFolds,
            double targetSmoothing,
            long seed) {

        public Options {
            if (numericImputation == Imputation.MODE) {
                numericImputation = Imputation.MEDIAN;
            }
            if (categoricalImputation == Imputation.MEAN || categoricalImputation == Imputation.MEDIAN) {
                throw new InvalidOptionException(
                        "categorical imputation", categoricalImputation.name().toLowerCase(), "use mode or constant");
            }
            categoricalFill = categoricalFill == null ? "__missing__" : categoricalFill;
            if (maxLevels < 1) {
                throw new InvalidOptionException("max levels", maxLevels, "must be at least 1");
            }
            if (targetFolds < 2) {
                throw new InvalidOptionException("target folds", targetFolds, "must be at least 2");
            }
            if (!(targetSmoothing >= 0)) {
                throw new InvalidOptionException("target smoothing", targetSmoothing, "must not be negative");
            }
        }

        public static Options defaults() {
            return new Options(
                    Imputation.MEDIAN,
                    0,
                    Imputation.MODE,
                    "__missing__",
                    Encoding.ONE_HOT,
                    20,
                    Scaling.NONE,
                    true,
                    true,
                    true,
                    5,
                    10,
                    42);
        }

        Options withEncoding(Encoding e) {
            return new Options(
                    numericImputation,
                    numericFill,
                    categoricalImputation,
                    categoricalFill,
                    e,
                    maxLevels,
                    scaling,
                    dateParts,
                    excludeIdentifiers,
                    excludeConstant,
                    targetFolds,
                    targetSmoothing,
                    seed);
        }

        public Options withScaling(Scaling s) {
            return new Options(
                    numericImputation,
                    numericFill,
                    categoricalImputation,
                    categoricalFill,
                    encoding,
                    maxLevels,
                    s,
                    dateParts,
                    excludeIdentifiers,
                    excludeConstant,
                    targetFolds,
                    targetSmoothing,
                    seed);
        }

        Options withImputation(Imputation numeric, Imputation categorical) {
            return new Options(
                    numeric,
                    numericFill,
                    categorical,
                    categoricalFill,
                    encoding,
                    maxLevels,
                    scaling,
                    dateParts,
                    excludeIdentifiers,
                    excludeConstant,
                    targetFolds,
                    targetSmoothing,
                    seed);
        }

        Options withMaxLevels(int levels) {
            return new Options(
                    numericImputation,
                    numericFill,
                    categoricalImputation,
                    categoricalFill,
                    encoding,
                    levels,
                    scaling,
                    dateParts,
                    excludeIdentifiers,
                    excludeConstant,
                    targetFolds,
                    targetSmoothing,
                    seed);
        }

        public Options withSeed(long s) {
            return new Options(
                    numericImputation,
                    numericFill,
                    categoricalImputation,
                    categoricalFill,
                    encoding,
                    maxLevels,
                    scaling,
                    dateParts,
                    excludeIdentifiers,
                    excludeConstant,
                    targetFolds,
                    targetSmoothing,
                    s);
        }
    }

    /**
     * The target a pipeline is fitted for (needed only by target encoding). For classification {@code values} are
     * class indexes into {@code classes}; for regression {@code classes} is empty.
     */
    public record Target(String column, double[] values, List<String> classes) {
        public Target {
            classes = classes == null ? List.of() : List.copyOf(classes);
        }

        public static Target regression(String column, double[] values) {
            return new Target(column, values, List.of());
        }

        public static Target classes(String column, double[] classIndexes, List<String> classes) {
            return new Target(column, classIndexes, classes);
        }
    }

    /** A column the pipeline left out, and why. */
    public record Exclusion(String column, String reason) {}

    /**
     * A fitted pipeline, the training rows' features (with out-of-fold target encoding), and notes on columns it
     * encoded in a way a person should know about (a single value that is sometimes empty: a "filled or empty" flag).
     */
    public record Fitted(FittedPipeline pipeline, Features training, List<String> notes) {
        public Fitted {
            notes = notes == null ? List.of() : List.copyOf(notes);
        }
    }

    private Pipeline() {}

    /**
     * Fits the pipeline on {@code table}.
     *
     * @param features the columns to use; empty means every column but the target's
     * @param target the target (null when there is none: clustering, anomaly detection)
     */
    public static Fitted fit(Table table, List<String> features, Target target, Options options) {
        var names = new ArrayList<String>();
        if (features == null || features.isEmpty()) {
            for (String n : table.columnNames()) {
                if (target == null || !n.equals(target.column())) {
                    names.add(n);
                }
            }
        } else {
            for (String f : features) {
                if (!table.has(f)) {
                    throw new ColumnNotFoundException(f, table.columnNames());
                }
                if (target != null && f.equals(target.column())) {
                    throw new InvalidOptionException("features", f, "the target cannot also be a feature");
                }
                names.add(f);
            }
        }
        if (options.encoding() == Encoding.TARGET && target == null) {
            throw new InvalidOptionException("encoding", "target", "target encoding needs a target column");
        }
        int n = table.rowCount();
        var steps = new ArrayList<ColumnStep>();
        var excluded = new ArrayList<Exclusion>();
        int[] folds = target != null && options.encoding() == Encoding.TARGET
                ? folds(n, options.targetFolds(), options.seed())
                : null;
        var oof = new HashMap<String, double[][]>();
        var notes = new ArrayList<String>();
        for (String name : names) {
            Column c = table.column(name);
            if (filledOrEmpty(c, options)) {
                steps.add(presence(c, options));
                notes.add(String.format(
                        java.util.Locale.ROOT,
                        "column '%s' has a single value (%s) and is empty in %,d of %,d rows: used as a flag of"
                                + " whether it is filled",
                        name,
                        firstLabel(c),
                        c.missingCount(),
                        c.size()));
                continue;
            }
            String reason = exclusion(c, options);
            if (reason != null) {
                excluded.add(new Exclusion(name, reason));
                continue;
            }
            ColumnStep step = switch (c.type()) {
                case INTEGER, DECIMAL -> numeric(c, options);
                case BOOLEAN -> flag(c);
                case CATEGORICAL, TEXT ->
                    switch (options.encoding()) {
                        case ONE_HOT -> oneHot(c, options);
                        case ORDINAL -> ordinal(c, options);
                        case TARGET -> {
                            var t = targetEncoded(c, options, target, folds);
                            oof.put(name, t.outOfFold());
                            yield t.step();
                        }
                    };
                case DATE, TIMESTAMP, TIME -> dateParts(c, options);
            };
            if (step == null) {
                excluded.add(new Exclusion(name, "date and time parts are turned off"));
            } else {
                steps.add(step);
            }
        }
        var pipeline = new FittedPipeline(options, steps, excluded);
        Features training = pipeline.apply(table, oof);
        return new Fitted(pipeline, training, notes);
    }

    /**
     * Whether a column has a single value and is empty in some rows: not left out as a constant, since whether it is
     * filled can carry the target (a cancellation date filled only for customers who left).
     */
    private static boolean filledOrEmpty(Column c, Options o) {
        int missing = c.missingCount();
        return o.excludeConstant() && missing > 0 && missing < c.size() && isConstant(c);
    }

    /**
     * A column with one value, sometimes empty, as a "filled or empty" flag: a one-hot step whose only level is the
     * missing marker, every filled value (the one seen, or a new one later) going to the other bucket, so that a new
     * value still reads as "filled" (and is reported as unseen).
     */
    private static ColumnStep presence(Column c, Options o) {
        String value = firstLabel(c);
        String empty = o.categoricalFill().equals(value) ? o.categoricalFill() + "_" : o.categoricalFill();
        return new ColumnStep.OneHot(c.name(), c.type(), List.of(empty), true, empty, List.of(value));
    }

    private static String firstLabel(Column c) {
        for (int i = 0; i < c.size(); i++) {
            String v = Values.label(c, i);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /**
     * Why a column is left out, or null. Each check counts distinct values only as far as it needs to: a scan for a
     * second value for constants, 51 values for a named identifier (all of them when fewer), a presence bitmap for a row number; a full count
     * only for the message of a column that is left out (a boxed set over every value of every column cost seconds
     * on a million rows).
     */
    private static String exclusion(Column c, Options o) {
        int n = c.size();
        int present = n - c.missingCount();
        if (present == 0) {
            return "every value is missing";
        }
        if (o.excludeConstant() && isConstant(c)) {
            return "constant (a single value)";
        }
        if (!o.excludeIdentifiers()) {
            return null;
        }
        if (c.type() == ColumnType.TEXT) {
            return "free text or identifiers (" + distinct(c, DISTINCT_CAP) + " distinct values)";
        }
        if (Identifiers.isIdentifier(c.name(), c.type(), present, cap -> distinct(c, (int) cap))) {
            return "identifier (" + distinct(c, DISTINCT_CAP) + " distinct values)";
        }
        if (c.type() == ColumnType.CATEGORICAL && present >= 20) {
            long distinct = distinct(c, DISTINCT_CAP);
            if (Identifiers.isNearlyUnique(distinct, present)) {
                return "identifier-like (" + distinct + " distinct values in " + present + " rows)";
            }
        }
        if (c.type() == ColumnType.INTEGER && present >= 20 && isRowNumber(c, present)) {
            return "row number (consecutive unique integers)";
        }
        return null;
    }

    /** Distinct values are counted up to this many. */
    private static final int DISTINCT_CAP = 1_000_001;

    /** Whether every present value equals the first present one. */
    private static boolean isConstant(Column c) {
        if (c instanceof CategoricalColumn cat) {
            return Arrays.stream(cat.levelCounts()).filter(k -> k > 0).count() <= 1;
        }
        if (c instanceof NumberColumn num) {
            long first = 0;
            boolean seen = false;
            for (int i = 0; i < num.size(); i++) {
                double v = num.get(i);
                if (!Double.isNaN(v)) {
                    long bits = valueBits(num, v);
                    if (!seen) {
                        first = bits;
                        seen = true;
                    } else if (bits != first) {
                        return false;
                    }
                }
            }
            return true;
        }
        Object first = null;
        for (int i = 0; i < c.size(); i++) {
            if (!c.isMissing(i)) {
                Object v = c.value(i);
                if (first == null) {
                    first = v;
                } else if (!first.equals(v)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Equal bits exactly when the column's values ({@link Column#value}: a long or a double) are equal. */
    private static long valueBits(NumberColumn c, double v) {
        return Double.doubleToLongBits(c.type() == ColumnType.INTEGER ? v + 0.0 : v); // integers: -0 is 0
    }

    /** The number of distinct present values, counting stopped at {@code cap}. */
    private static long distinct(Column c, int cap) {
        if (c instanceof CategoricalColumn cat) {
            return Math.min(
                    cap, Arrays.stream(cat.levelCounts()).filter(k -> k > 0).count());
        }
        var seen = new HashSet<Object>();
        for (int i = 0; i < c.size() && seen.size() < cap; i++) {
            if (!c.isMissing(i)) {
                seen.add(c.value(i));
            }
        }
        return seen.size();
    }

    /** Whether the {@code present} values are the integers min..max, each once. */
    private static boolean isRowNumber(Column c, int present) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < c.size(); i++) {
            double v = Values.number(c, i);
            if (!Double.isNaN(v)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        if (max - min + 1 != present) {
            return false;
        }
        boolean[] seen = new boolean[present];
        for (int i = 0; i < c.size(); i++) {
            double v = Values.number(c, i);
            if (!Double.isNaN(v)) {
                int at = (int) (v - min);
                if (seen[at]) {
                    return false;
                }
                seen[at] = true;
            }
        }
        return true;
    }

    private static double[] present(Column c) {
        double[] out = new double[c.size()];
        int k = 0;
        for (int i = 0; i < c.size(); i++) {
            double v = Values.number(c, i);
            if (!Double.isNaN(v)) {
                out[k++] = v;
            }
        }
        return Arrays.copyOf(out, k);
    }

    private static ColumnStep numeric(Column c, Options o) {
        double[] values = present(c);
        double fill = switch (o.numericImputation()) {
            case MEAN -> {
                Arrays.sort(values); // the sum in ascending order, as it always was
                yield mean(values);
            }
            case MEDIAN, MODE -> median(values);
            case CONSTANT -> o.numericFill();
        };
        double[] filled = new double[c.size()];
        for (int i = 0; i < filled.length; i++) {
            double v = Values.number(c, i);
            filled[i] = Double.isNaN(v) ? fill : v;
        }
        return new ColumnStep.Numeric(c.name(), c.type(), fill, scale(filled, o.scaling()));
    }

    static ColumnStep.Scale scale(double[] values, Scaling scaling) {
        if (scaling == Scaling.NONE || values.length == 0) {
            return ColumnStep.Scale.IDENTITY;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double center;
        double spread;
        switch (scaling) {
            case STANDARD -> {
                center = mean(sorted);
                double ss = 0;
                for (double v : sorted) {
                    ss += (v - center) * (v - center);
                }
                spread = Math.sqrt(ss / Math.max(1, sorted.length));
            }
            case ROBUST -> {
                center = quantile(sorted, 0.5);
                spread = quantile(sorted, 0.75) - quantile(sorted, 0.25);
            }
            case MIN_MAX -> {
                center = sorted[0];
                spread = sorted[sorted.length - 1] - sorted[0];
            }
            default -> throw new IllegalStateException();
        }
        return new ColumnStep.Scale(center, spread > 0 && Double.isFinite(spread) ? spread : 1);
    }

    private static ColumnStep flag(Column c) {
        int ones = 0;
        int present = 0;
        for (int i = 0; i < c.size(); i++) {
            double v = Values.number(c, i);
            if (!Double.isNaN(v)) {
                present++;
                ones += v > 0.5 ? 1 : 0;
            }
        }
        return new ColumnStep.Flag(c.name(), c.type(), ones * 2 >= present ? 1 : 0);
    }

    /** Levels by descending frequency (ties by name), with counts; missing values counted under {@code fill}. */
    private static LinkedHashMap<String, Integer> levels(Column c, Options o) {
        var counts = new HashMap<String, Integer>();
        int missing = 0;
        for (int i = 0; i < c.size(); i++) {
            String v = Values.label(c, i);
            if (v == null) {
                missing++;
            } else {
                counts.merge(v, 1, Integer::sum);
            }
        }
        if (missing > 0 && o.categoricalImputation() == Imputation.CONSTANT) {
            counts.merge(o.categoricalFill(), missing, Integer::sum);
        }
        var ordered = new ArrayList<>(counts.entrySet());
        ordered.sort((a, b) -> !a.getValue().equals(b.getValue())
                ? b.getValue() - a.getValue()
                : a.getKey().compareTo(b.getKey()));
        var out = new LinkedHashMap<String, Integer>();
        ordered.forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    private static String fill(LinkedHashMap<String, Integer> levels, Options o) {
        return o.categoricalImputation() == Imputation.CONSTANT
                ? o.categoricalFill()
                : levels.keySet().iterator().next();
    }

    private static ColumnStep oneHot(Column c, Options o) {
        var levels = levels(c, o);
        var all = new ArrayList<>(levels.keySet());
        boolean other = all.size() > o.maxLevels();
        var kept = List.copyOf(other ? all.subList(0, o.maxLevels()) : all);
        var grouped = other ? all.subList(o.maxLevels(), all.size()) : List.<String>of();
        return new ColumnStep.OneHot(c.name(), c.type(), kept, other, fill(levels, o), grouped);
    }

    private static ColumnStep ordinal(Column c, Options o) {
        var levels = levels(c, o);
        return new ColumnStep.Ordinal(c.name(), c.type(), new ArrayList<>(levels.keySet()), fill(levels, o));
    }

    private record TargetFit(ColumnStep.TargetEncoded step, double[][] outOfFold) {}

    private static TargetFit targetEncoded(Column c, Options o, Target target, int[] folds) {
        List<String> components = target.classes().isEmpty()
                ? List.of(target.column())
                : target.classes().size() == 2 ? List.of(target.classes().get(1)) : target.classes();
        int k = components.size();
        int n = c.size();
        double[][] y = new double[k][n];
        for (int i = 0; i < n; i++) {
            double t = target.values()[i];
            if (target.classes().isEmpty()) {
                y[0][i] = t;
            } else if (k == 1) {
                y[0][i] = t == 1 ? 1 : 0;
            } else {
                y[(int) t][i] = 1;
            }
        }
        String missingLevel = o.categoricalImputation() == Imputation.CONSTANT ? o.categoricalFill() : null;
        String[] labels = new String[n];
        for (int i = 0; i < n; i++) {
            String v = Values.label(c, i);
            labels[i] = v == null ? missingLevel : v;
        }
        double[] prior = new double[k];
        for (int j = 0; j < k; j++) {
            prior[j] = mean(y[j]);
        }
        var full = encode(labels, y, prior, o.targetSmoothing(), null, -1);
        double[][] oof = new double[k][n];
        for (int fold = 0; fold < o.targetFolds(); fold++) {
            var enc = encode(labels, y, prior, o.targetSmoothing(), folds, fold);
            for (int i = 0; i < n; i++) {
                if (folds[i] == fold) {
                    double[] e = labels[i] == null ? null : enc.get(labels[i]);
                    for (int j = 0; j < k; j++) {
                        oof[j][i] = e == null ? prior[j] : e[j];
                    }
                }
            }
        }
        var encoding = new java.util.TreeMap<String, List<Double>>();
        full.forEach((level, e) -> encoding.put(level, Arrays.stream(e).boxed().toList()));
        return new TargetFit(
                new ColumnStep.TargetEncoded(
                        c.name(),
                        c.type(),
                        encoding,
                        Arrays.stream(prior).boxed().toList(),
                        components),
                oof);
    }

    /** Smoothed per-level target means over the rows not in {@code heldOut} (all rows when folds is null). */
    private static Map<String, double[]> encode(
            String[] labels, double[][] y, double[] prior, double m, int[] folds, int heldOut) {
        var sums = new HashMap<String, double[]>();
        int k = y.length;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == null || (folds != null && folds[i] == heldOut)) {
                continue;
            }
            double[] s = sums.computeIfAbsent(labels[i], key -> new double[k + 1]);
            for (int j = 0; j < k; j++) {
                s[j] += y[j][i];
            }
            s[k] += 1;
        }
        var out = new java.util.TreeMap<String, double[]>();
        for (var e : sums.entrySet()) {
            double[] s = e.getValue();
            double[] enc = new double[k];
            for (int j = 0; j < k; j++) {
                enc[j] = (s[j] + m * prior[j]) / (s[k] + m);
            }
            out.put(e.getKey(), enc);
        }
        return out;
    }

    private static int[] folds(int n, int k, long seed) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        var rnd = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        int[] folds = new int[n];
        for (int i = 0; i < n; i++) {
            folds[idx[i]] = i % k;
        }
        return folds;
    }

    private static ColumnStep dateParts(Column c, Options o) {
        if (!o.dateParts()) {
            return null;
        }
        var parts = ColumnStep.DatePart.of(c.type());
        double[] fills = new double[parts.size()];
        var scales = new ArrayList<ColumnStep.Scale>();
        for (int p = 0; p < parts.size(); p++) {
            double[] values = new double[c.size()];
            int k = 0;
            for (int i = 0; i < c.size(); i++) {
                LocalDateTime t = Values.dateTime(c, i);
                if (t != null) {
                    values[k++] = FittedPipeline.part(parts.get(p), t);
                }
            }
            fills[p] = median(Arrays.copyOf(values, k));
            double[] filled = new double[c.size()];
            for (int i = 0; i < c.size(); i++) {
                LocalDateTime t = Values.dateTime(c, i);
                filled[i] = t == null ? fills[p] : FittedPipeline.part(parts.get(p), t);
            }
            scales.add(scale(filled, o.scaling()));
        }
        return new ColumnStep.DateParts(
                c.name(), c.type(), parts, Arrays.stream(fills).boxed().toList(), scales);
    }

    static double mean(double[] v) {
        if (v.length == 0) {
            return 0;
        }
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    /**
     * {@code quantile(sorted, 0.5)} of the values without sorting them (they are reordered): a selection in linear time
     * instead of a sort, which dominated fitting the pipeline on a million rows.
     */
    static double median(double[] values) {
        int n = values.length;
        if (n == 0) {
            return 0;
        }
        double pos = 0.5 * (n - 1);
        int lo = (int) Math.floor(pos);
        double a = select(values, lo);
        double b = a;
        if (lo + 1 < n) {
            b = values[lo + 1];
            for (int i = lo + 2; i < n; i++) {
                b = Math.min(b, values[i]);
            }
        }
        return a + (pos - lo) * (b - a);
    }

    /**
     * The {@code k}-th smallest of {@code a} (no NaN), by quickselect with a median-of-three pivot; on return {@code
     * a[0..k)} are at most {@code a[k]} and {@code a(k..]} at least.
     */
    private static double select(double[] a, int k) {
        int l = 0;
        int ir = a.length - 1;
        while (true) {
            if (ir <= l + 1) {
                if (ir == l + 1 && a[ir] < a[l]) {
                    swap(a, l, ir);
                }
                return a[k];
            }
            swap(a, (l + ir) >>> 1, l + 1);
            if (a[l] > a[ir]) {
                swap(a, l, ir);
            }
            if (a[l + 1] > a[ir]) {
                swap(a, l + 1, ir);
            }
            if (a[l] > a[l + 1]) {
                swap(a, l, l + 1);
            }
            int i = l + 1;
            int j = ir;
            double pivot = a[l + 1];
            while (true) {
                do {
                    i++;
                } while (a[i] < pivot);
                do {
                    j--;
                } while (a[j] > pivot);
                if (j < i) {
                    break;
                }
                swap(a, i, j);
            }
            a[l + 1] = a[j];
            a[j] = pivot;
            if (j >= k) {
                ir = j - 1;
            }
            if (j <= k) {
                l = i;
            }
        }
    }

    private static void swap(double[] a, int i, int j) {
        double t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    /** Linear-interpolated quantile of sorted values (the definition numpy and pandas use by default). */
    static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
