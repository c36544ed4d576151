package io.assay.report;

import io.assay.leakage.Finding;
import io.assay.leakage.LeakageResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The executive summary written from the facts alone, the same for the same result: how much money is at risk and
 * where, the leak types that matter most, the rows to look at first, what the analysis could not check, and how far
 * to trust the data. It is the default and the fallback when no language model is configured or it fails.
 */
public final class ExecutiveSummary {

    private ExecutiveSummary() {}

    /** The finding type of rows that no rule or model explains, which carry no money. */
    private static final String UNUSUAL = "unusual_pattern";

    /** The summary of {@code result}, a few short paragraphs of plain text. */
    public static String deterministic(LeakageResult r) {
        var m = r.metrics();
        var money = m.revenueImpact();
        String cur = money.currency() == null ? "" : " " + money.currency();
        var out = new ArrayList<String>();
        if (m.anomaliesDetected() == 0) {
            out.add(String.format(
                    Locale.ROOT,
                    "%s: %,d %s rows analysed; no revenue leakage found by any rule, model or detector.",
                    r.file(),
                    m.totalRows(),
                    r.domain()));
        } else {
            long leaking = r.findings().stream()
                    .filter(f -> !f.type().equals(UNUSUAL))
                    .map(Finding::rowIndex)
                    .distinct()
                    .count();
            long unusualOnly = m.anomaliesDetected() - leaking;
            String unusual = unusualOnly == 0
                    ? ""
                    : String.format(
                            Locale.ROOT,
                            " %,d %srow(s) (%s) show unusual patterns that no rule explains: worth a look, no money"
                                    + " counted.",
                            unusualOnly,
                            leaking == 0 ? "" : "more ",
                            rowShare(unusualOnly, m.totalRows()));
            if (leaking == 0) {
                out.add(String.format(
                        Locale.ROOT,
                        "%s: %,d %s rows analysed; no revenue leakage found by the rules or the leak model.%s",
                        r.file(),
                        m.totalRows(),
                        r.domain(),
                        unusual));
            } else {
                out.add(String.format(
                        Locale.ROOT,
                        "%s: %,d of %,d %s rows (%s) show revenue leakage, with %s%s at risk (%s%s per leaking row on"
                                + " average; %,d row(s) critical).%s",
                        r.file(),
                        leaking,
                        m.totalRows(),
                        r.domain(),
                        rowShare(leaking, m.totalRows()),
                        amount(money.totalRevenueAtRisk()),
                        cur,
                        amount(money.totalRevenueAtRisk() / leaking),
                        cur,
                        money.highImpactAnomalies(),
                        unusual));
                out.add(typesParagraph(money.byType(), money.totalRevenueAtRisk(), cur));
            }
            out.add(lookFirst(r, cur));
        }
        String skipped = skipped(r.rules());
        if (!skipped.isEmpty()) {
            out.add(skipped);
        }
        var q = m.dataQuality();
        if (q != null) {
            out.add(String.format(
                    Locale.ROOT,
                    "Data quality is grade %s (%.1f/100)%s.",
                    q.grade(),
                    q.overallScore(),
                    q.deductions().isEmpty() ? "" : ": " + q.deductions().getFirst()));
        }
        if (r.forecast() != null && !r.forecast().days().isEmpty()) {
            double week = r.forecast().days().stream()
                    .mapToDouble(LeakageResult.ForecastDay::expectedAnomalies)
                    .sum();
            if (Math.round(week) > 0) {
                out.add(String.format(
                        Locale.ROOT,
                        "At the recent pace about %.0f more anomalous rows are expected in the next 7 days (trend %s).",
                        week,
                        r.forecast().trendDirection()));
            } else {
                out.add("At the recent pace no anomalous rows are expected in the next 7 days.");
            }
        }
        return String.join("\n\n", out);
    }

    private static String typesParagraph(Map<String, LeakageResult.TypeImpact> byType, double total, String cur) {
        var parts = new ArrayList<String>();
        int shown = 0;
        for (var e : byType.entrySet()) {
            if (shown == 3) {
                break;
            }
            var t = e.getValue();
            String share = total > 0 && t.revenueImpact() > 0
                    ? ", " + percent(Math.min(1, t.revenueImpact() / total)) + " of the money"
                    : "";
            parts.add(String.format(
                    Locale.ROOT,
                    "%s (%,d finding(s), %s%s%s)",
                    label(e.getKey()),
                    t.count(),
                    amount(t.revenueImpact()),
                    cur,
                    share));
            shown++;
        }
        String rest = byType.size() > 3 ? "; " + (byType.size() - 3) + " other type(s) follow" : "";
        return "Largest leak types: " + String.join("; ", parts) + rest + ".";
    }

    private static String lookFirst(LeakageResult r, String cur) {
        var parts = new ArrayList<String>();
        for (Finding f : r.topFindings()) {
            if (parts.size() == 3) {
                break;
            }
            parts.add(String.format(
                    Locale.ROOT,
                    "row %d (%s, %s%s): %s",
                    f.rowIndex(),
                    label(f.type()),
                    amount(f.revenueImpact()),
                    cur,
                    f.description()));
        }
        return "Look first at " + String.join(" ", numbered(parts));
    }

    private static List<String> numbered(List<String> parts) {
        var out = new ArrayList<String>();
        for (int i = 0; i < parts.size(); i++) {
            out.add((i + 1) + ") " + parts.get(i));
        }
        return out;
    }

    private static String skipped(List<LeakageResult.RuleStatus> rules) {
        var reasons = new ArrayList<String>();
        for (var s : rules) {
            if ("skipped".equals(s.status())) {
                reasons.add(s.id() + " (" + label(s.type()) + ": " + s.reason() + ")");
            }
        }
        return reasons.isEmpty() ? "" : "Not checked: " + String.join("; ", reasons) + ".";
    }

    /** A leak type as words: {@code missing_tax} → {@code missing tax}. */
    static String label(String type) {
        return type.replace('_', ' ');
    }

    static String amount(double v) {
        return String.format(Locale.ROOT, "%,.2f", v);
    }

    /** A share of the file's rows as the command line's header line writes it (two decimals: 0.18%, not 0.2%). */
    static String rowShare(long rows, long total) {
        return String.format(Locale.ROOT, "%.2f%%", total == 0 ? 0.0 : 100.0 * rows / total);
    }

    static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }
}
