package io.assay.cli;

import io.assay.core.profile.ColumnProfile;
import io.assay.core.profile.DataQuality;
import io.assay.core.profile.TableProfile;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders a {@link TableProfile} as text for people. */
final class ProfileReport {

    private ProfileReport() {}

    static String render(TableProfile p) {
        var sb = new StringBuilder();
        var ingest = p.ingest();
        DataQuality q = p.quality();
        sb.append(String.format(
                Locale.ROOT,
                "%s: %,d rows × %d columns (%s, %s)%n",
                ingest.file(),
                p.rows(),
                p.columns().size(),
                ingest.format().label(),
                dialect(ingest.dialect())));
        sb.append(String.format(
                Locale.ROOT,
                "Data quality: %s/100 (grade %s)  completeness %s  validity %s  consistency %s  uniqueness %s%n%n",
                score(q.overallScore()),
                q.grade(),
                score(q.completeness()),
                score(q.validity()),
                q.consistency() == null ? "n/a" : score(q.consistency()),
                score(q.uniqueness())));
        var table = new TextTable(
                List.of(
                        "column",
                        "type",
                        "missing",
                        "distinct",
                        "min",
                        "median",
                        "max",
                        "mean",
                        "top / examples",
                        "outliers"),
                List.of(false, false, true, true, true, true, true, true, false, true));
        for (ColumnProfile c : p.columns()) {
            String min = "", median = "", max = "", mean = "", outliers = "";
            if (c.identifier() != null) {
                // labels, written as in the file (12346, not 12,346); no median or mean
                min = c.identifier().min() == null ? "" : c.identifier().min();
                max = c.identifier().max() == null ? "" : c.identifier().max();
            } else if (c.numeric() != null) {
                min = num(c.numeric().min());
                median = num(c.numeric().median());
                max = num(c.numeric().max());
                mean = num(c.numeric().mean());
            } else if (c.range() != null) {
                min = c.range().min();
                median = c.range().median() == null ? "" : c.range().median();
                max = c.range().max();
            }
            if (c.outliers() != null && c.outliers().iqrCount() > 0) {
                outliers = String.format(Locale.ROOT, "%,d", c.outliers().iqrCount());
            }
            var about = new ArrayList<String>();
            if (!c.format().isEmpty()) {
                about.add(c.format());
            }
            if (c.role() == ColumnProfile.Role.IDENTIFIER) {
                about.add("id");
            }
            String type = c.type().label() + (about.isEmpty() ? "" : " (" + String.join(", ", about) + ")");
            table.row(List.of(
                    c.name(),
                    type,
                    String.format(Locale.ROOT, "%.1f%%", 100 * c.missingShare()),
                    (c.distinctApproximate() ? "~" : "") + String.format(Locale.ROOT, "%,d", c.distinct()),
                    min,
                    median,
                    max,
                    mean,
                    top(c),
                    outliers));
        }
        sb.append(table.render());
        var notes = new ArrayList<String>();
        var identifiers = p.columns().stream()
                .filter(c -> c.identifier() != null)
                .map(c -> c.name() + " " + unique(c))
                .toList();
        if (!identifiers.isEmpty()) {
            notes.add("identifiers (counted, not averaged): " + String.join(", ", identifiers));
        }
        for (var d : q.deductions()) {
            notes.add(String.format(Locale.ROOT, "-%.2f %s: %s", d.points(), d.dimension(), d.reason()));
        }
        for (var check : q.checks()) {
            notes.add(String.format(
                    Locale.ROOT,
                    "check %s: %,d of %,d rows break it%s",
                    check.expression(),
                    check.violations(),
                    check.rowsChecked(),
                    check.exampleRows().isEmpty() ? "" : " (rows " + check.exampleRows() + ")"));
        }
        notes.addAll(ingest.problems());
        if (!notes.isEmpty()) {
            sb.append('\n');
            notes.forEach(n -> sb.append("  ").append(n).append('\n'));
        }
        return sb.toString();
    }

    /** How unique an identifier's values are: "unique" for a key, else the share of distinct values. */
    private static String unique(ColumnProfile c) {
        double u = c.identifier().uniqueness();
        if (u >= 1 && !c.distinctApproximate()) {
            return "unique";
        }
        String share = String.format(Locale.ROOT, "%.1f%%", 100 * u);
        return (c.distinctApproximate() ? "~" : "") + (share.equals("100.0%") && u < 1 ? "99.9%" : share) + " distinct";
    }

    private static String dialect(java.util.Map<String, String> d) {
        var parts = new ArrayList<String>();
        if (d.containsKey("delimiter")) {
            String delim = d.get("delimiter");
            parts.add("delimiter " + (delim.equals("\t") ? "tab" : "'" + delim + "'"));
        }
        if (d.containsKey("encoding")) {
            parts.add(d.get("encoding"));
        }
        if ("gzip".equals(d.get("compression"))) {
            parts.add("gzip");
        }
        if (d.containsKey("sheet")) {
            parts.add("sheet '" + d.get("sheet") + "'");
        }
        return parts.isEmpty() ? "read" : String.join(", ", parts);
    }

    private static String top(ColumnProfile c) {
        List<String> values;
        if (!c.topValues().isEmpty()) {
            values = c.topValues().stream()
                    .limit(3)
                    .map(v -> cut(v.value()) + " (" + String.format(java.util.Locale.ROOT, "%,d", v.count()) + ")")
                    .toList();
        } else {
            values = c.examples().stream().limit(3).map(ProfileReport::cut).toList();
        }
        return String.join(", ", values);
    }

    private static String cut(String s) {
        return s.length() <= 18 ? s : s.substring(0, 17) + "…";
    }

    /** A 0-100 score to one decimal; a score short of 100 never shows as 100.0 beside the deduction it had. */
    static String score(double v) {
        String s = String.format(Locale.ROOT, "%.1f", v);
        return v < 100 && s.equals("100.0") ? "99.9" : s;
    }

    /**
     * A number as a business reader writes it: whole numbers whole, others with two decimals from 1 up (22,638.48, not
     * 2.264e+04), four significant digits below 1 (0.004567); scientific only beyond what a table cell can show.
     */
    static String num(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.isNaN(v) ? "" : (v > 0 ? "∞" : "-∞");
        }
        double a = Math.abs(v);
        if (a >= 1e15 || (a < 1e-6 && a > 0)) {
            return String.format(Locale.ROOT, "%.4g", v);
        }
        if (v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%,d", (long) v);
        }
        if (a >= 1) {
            var twoDecimals = new DecimalFormat("#,##0.##", DecimalFormatSymbols.getInstance(Locale.ROOT));
            twoDecimals.setRoundingMode(RoundingMode.HALF_UP);
            return twoDecimals.format(v);
        }
        return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
