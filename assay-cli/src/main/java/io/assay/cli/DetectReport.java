package io.assay.cli;

import io.assay.anomaly.AnomalousFeature;
import io.assay.anomaly.DetectionSummary;
import io.assay.anomaly.Detectors;
import io.assay.anomaly.FlaggedRow;
import io.assay.app.Detections;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders detection runs and the list of methods as text for people. */
final class DetectReport {

    private DetectReport() {}

    static String detected(Detections.DetectResult r) {
        DetectionSummary s = r.summary();
        var sb = new StringBuilder();
        sb.append(String.format(
                Locale.ROOT,
                "%s: %,d rows scored, %,d flagged (%s)%n",
                s.method() + (s.members().size() > 1 ? " of " + String.join(", ", s.members()) : ""),
                s.rows(),
                s.flagged(),
                percent(s.flagged(), s.rows())));
        var severities = new ArrayList<String>();
        s.severities().forEach((k, v) -> {
            if (v > 0) {
                severities.add(k + " " + String.format(Locale.ROOT, "%,d", v));
            }
        });
        if (!severities.isEmpty()) {
            sb.append("severity: ").append(String.join(", ", severities)).append('\n');
        }
        sb.append(String.format(
                Locale.ROOT,
                "threshold: %s (score >= %s)%n",
                s.threshold().description(),
                ModelReport.num(s.threshold().score())));
        var alternatives = new ArrayList<String>();
        s.alternatives()
                .forEach(a -> alternatives.add(String.format(
                        Locale.ROOT,
                        "%sth percentile %,d rows",
                        ModelReport.num(a.percentile()).replaceFirst("\\.?0+$", ""),
                        a.flagged())));
        sb.append("would flag instead: ")
                .append(String.join(", ", alternatives))
                .append('\n');
        sb.append("features used (")
                .append(s.featuresUsed().size())
                .append("): ")
                .append(String.join(", ", s.featuresUsed()))
                .append('\n');
        if (s.quality().rocAuc() == null) {
            s.featuresUsed().stream()
                    .filter(io.assay.core.table.GroundTruth::looksLikeLabel)
                    .forEach(c -> sb.append("note: column '")
                            .append(c)
                            .append("' looks like a ground-truth label and is used as a feature; pass --label ")
                            .append(c)
                            .append(" to evaluate against it instead, or --exclude ")
                            .append(c)
                            .append('\n'));
        }
        s.featuresExcluded()
                .forEach(e -> sb.append("left out: ")
                        .append(e.column())
                        .append(" (")
                        .append(e.reason())
                        .append(")\n"));
        var parameters = new ArrayList<String>();
        s.parameters().forEach((k, v) -> parameters.add(k + "=" + v)); // as --param takes them
        sb.append("parameters: ")
                .append(String.join(", ", parameters))
                .append(", seed ")
                .append(s.seed())
                .append('\n');
        var q = s.quality();
        if (q.rocAuc() != null) {
            sb.append(String.format(
                    Locale.ROOT,
                    "quality against '%s': ROC AUC %.4f, average precision %.4f; at the threshold precision %.4f,"
                            + " recall %.4f, F1 %.4f%n",
                    s.label(),
                    q.rocAuc(),
                    q.averagePrecision(),
                    q.precision(),
                    q.recall(),
                    q.f1()));
        } else if (s.label() != null && q.precision() != null) {
            // a single class: the ranking metrics do not exist, the notes say why precision and recall are what they
            // are
            sb.append(String.format(
                    Locale.ROOT,
                    "quality against '%s': ROC AUC and average precision undefined ('%s' has one class); at the"
                            + " threshold precision %.4f, recall %.4f, F1 %.4f%n",
                    s.label(),
                    s.label(),
                    q.precision(),
                    q.recall(),
                    q.f1()));
        }
        if (r.detector() != null) {
            sb.append("detector: ").append(r.detector().id()).append('\n');
        }
        if (r.flaggedFile() != null) {
            sb.append("flagged rows written to ").append(r.flaggedFile()).append('\n');
        }
        if (r.scoresFile() != null) {
            sb.append("scores written to ").append(r.scoresFile()).append('\n');
        }
        if (!r.top().isEmpty()) {
            sb.append('\n');
            // the autoencoder's expected value is its reconstruction of the row, not a typical value of the column
            String expected = s.method().equals("autoencoder") ? "reconstructed" : "typical";
            var t = new TextTable(
                    List.of(
                            "row_index",
                            "score",
                            "confidence",
                            "severity",
                            "why (column: actual vs " + expected + ", share)"),
                    List.of(true, true, true, false, false));
            for (FlaggedRow f : r.top()) {
                var why = new ArrayList<String>();
                for (AnomalousFeature a : f.anomalousFeatures()) {
                    why.add(String.format(
                            Locale.ROOT,
                            "%s: %s vs %s, %.0f%%",
                            a.featureName(),
                            value(a.actualValue()),
                            value(a.typicalValue()),
                            100 * a.contribution()));
                }
                t.row(List.of(
                        Long.toString(f.rowIndex()),
                        ModelReport.num(f.anomalyScore()),
                        String.format(Locale.ROOT, "%.4f", f.confidence()),
                        f.severity().label(),
                        String.join("; ", why)));
            }
            sb.append(t.render());
        }
        long more = s.flagged() - r.top().size();
        if (more > 0) {
            // no row shown although some were flagged: --top 0 asked for none
            boolean none = r.top().isEmpty();
            sb.append(String.format(Locale.ROOT, none ? "%n%,d flagged rows " : "%,d more flagged rows ", more));
            sb.append(
                    r.flaggedFile() != null
                            ? "in " + r.flaggedFile()
                            : none
                                    ? "not shown (--top 0): write them all with -o FILE (.csv, .xlsx or .json)"
                                    : "not shown: write them all with -o FILE (.csv, .xlsx or .json), or show more"
                                            + " with --top N");
            sb.append('\n');
        }
        var notes = new java.util.LinkedHashSet<>(s.notes()); // the report's lines are among the notes already
        notes.addAll(r.report().problems());
        if (!notes.isEmpty()) {
            sb.append('\n');
            notes.forEach(n -> sb.append("  ").append(n).append('\n'));
        }
        return sb.toString();
    }

    static String methods(List<Detectors.MethodInfo> methods) {
        var sb = new StringBuilder();
        for (var m : methods) {
            sb.append(m.name()).append(": ").append(m.description()).append('\n');
            m.hyperparameters()
                    .forEach(h -> sb.append("  ").append(h.describe()).append('\n'));
        }
        return sb.toString();
    }

    private static String value(Object v) {
        if (v == null) {
            return "(missing)";
        }
        if (v instanceof Double d) {
            return ModelReport.num(d).replaceFirst("\\.?0+$", "");
        }
        return v.toString();
    }

    private static String percent(long part, long whole) {
        return String.format(Locale.ROOT, "%.1f%%", whole == 0 ? 0.0 : 100.0 * part / whole);
    }
}
