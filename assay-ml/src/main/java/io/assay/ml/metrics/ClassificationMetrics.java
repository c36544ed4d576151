package io.assay.ml.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Classification quality: accuracy; precision, recall and F1 per class, macro- and support-weighted; ROC AUC
 * (binary, or one-versus-rest macro average); PR AUC as average precision (macro over classes when more than two);
 * log loss; the confusion matrix (rows: true class, columns: predicted).
 */
public record ClassificationMetrics(
        List<String> classes,
        long rows,
        double accuracy,
        double precisionMacro,
        double recallMacro,
        double f1Macro,
        double precisionWeighted,
        double recallWeighted,
        double f1Weighted,
        Double rocAuc,
        Double prAuc,
        Double logLoss,
        List<List<Long>> confusion,
        List<ClassReport> perClass)
        implements Metrics {

    /** One class's precision, recall, F1 and support (true rows of the class). */
    public record ClassReport(String label, double precision, double recall, double f1, long support) {}

    private static final double EPS = 1e-15;

    /**
     * @param truth true class index per row
     * @param predicted predicted class index per row
     * @param probabilities per row, one probability per class (null when the model has none)
     * @param classes class labels by index
     */
    public static ClassificationMetrics of(
            int[] truth, int[] predicted, double[][] probabilities, List<String> classes) {
        int k = Math.max(2, classes.size());
        int n = truth.length;
        long[][] confusion = new long[k][k];
        long correct = 0;
        for (int i = 0; i < n; i++) {
            confusion[truth[i]][predicted[i]]++;
            correct += truth[i] == predicted[i] ? 1 : 0;
        }
        // scikit-learn averages over the labels present in the truth or the predictions
        var present = new TreeSet<Integer>();
        for (int i = 0; i < n; i++) {
            present.add(truth[i]);
            present.add(predicted[i]);
        }
        var reports = new ArrayList<ClassReport>();
        double pm = 0, rm = 0, fm = 0, pw = 0, rw = 0, fw = 0;
        for (int c = 0; c < k; c++) {
            long tp = confusion[c][c];
            long support = 0;
            long predictedC = 0;
            for (int j = 0; j < k; j++) {
                support += confusion[c][j];
                predictedC += confusion[j][c];
            }
            double precision = predictedC == 0 ? 0 : (double) tp / predictedC;
            double recall = support == 0 ? 0 : (double) tp / support;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            reports.add(new ClassReport(label(classes, c), precision, recall, f1, support));
            if (present.contains(c)) {
                pm += precision;
                rm += recall;
                fm += f1;
            }
            pw += precision * support;
            rw += recall * support;
            fw += f1 * support;
        }
        int m = Math.max(1, present.size());
        Double auc = null;
        Double ap = null;
        Double logLoss = null;
        if (probabilities != null) {
            if (k == 2) {
                boolean[] pos = new boolean[n];
                double[] score = new double[n];
                for (int i = 0; i < n; i++) {
                    pos[i] = truth[i] == 1;
                    score[i] = probabilities[i][1];
                }
                auc = Ranking.rocAuc(pos, score);
                ap = Ranking.averagePrecision(pos, score);
            } else {
                double aucSum = 0;
                double apSum = 0;
                int classesWithBoth = 0;
                for (int c = 0; c < k; c++) {
                    boolean[] pos = new boolean[n];
                    double[] score = new double[n];
                    for (int i = 0; i < n; i++) {
                        pos[i] = truth[i] == c;
                        score[i] = probabilities[i][c];
                    }
                    Double a = Ranking.rocAuc(pos, score);
                    Double p = Ranking.averagePrecision(pos, score);
                    if (a != null && p != null) {
                        aucSum += a;
                        apSum += p;
                        classesWithBoth++;
                    }
                }
                if (classesWithBoth > 0) {
                    auc = aucSum / classesWithBoth;
                    ap = apSum / classesWithBoth;
                }
            }
            double ll = 0;
            for (int i = 0; i < n; i++) {
                double[] p = probabilities[i];
                double sum = 0;
                for (double v : p) {
                    sum += Math.min(1 - EPS, Math.max(EPS, v));
                }
                double pt = Math.min(1 - EPS, Math.max(EPS, p[truth[i]])) / sum;
                ll -= Math.log(pt);
            }
            logLoss = n == 0 ? null : ll / n;
        }
        var matrix = new ArrayList<List<Long>>();
        for (long[] row : confusion) {
            matrix.add(java.util.Arrays.stream(row).boxed().toList());
        }
        return new ClassificationMetrics(
                List.copyOf(classes),
                n,
                n == 0 ? 0 : (double) correct / n,
                pm / m,
                rm / m,
                fm / m,
                n == 0 ? 0 : pw / n,
                n == 0 ? 0 : rw / n,
                n == 0 ? 0 : fw / n,
                auc,
                ap,
                logLoss,
                matrix,
                reports);
    }

    private static String label(List<String> classes, int c) {
        return c < classes.size() ? classes.get(c) : Integer.toString(c);
    }

    @Override
    public Map<String, Double> headline() {
        var m = new LinkedHashMap<String, Double>();
        m.put("accuracy", accuracy);
        m.put("precision_macro", precisionMacro);
        m.put("recall_macro", recallMacro);
        m.put("f1_macro", f1Macro);
        m.put("f1_weighted", f1Weighted);
        if (rocAuc != null) {
            m.put("roc_auc", rocAuc);
        }
        if (prAuc != null) {
            m.put("pr_auc", prAuc);
        }
        if (logLoss != null) {
            m.put("log_loss", logLoss);
        }
        return m;
    }
}
