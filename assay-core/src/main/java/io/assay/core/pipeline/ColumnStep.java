package io.assay.core.pipeline;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.assay.core.table.ColumnType;
import java.util.List;
import java.util.Map;

/**
 * How one source column becomes model features, with every parameter learned at fit time, so that applying it later
 * gives exactly the same features. Serialised as JSON with a {@code kind} tag.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ColumnStep.Numeric.class, name = "numeric"),
    @JsonSubTypes.Type(value = ColumnStep.Flag.class, name = "boolean"),
    @JsonSubTypes.Type(value = ColumnStep.OneHot.class, name = "one_hot"),
    @JsonSubTypes.Type(value = ColumnStep.Ordinal.class, name = "ordinal"),
    @JsonSubTypes.Type(value = ColumnStep.TargetEncoded.class, name = "target"),
    @JsonSubTypes.Type(value = ColumnStep.DateParts.class, name = "date_parts")
})
public sealed interface ColumnStep {

    /** The source column this step reads. */
    String column();

    /** The type the column had when the pipeline was fitted. */
    ColumnType type();

    /** Names of the features this step produces, in order. */
    List<String> outputs();

    /** A linear rescaling {@code (x - center) / scale}; identity is center 0, scale 1. */
    record Scale(double center, double scale) {
        static final Scale IDENTITY = new Scale(0, 1);

        double apply(double x) {
            return (x - center) / scale;
        }
    }

    /** A numeric column: missing values filled with {@code fill}, then rescaled. */
    record Numeric(String column, ColumnType type, double fill, Scale scale) implements ColumnStep {
        @Override
        public List<String> outputs() {
            return List.of(column);
        }
    }

    /** A yes/no column as 0/1; missing values filled with the most common value. */
    record Flag(String column, ColumnType type, double fill) implements ColumnStep {
        @Override
        public List<String> outputs() {
            return List.of(column);
        }
    }

    /**
     * One 0/1 feature per kept level ({@code column=level}); levels beyond the cap share {@code column=__other__};
     * unseen levels at apply time go there too (or nowhere when there is no other bucket). Missing values take
     * {@code fill}. {@code grouped} lists the levels seen at fit time that went to the other bucket, so that they are
     * not reported as unseen later (null in models saved before it was kept: every level not kept is reported).
     */
    record OneHot(String column, ColumnType type, List<String> levels, boolean other, String fill, List<String> grouped)
            implements ColumnStep {
        public OneHot {
            grouped = grouped == null ? null : List.copyOf(grouped);
        }

        public static final String OTHER = "__other__";

        @Override
        public List<String> outputs() {
            var out = new java.util.ArrayList<String>();
            levels.forEach(l -> out.add(column + "=" + l));
            if (other) {
                out.add(column + "=" + OTHER);
            }
            return out;
        }
    }

    /** Levels as their index in {@code levels} (by frequency); unseen levels get {@code levels.size()}. */
    record Ordinal(String column, ColumnType type, List<String> levels, String fill) implements ColumnStep {
        @Override
        public List<String> outputs() {
            return List.of(column);
        }
    }

    /**
     * Each level as the smoothed mean of the target for that level (one value per target component: the value for
     * regression and binary targets, each class's probability for multi-class ones); unseen and missing levels get
     * the prior. Fitted out-of-fold on the training rows, so a level's own rows never encode it.
     */
    record TargetEncoded(
            String column,
            ColumnType type,
            Map<String, List<Double>> encoding,
            List<Double> prior,
            List<String> components)
            implements ColumnStep {
        public TargetEncoded {
            encoding = Map.copyOf(encoding);
            prior = List.copyOf(prior);
            components = List.copyOf(components);
        }

        @Override
        public List<String> outputs() {
            if (components.size() == 1) {
                return List.of(column);
            }
            return components.stream().map(c -> column + "[" + c + "]").toList();
        }
    }

    /** Calendar parts of a date, timestamp or time (year, month, ...), missing values filled, then rescaled. */
    record DateParts(String column, ColumnType type, List<DatePart> parts, List<Double> fills, List<Scale> scales)
            implements ColumnStep {
        public DateParts {
            parts = List.copyOf(parts);
            fills = List.copyOf(fills);
            scales = List.copyOf(scales);
        }

        @Override
        public List<String> outputs() {
            return parts.stream().map(p -> column + "." + p.label()).toList();
        }
    }

    /** A calendar part a date-like column contributes. */
    enum DatePart {
        YEAR,
        MONTH,
        DAY,
        DAY_OF_WEEK,
        DAY_OF_YEAR,
        HOUR,
        MINUTE,
        EPOCH_DAYS;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static List<DatePart> of(ColumnType type) {
            return switch (type) {
                case DATE -> List.of(YEAR, MONTH, DAY, DAY_OF_WEEK, DAY_OF_YEAR, EPOCH_DAYS);
                case TIMESTAMP -> List.of(YEAR, MONTH, DAY, DAY_OF_WEEK, DAY_OF_YEAR, HOUR, MINUTE, EPOCH_DAYS);
                case TIME -> List.of(HOUR, MINUTE);
                default -> throw new IllegalArgumentException(type + " has no date parts");
            };
        }
    }
}
