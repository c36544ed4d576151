package io.assay.cli;

import io.assay.app.Models;
import io.assay.ml.Evaluation;
import io.assay.ml.metrics.ClassificationMetrics;
import io.assay.ml.metrics.ClusteringMetrics;
import io.assay.ml.registry.ModelVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders models, evaluations and prediction runs as text for people. */
final class ModelReport {

    private ModelReport() {}

    /** A registered version that is not a table model (a recommender, a detector): its metadata and metrics. */
    static String version(ModelVersion v) {
        var sb = new StringBuilder(String.format(
                Locale.ROOT,
                "%s: %s %s (stage %s), created %s%n",
                v.id(),
                v.type(),
                v.task().label(),
                v.stage().label(),
                v.createdAt()));
        var metrics = new TextTable(List.of("metric", "value"), List.of(false, true));
        v.metrics().forEach((name, value) -> metrics.row(List.of(name, num(value))));
        sb.append('\n').append(metrics.render());
        return sb.toString();
    }

    /** A newly registered version: its id, metrics and evaluation as JSON, or as text for people. */
    static void emitTrained(OutputOptions output, java.io.PrintWriter stdout, ModelVersion v, Evaluation e) {
        if (output.format == OutputOptions.Format.JSON) {
            var json = new java.util.LinkedHashMap<String, Object>();
            json.put("version", v);
            json.put("evaluation", e);
            output.emit(stdout, io.assay.core.json.Json.write(json));
        } else {
            output.emit(stdout, trained(v, e));
        }
    }

    static String trained(ModelVersion v, Evaluation e) {
        var sb = new StringBuilder();
        boolean heldOut = e.task().supervised();
        sb.append(String.format(
                Locale.ROOT,
                "%s: %s %s%s, %s rows trained, %s (stage %s)%n",
                v.id(),
                v.type(),
                v.task().label(),
                v.target() == null ? "" : (heldOut ? " of '" : " evaluated against '") + v.target() + "'",
                String.format(Locale.ROOT, "%,d", e.trainRows()),
                heldOut
                        ? String.format(Locale.ROOT, "%,d held out", e.testRows())
                        : "measured on the same rows (nothing is held out for "
                                + v.task().label().replace('_', ' ') + ")",
                v.stage().label()));
        sb.append('\n');
        var metrics = new TextTable(
                List.of("metric", heldOut ? "held out" : "training rows", "cross-validation"),
                List.of(false, true, true));
        e.metrics().headline().forEach((name, value) -> {
            var cv = e.crossValidation().get(name);
            metrics.row(List.of(name, num(value), cv == null ? "" : num(cv.mean()) + " ± " + num(cv.sd())));
        });
        sb.append(metrics.render());
        if (e.metrics() instanceof ClassificationMetrics c) {
            sb.append('\n');
            var classes = new TextTable(
                    List.of("class", "precision", "recall", "f1", "support"), List.of(false, true, true, true, true));
            c.perClass()
                    .forEach(r -> classes.row(List.of(
                            r.label(), num(r.precision()), num(r.recall()), num(r.f1()), Long.toString(r.support()))));
            sb.append(classes.render());
        }
        if (e.metrics() instanceof ClusteringMetrics c) {
            sb.append('\n')
                    .append("cluster sizes: ")
                    .append(c.sizes())
                    .append(c.noise() > 0 ? ", noise " + c.noise() : "")
                    .append('\n');
        }
        if (!e.importance().isEmpty()) {
            sb.append('\n');
            var imp = new TextTable(
                    List.of("column", "model importance", "permutation importance"), List.of(false, true, true));
            e.importance().stream()
                    .limit(12)
                    .forEach(i -> imp.row(List.of(
                            i.column(),
                            i.model() == null ? "" : num(i.model()),
                            i.permutation() == null ? "" : num(i.permutation()) + " ± " + num(i.permutationSd()))));
            sb.append(imp.render());
        }
        if (!e.warnings().isEmpty()) {
            sb.append('\n');
            e.warnings().forEach(w -> sb.append("warning: ").append(w.message()).append('\n'));
        }
        if (!e.notes().isEmpty()) {
            sb.append('\n');
            e.notes().forEach(n -> sb.append("  ").append(n).append('\n'));
        }
        return sb.toString();
    }

    static String list(List<ModelVersion> all) {
        if (all.isEmpty()) {
            return "no models registered yet; train one with 'assay train'\n";
        }
        var t = new TextTable(
                List.of("model", "stage", "type", "task", "target", "created", "headline"),
                List.of(false, false, false, false, false, false, false));
        for (var v : all) {
            var headline = new ArrayList<String>();
            v.metrics().entrySet().stream().limit(2).forEach(m -> headline.add(m.getKey() + " " + num(m.getValue())));
            t.row(List.of(
                    v.id(),
                    v.stage().label(),
                    v.type(),
                    v.task().label(),
                    v.target() == null ? "" : v.target(),
                    v.createdAt().toString().substring(0, 19).replace('T', ' '),
                    String.join(", ", headline)));
        }
        return t.render();
    }

    static String predicted(Models.PredictResult r) {
        var sb = new StringBuilder();
        sb.append(String.format(
                Locale.ROOT,
                "%s: %,d rows predicted, written to %s%n",
                r.version().id(),
                r.rows(),
                r.output()));
        if (!r.predictionCounts().isEmpty()) {
            sb.append("predictions: ");
            sb.append(String.join(
                    ", ",
                    r.predictionCounts().entrySet().stream()
                            .map(e -> e.getKey() + " " + e.getValue())
                            .toList()));
            sb.append('\n');
        }
        r.problems().forEach(p -> sb.append("  ").append(p).append('\n'));
        return sb.toString();
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 1000 ? "%,.1f" : "%.4f", v);
    }
}
