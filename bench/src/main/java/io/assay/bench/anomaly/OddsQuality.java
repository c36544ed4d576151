package io.assay.bench.anomaly;

import io.assay.anomaly.Detectors;
import io.assay.core.Progress;
import io.assay.core.ingest.Ingest;
import io.assay.core.table.Column;
import io.assay.core.table.ColumnType;
import io.assay.core.table.Table;
import io.assay.ml.metrics.Ranking;
import java.io.BufferedReader;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Detector quality on the labelled ODDS / ADBench "Classical" sets with the protocol of the anchors
 * (shared/data/anomaly-anchors.md §3): for seeds 1, 2, 3 a stratified 70/30 split, fit on the unlabelled 70% (it
 * contains anomalies), score the 30%, ROC AUC and average precision of the scores against the labels. Every feature
 * is read as a number, as the peers read the arrays. Prints one CSV line per dataset × method × seed:
 * {@code dataset,method,seed,n_rows,n_features,n_fit,n_scored,roc_auc,avg_precision,fit_s,score_s}.
 *
 * <pre>java -cp ... io.assay.bench.anomaly.OddsQuality ODDS_DIR METHODS DATASETS [SEEDS] [method.param=value ...]</pre>
 *
 * METHODS and DATASETS are comma-separated ({@code all} for every dataset, smallest first). With
 * {@code -Dodds.splits=DIR}, the test rows of dataset D and seed S are read from {@code DIR/D-S.txt} (one 0-based row
 * a line; bench/scripts/anomaly-quality.sh writes them with scikit-learn's {@code train_test_split}, so both sides
 * score the very same rows); otherwise a seeded stratified split of our own is used.
 */
public final class OddsQuality {

    private OddsQuality() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        List<String> methods = List.of(args[1].split(","));
        List<String> datasets = args[2].equals("all") ? all(dir) : List.of(args[2].split(","));
        int[] seeds = args.length > 3
                ? Arrays.stream(args[3].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[] {1, 2, 3};
        var params = new LinkedHashMap<String, Map<String, String>>();
        for (int i = 4; i < args.length; i++) {
            String a = args[i];
            int dot = a.indexOf('.');
            int eq = a.indexOf('=');
            params.computeIfAbsent(a.substring(0, dot), k -> new LinkedHashMap<>())
                    .put(a.substring(dot + 1, eq), a.substring(eq + 1));
        }
        PrintStream out = System.out;
        out.println("dataset,method,seed,n_rows,n_features,n_fit,n_scored,roc_auc,avg_precision,fit_s,score_s");
        for (String name : datasets) {
            Table table = read(dir.resolve(name + ".csv"));
            boolean[] label = labels(table.column("label"));
            for (int seed : seeds) {
                String splits = System.getProperty("odds.splits");
                int[][] split = splits == null
                        ? split(label, 0.3, seed)
                        : split(label.length, Path.of(splits).resolve(name + "-" + seed + ".txt"));
                Table train = table.rows(split[0]);
                Table test = table.rows(split[1]);
                boolean[] truth = new boolean[split[1].length];
                for (int i = 0; i < truth.length; i++) {
                    truth[i] = label[split[1][i]];
                }
                for (String method : methods) {
                    var request = Detectors.Request.of(method)
                            .withLabel("label")
                            .withSeed(seed)
                            .withParams(params.getOrDefault(method, Map.of()));
                    long t0 = System.nanoTime();
                    var fitted = Detectors.fit(train, request, Progress.NONE);
                    long t1 = System.nanoTime();
                    double[] scores = fitted.model().score(test);
                    long t2 = System.nanoTime();
                    out.printf(
                            Locale.ROOT,
                            "%s,%s,%d,%d,%d,%d,%d,%.4f,%.4f,%.3f,%.3f%n",
                            name,
                            method,
                            seed,
                            table.rowCount(),
                            table.columnCount() - 1,
                            train.rowCount(),
                            test.rowCount(),
                            Ranking.rocAuc(truth, scores),
                            Ranking.averagePrecision(truth, scores),
                            (t1 - t0) / 1e9,
                            (t2 - t1) / 1e9);
                    out.flush();
                }
            }
        }
    }

    /** The datasets in the folder, smallest file first. */
    static List<String> all(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".csv"))
                    .filter(p -> !p.getFileName().toString().startsWith("adbench_"))
                    .filter(p -> !p.getFileName().toString().startsWith("sklearn_"))
                    .sorted((a, b) ->
                            Long.compare(a.toFile().length(), b.toFile().length()))
                    .map(p -> p.getFileName().toString().replaceFirst("\\.csv$", ""))
                    .toList();
        }
    }

    /** Reads an ODDS CSV with every feature as a decimal number (the label stays as inferred). */
    static Table read(Path file) throws Exception {
        String header;
        try (BufferedReader r = Files.newBufferedReader(file)) {
            header = r.readLine();
        }
        var types = new LinkedHashMap<String, ColumnType>();
        for (String c : header.split(",")) {
            if (!c.equals("label")) {
                types.put(c.trim(), ColumnType.DECIMAL);
            }
        }
        return Ingest.read(file, Ingest.Options.defaults().withTypes(types)).table();
    }

    static boolean[] labels(Column c) {
        boolean[] out = new boolean[c.size()];
        for (int i = 0; i < out.length; i++) {
            Object v = c.value(i);
            out[i] = v instanceof Boolean b ? b : v instanceof Number n && n.doubleValue() != 0;
        }
        return out;
    }

    /** The split whose test rows are listed in {@code file}; every other row is a training row. */
    static int[][] split(int rows, Path file) throws Exception {
        int[] test = Files.readAllLines(file).stream()
                .filter(l -> !l.isBlank())
                .mapToInt(l -> Integer.parseInt(l.trim()))
                .sorted()
                .toArray();
        boolean[] isTest = new boolean[rows];
        for (int t : test) {
            isTest[t] = true;
        }
        int[] train = java.util.stream.IntStream.range(0, rows)
                .filter(i -> !isTest[i])
                .toArray();
        return new int[][] {train, test};
    }

    /** Stratified split: in each class a seeded shuffle puts round(share × class size) rows in the test part. */
    static int[][] split(boolean[] label, double testShare, long seed) {
        var rnd = new Random(seed);
        var train = new ArrayList<Integer>();
        var test = new ArrayList<Integer>();
        for (boolean cls : new boolean[] {false, true}) {
            var idx = new ArrayList<Integer>();
            for (int i = 0; i < label.length; i++) {
                if (label[i] == cls) {
                    idx.add(i);
                }
            }
            java.util.Collections.shuffle(idx, rnd);
            int nTest = (int) Math.round(testShare * idx.size());
            test.addAll(idx.subList(0, nTest));
            train.addAll(idx.subList(nTest, idx.size()));
        }
        return new int[][] {
            train.stream().mapToInt(Integer::intValue).sorted().toArray(),
            test.stream().mapToInt(Integer::intValue).sorted().toArray()
        };
    }
}
