package io.assay.leakage;

import io.assay.core.error.InvalidExpressionException;
import io.assay.core.error.InvalidOptionException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parameters of one analysis: the pack's numeric parameters with the user's values over their defaults, and the
 * user's overrides of learned norms ({@code tax_rate=0.05}, {@code tax_rate.Groceries=0.07},
 * {@code free_plan.Community=true}). Every key the user gives must name a parameter or a norm output.
 */
record Settings(Map<String, Double> params, Map<String, String> overrides) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z][a-z0-9_]*)}");

    Settings {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        overrides = Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
    }

    static Settings of(DomainPack pack, Map<String, String> given) {
        var params = new LinkedHashMap<String, Double>();
        pack.params().forEach((k, p) -> params.put(k, p.defaultValue()));
        var normOutputs = new ArrayList<String>();
        pack.norms().forEach(n -> normOutputs.addAll(n.produces()));
        var overrides = new LinkedHashMap<String, String>();
        for (var e : (given == null ? Map.<String, String>of() : given).entrySet()) {
            String key = e.getKey().trim();
            String value = e.getValue() == null ? "" : e.getValue().trim();
            if (params.containsKey(key)) {
                params.put(key, pack.params().get(key).check(key, number(key, value)));
                continue;
            }
            int dot = key.indexOf('.');
            String output = dot < 0 ? key : key.substring(0, dot);
            if (normOutputs.contains(output) && (dot < 0 || dot < key.length() - 1)) {
                checkOverride(pack, key, output, value);
                overrides.put(key, value);
                continue;
            }
            var known = new ArrayList<>(params.keySet());
            normOutputs.forEach(o -> known.add(o + "[.GROUP]"));
            throw new InvalidOptionException(
                    "parameter", key + "=" + value, "not a parameter of " + pack.name() + "; use one of " + known);
        }
        return new Settings(params, overrides);
    }

    /**
     * Refuses, under the key the user gave, an override its norm could not use: a flag ({@code exempt},
     * {@code free}) must be true or false, a tax base one of the pack's bases, anything else a number. Checked here,
     * once, so that a request is refused before an analysis starts, whatever groups the file turns out to hold.
     */
    private static void checkOverride(DomainPack pack, String key, String output, String value) {
        for (DomainPack.NormSpec norm : pack.norms()) {
            switch (norm) {
                case DomainPack.GroupRate g
                when output.equals(g.outputs().get("exempt")) -> {
                    flag(key, value);
                    return;
                }
                case DomainPack.GroupRate g
                when output.equals(g.outputs().get("base")) -> {
                    if (!g.bases().containsKey(value)) {
                        throw new InvalidOptionException(
                                "parameter " + key,
                                value,
                                "use one of " + g.bases().keySet());
                    }
                    return;
                }
                case DomainPack.GroupLinear l
                when output.equals(l.outputs().get("free")) -> {
                    flag(key, value);
                    return;
                }
                default -> {}
            }
        }
        number(key, value);
    }

    /** A yes/no override ({@code exempt}, {@code free}). */
    static boolean flag(String key, String value) {
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "1", "y" -> true;
            case "false", "no", "0", "n" -> false;
            default -> throw new InvalidOptionException("parameter " + key, value, "must be true or false");
        };
    }

    static double number(String key, String value) {
        try {
            double v = Double.parseDouble(value);
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidOptionException("parameter " + key, value, "must be a number");
    }

    /** Replaces every {@code ${name}} in {@code expression} by the parameter's value as a SQL number. */
    String substitute(String expression) {
        Matcher m = PLACEHOLDER.matcher(expression);
        var out = new StringBuilder();
        while (m.find()) {
            Double v = params.get(m.group(1));
            if (v == null) {
                throw new InvalidExpressionException(expression, "no parameter '" + m.group(1) + "'");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(literal(v)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A knob of a norm or section: a number, or {@code ${param}}. */
    double knob(String owner, String value) {
        String v = substitute(value.trim());
        try {
            return Double.parseDouble(v.replace("(", "").replace(")", ""));
        } catch (NumberFormatException e) {
            throw new InvalidOptionException(owner, value, "must be a number or ${parameter}");
        }
    }

    static String literal(double v) {
        String s = BigDecimal.valueOf(v).toPlainString();
        return v < 0 ? "(" + s + ")" : s;
    }

    /** The user's override of a norm output, for one group or (key without group) for all; null when none. */
    String override(String output, String group) {
        if (group != null) {
            String v = overrides.get(output + "." + group);
            if (v != null) {
                return v;
            }
        }
        return overrides.get(output);
    }

    boolean overridesAny(String output) {
        return overrides.keySet().stream().anyMatch(k -> k.equals(output) || k.startsWith(output + "."));
    }
}
