package io.assay.anomaly;

import io.assay.core.pipeline.ColumnStep;
import io.assay.core.pipeline.FittedPipeline;
import io.assay.core.table.ColumnType;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an expected feature vector (an autoencoder's reconstruction) back into the values a person would expect in
 * each source column: numbers unscaled, the most likely level of a one-hot column, a flag, a date from its day count.
 */
final class Reconstruction {

    private Reconstruction() {}

    /** Source column → expected value, for the columns whose encoding can be read back. */
    static Map<String, Object> columns(FittedPipeline pipeline, double[] expected) {
        var out = new HashMap<String, Object>();
        int at = 0;
        for (ColumnStep step : pipeline.steps()) {
            int width = step.outputs().size();
            Object v = value(step, expected, at);
            if (v != null) {
                out.put(step.column(), v);
            }
            at += width;
        }
        return out;
    }

    private static Object value(ColumnStep step, double[] e, int at) {
        return switch (step) {
            case ColumnStep.Numeric s ->
                JsonValues.number(e[at] * s.scale().scale() + s.scale().center(), false);
            case ColumnStep.Flag s -> e[at] >= 0.5;
            case ColumnStep.OneHot s -> {
                int best = 0;
                for (int k = 1; k < s.outputs().size(); k++) {
                    if (e[at + k] > e[at + best]) {
                        best = k;
                    }
                }
                yield best < s.levels().size() ? s.levels().get(best) : ColumnStep.OneHot.OTHER;
            }
            case ColumnStep.Ordinal s -> {
                int k = (int) Math.max(0, Math.min(s.levels().size() - 1, Math.round(e[at])));
                yield s.levels().get(k);
            }
            case ColumnStep.DateParts s -> date(s, e, at);
            case ColumnStep.TargetEncoded s -> null;
        };
    }

    private static Object date(ColumnStep.DateParts s, double[] e, int at) {
        List<ColumnStep.DatePart> parts = s.parts();
        int epoch = parts.indexOf(ColumnStep.DatePart.EPOCH_DAYS);
        if (epoch >= 0) {
            var scale = s.scales().get(epoch);
            double days = e[at + epoch] * scale.scale() + scale.center();
            if (!Double.isFinite(days) || Math.abs(days) > 3_000_000) {
                return null;
            }
            if (s.type() == ColumnType.DATE) {
                return LocalDate.ofEpochDay(Math.round(days)).toString();
            }
            return Typical.timestamp(Math.round(days * 86_400_000_000.0))
                    .withNano(0)
                    .toString();
        }
        int hour = parts.indexOf(ColumnStep.DatePart.HOUR);
        int minute = parts.indexOf(ColumnStep.DatePart.MINUTE);
        if (hour >= 0 && minute >= 0) {
            double h = e[at + hour] * s.scales().get(hour).scale()
                    + s.scales().get(hour).center();
            double m = e[at + minute] * s.scales().get(minute).scale()
                    + s.scales().get(minute).center();
            int minutes = (int) Math.max(0, Math.min(24 * 60 - 1, Math.round(h) * 60 + Math.round(m)));
            return LocalTime.of(minutes / 60, minutes % 60).toString();
        }
        return null;
    }
}
