package io.assay.leakage;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The 7-day forecast of anomalous rows per day, by a simple method a person can check: the level is the mean of
 * the last 14 days, moved by the least-squares trend of the last 28 days, times the weekday's factor (its mean over
 * the whole history divided by the overall mean, when there are at least two weeks); the 80% interval is ±1.28
 * standard deviations of the last 28 days' residuals. Days without rows inside the history count as zero findings.
 */
final class Forecasting {

    static final String METHOD = "mean of the last 14 days, moved by the least-squares trend of the last 28 days,"
            + " times the weekday's factor; 80% interval from the last 28 days' residuals";

    private Forecasting() {}

    /** The forecast, or null when the history has fewer than 7 days. */
    static LeakageResult.Forecast sevenDays(List<LeakageResult.DailyPoint> history) {
        if (history.isEmpty()) {
            return null;
        }
        LocalDate first = LocalDate.parse(history.getFirst().date());
        LocalDate last = LocalDate.parse(history.getLast().date());
        int days = (int) (last.toEpochDay() - first.toEpochDay()) + 1;
        if (days < 7 || days > 20_000) {
            return null;
        }
        double[] y = new double[days];
        for (var p : history) {
            y[(int) (LocalDate.parse(p.date()).toEpochDay() - first.toEpochDay())] = p.anomalies();
        }
        Map<DayOfWeek, Double> factor = new EnumMap<>(DayOfWeek.class);
        double overall = mean(y, 0, days);
        for (DayOfWeek d : DayOfWeek.values()) {
            factor.put(d, 1.0);
        }
        if (days >= 14 && overall > 0) {
            double[] sum = new double[7];
            int[] n = new int[7];
            for (int i = 0; i < days; i++) {
                int w = first.plusDays(i).getDayOfWeek().getValue() - 1;
                sum[w] += y[i];
                n[w]++;
            }
            for (DayOfWeek d : DayOfWeek.values()) {
                int w = d.getValue() - 1;
                factor.put(d, n[w] == 0 ? 1.0 : (sum[w] / n[w]) / overall);
            }
        }
        // deseasonalised series
        double[] z = new double[days];
        for (int i = 0; i < days; i++) {
            double f = factor.get(first.plusDays(i).getDayOfWeek());
            z[i] = f > 0 ? y[i] / f : y[i];
        }
        int levelFrom = Math.max(0, days - 14);
        double level = mean(z, levelFrom, days);
        double levelAt = (levelFrom + days - 1) / 2.0;
        int trendFrom = Math.max(0, days - 28);
        double slope = days - trendFrom >= 7 ? slope(z, trendFrom, days) : 0;
        double sq = 0;
        for (int i = trendFrom; i < days; i++) {
            double fit = (level + slope * (i - levelAt))
                    * factor.get(first.plusDays(i).getDayOfWeek());
            sq += (y[i] - fit) * (y[i] - fit);
        }
        double sd = Math.sqrt(sq / Math.max(1, days - trendFrom - 1));
        var out = new ArrayList<LeakageResult.ForecastDay>();
        for (int h = 1; h <= 7; h++) {
            LocalDate d = last.plusDays(h);
            double expected = Math.max(0, (level + slope * (days - 1 + h - levelAt)) * factor.get(d.getDayOfWeek()));
            out.add(new LeakageResult.ForecastDay(
                    d.toString(),
                    round(expected),
                    round(Math.max(0, expected - 1.28 * sd)),
                    round(expected + 1.28 * sd)));
        }
        String direction =
                Math.abs(slope * 7) < 0.05 * Math.max(level, 1e-9) ? "stable" : slope > 0 ? "increasing" : "decreasing";
        return new LeakageResult.Forecast(METHOD, direction.toLowerCase(Locale.ROOT), out);
    }

    private static double mean(double[] v, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += v[i];
        }
        return to > from ? s / (to - from) : 0;
    }

    private static double slope(double[] v, int from, int to) {
        int n = to - from;
        double mx = (n - 1) / 2.0;
        double my = mean(v, from, to);
        double num = 0;
        double den = 0;
        for (int i = 0; i < n; i++) {
            num += (i - mx) * (v[from + i] - my);
            den += (i - mx) * (i - mx);
        }
        return den == 0 ? 0 : num / den;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
