package io.assay.testkit;

import io.assay.core.table.BooleanColumn;
import io.assay.core.table.CategoricalColumn;
import io.assay.core.table.Column;
import io.assay.core.table.DateColumn;
import io.assay.core.table.NumberColumn;
import io.assay.core.table.Table;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded tables with a known structure, for tests of anything that learns: {@code amount} and {@code region} drive
 * the targets, {@code noise} does not, {@code customer_id} is an identifier to be left out.
 */
public final class Tables {

    private Tables() {}

    /**
     * A business-like table: {@code customer_id}, {@code amount} (log-normal, some missing), {@code region} (4
     * levels), {@code member} (flag), {@code signup} (date), {@code noise}, and targets {@code spend} (regression:
     * 3·amount + region effect + small noise) and {@code churned} (classification: high amount in region N or S).
     */
    public static Table business(int rows, long seed) {
        var rnd = new SplittableRandom(seed);
        double[] id = new double[rows];
        double[] amount = new double[rows];
        String[] region = new String[rows];
        Boolean[] member = new Boolean[rows];
        LocalDate[] signup = new LocalDate[rows];
        double[] noise = new double[rows];
        double[] spend = new double[rows];
        String[] churned = new String[rows];
        String[] regions = {"N", "S", "E", "W"};
        double[] effect = {10, -5, 3, 0};
        for (int i = 0; i < rows; i++) {
            id[i] = 100_000 + i;
            amount[i] = Math.exp(3 + 0.5 * rnd.nextDouble() + 0.3 * gaussian(rnd));
            int r = rnd.nextInt(4);
            region[i] = regions[r];
            member[i] = rnd.nextDouble() < 0.4;
            signup[i] = LocalDate.of(2022, 1, 1).plusDays(rnd.nextInt(900));
            noise[i] = gaussian(rnd);
            spend[i] = 3 * amount[i] + effect[r] + gaussian(rnd);
            boolean churn = (amount[i] > 28 && r <= 1) || rnd.nextDouble() < 0.05;
            churned[i] = churn ? "yes" : "no";
        }
        for (int i = 0; i < rows; i += 17) {
            amount[i] = Double.NaN;
        }
        return Table.of(List.of(
                NumberColumn.ofInteger("customer_id", id),
                NumberColumn.ofDecimal("amount", amount),
                CategoricalColumn.of("region", region),
                BooleanColumn.of("member", member),
                DateColumn.of("signup", signup),
                NumberColumn.ofDecimal("noise", noise),
                NumberColumn.ofDecimal("spend", spend),
                CategoricalColumn.of("churned", churned)));
    }

    /** Three well-separated blobs in two dimensions, plus {@code outliers} far-away rows flagged in {@code label}. */
    public static Table blobs(int rows, int outliers, long seed) {
        var rnd = new SplittableRandom(seed);
        double[][] centres = {{0, 0}, {6, 6}, {0, 8}};
        int n = rows + outliers;
        double[] x = new double[n];
        double[] y = new double[n];
        double[] label = new double[n];
        for (int i = 0; i < rows; i++) {
            double[] c = centres[i % 3];
            x[i] = c[0] + gaussian(rnd);
            y[i] = c[1] + gaussian(rnd);
        }
        for (int i = rows; i < n; i++) {
            x[i] = 20 + 5 * rnd.nextDouble();
            y[i] = -15 - 5 * rnd.nextDouble();
            label[i] = 1;
        }
        var cols = new ArrayList<Column>();
        cols.add(NumberColumn.ofDecimal("x", x));
        cols.add(NumberColumn.ofDecimal("y", y));
        cols.add(NumberColumn.ofInteger("label", label));
        return Table.of(cols);
    }

    static double gaussian(SplittableRandom rnd) {
        // Box–Muller: SplittableRandom has no nextGaussian on every JDK this builds with
        double u = 1 - rnd.nextDouble();
        double v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
