package io.assay.ml;

import static org.assertj.core.api.Assertions.assertThat;

import io.assay.core.Progress;
import io.assay.core.ingest.Ingest;
import io.assay.core.table.Table;
import io.assay.testkit.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training warns when an input column alone predicts the target almost perfectly, or the held-out score is perfect:
 * IBM's churn file with a 0/1 copy of Churn and a cancellation date filled only for churners, and the supermarket file
 * whose tax, cost and gross income are fixed shares of Total.
 */
class TargetLeakageTest {

    @TempDir
    static Path dir;

    private static Table churn;
    private static Table leakyChurn;

    @BeforeAll
    static void readFiles() throws IOException {
        Path ibm = SharedData.file("domains/telco_customer_churn_ibm.csv");
        churn = read(ibm);
        var lines = Files.readAllLines(ibm);
        var out = new ArrayList<String>();
        out.add(lines.getFirst() + ",churn_flag,cancel_date");
        for (String line : lines.subList(1, lines.size())) {
            boolean churned = line.endsWith(",Yes");
            out.add(line + (churned ? ",1,2024-03-01" : ",0,"));
        }
        Path leaky = dir.resolve("leaky.csv");
        Files.write(leaky, out);
        leakyChurn = read(leaky);
    }

    private static Table read(Path file) {
        return Ingest.read(file, Ingest.Options.defaults()).table();
    }

    private static TrainedModel train(Table table, String target, String model, Map<String, String> params) {
        return Training.train(
                new Training.Request(table, target, List.of(), model, params, null, 0.2, 0, 42, null, 95),
                Progress.NONE);
    }

    @Test
    void aCopyOfTheTargetAndADateFilledOnlyForChurnersAreNamed() {
        var e = train(leakyChurn, "Churn", "xgboost", Map.of("n_estimators", "20"))
                .evaluation();
        assertThat(e.warnings()).hasSize(1);
        var w = e.warnings().getFirst();
        assertThat(w.kind()).isEqualTo("target_leakage");
        assertThat(w.columns()).containsExactlyInAnyOrder("churn_flag", "cancel_date");
        assertThat(w.message())
                .contains("'churn_flag'", "'cancel_date'", "alone predict 'Churn' almost perfectly")
                .contains("ROC AUC 1.0000")
                .contains("copies or consequences of the target", "metrics are probably optimistic")
                .contains("--features");
    }

    @Test
    void aSingleValueFilledOnlyInSomeRowsIsAFlagOfWhetherItIsFilled() {
        var m = train(leakyChurn, "Churn", "logistic_regression", Map.of());
        assertThat(m.evaluation().notes())
                .noneMatch(n -> n.contains("cancel_date") && n.contains("constant"))
                .anyMatch(n -> n.startsWith("column 'cancel_date' has a single value (2024-03-01) and is empty in")
                        && n.endsWith("used as a flag of whether it is filled"));
        assertThat(m.spec().inputColumns()).contains("cancel_date");
        // filled (any date, even one never seen) reads as churned; empty as stayed
        var rows = new ArrayList<Map<String, Object>>();
        var base = new java.util.LinkedHashMap<String, Object>();
        base.put("tenure", 40);
        base.put("churn_flag", 0);
        base.put("cancel_date", null);
        rows.add(base);
        var filled = new java.util.LinkedHashMap<>(base);
        filled.put("cancel_date", "2025-07-01");
        rows.add(filled);
        var p = m.predictRows(rows, false);
        assertThat(p.probabilities()[1][1]).isGreaterThan(p.probabilities()[0][1]);
    }

    @Test
    void anHonestFileHasNoWarning() {
        var e = train(churn, "Churn", "logistic_regression", Map.of()).evaluation();
        assertThat(e.warnings()).isEmpty();
    }

    @Test
    void exactSharesOfARegressionTargetAreNamedAndTheOtherColumnsAreNot() throws IOException {
        var sales = read(SharedData.file("domains/supermarket_sales.csv"));
        var e = train(sales, "Total", "linear_regression", Map.of()).evaluation();
        assertThat(e.warnings()).hasSize(1);
        var w = e.warnings().getFirst();
        assertThat(w.columns()).containsExactlyInAnyOrder("Tax 5%", "cogs", "gross income");
        assertThat(w.message()).contains("|correlation| 1.0000");
    }

    @Test
    void aRenamedCopyOfAThreeClassTargetIsNamed() {
        var rnd = new SplittableRandom(5);
        int n = 300;
        String[] segment = new String[n];
        String[] code = new String[n];
        double[] spend = new double[n];
        String[] names = {"bronze", "silver", "gold"};
        for (int i = 0; i < n; i++) {
            int s = rnd.nextInt(3);
            segment[i] = names[s];
            code[i] = "S" + s;
            spend[i] = 100 * s + rnd.nextDouble(0, 150);
        }
        var t = Table.of(List.of(
                io.assay.core.table.CategoricalColumn.of("segment", segment),
                io.assay.core.table.CategoricalColumn.of("segment_code", code),
                io.assay.core.table.NumberColumn.ofDecimal("spend", spend)));
        var e = train(t, "segment", "logistic_regression", Map.of()).evaluation();
        assertThat(e.warnings())
                .singleElement()
                .satisfies(w -> assertThat(w.columns()).containsExactly("segment_code"));
    }

    @Test
    void aPerfectHeldOutScoreFromTwoColumnsTogetherNamesThem() {
        var rnd = new SplittableRandom(7);
        var header = "a,b,noise,total";
        var lines = new ArrayList<String>();
        lines.add(header);
        for (int i = 0; i < 400; i++) {
            double a = rnd.nextDouble(0, 100);
            double b = rnd.nextDouble(0, 100);
            lines.add(String.format(java.util.Locale.ROOT, "%.4f,%.4f,%.4f,%.4f", a, b, rnd.nextDouble(), a + b));
        }
        Table t;
        try {
            Path file = dir.resolve("sum.csv");
            Files.write(file, lines);
            t = read(file);
        } catch (IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
        var e = train(t, "total", "linear_regression", Map.of()).evaluation();
        assertThat(e.warnings()).hasSize(1);
        var w = e.warnings().getFirst();
        assertThat(w.columns()).containsExactlyInAnyOrder("a", "b");
        assertThat(w.message())
                .startsWith("the held-out score is perfect (R² 1.0000")
                .contains("'a'", "'b'");
    }
}
