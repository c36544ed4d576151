package io.assay.ml;

import io.assay.core.error.InvalidOptionException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Hyperparameter values as a user gave them ({@code --param k=v}, API maps), checked against a model type's
 * documented list: an unknown name is an error that lists the valid ones; a value of the wrong kind names the
 * parameter and the value.
 */
public final class Params {

    private final String model;
    private final Map<String, String> values;

    private Params(String model, Map<String, String> values) {
        this.model = model;
        this.values = values;
    }

    /** Checks {@code given} against {@code known}; names are case-insensitive, '-' and '_' alike. */
    public static Params of(String model, Map<String, String> given, List<Hyperparameter> known) {
        Set<String> names = known.stream().map(Hyperparameter::name).collect(Collectors.toSet());
        var values = new HashMap<String, String>();
        for (var e : given.entrySet()) {
            String name = e.getKey().trim().toLowerCase(Locale.ROOT).replace('-', '_');
            if (!names.contains(name)) {
                throw new InvalidOptionException(
                        "hyperparameter for " + model, e.getKey(), "unknown; valid: " + Hyperparameter.names(known));
            }
            values.put(name, e.getValue() == null ? "" : e.getValue().trim());
        }
        return new Params(model, values);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    /** One of {@code allowed} (case-insensitive), or the fallback. */
    public String choice(String name, String fallback, List<String> allowed) {
        String v = values.getOrDefault(name, fallback).toLowerCase(Locale.ROOT);
        if (!allowed.contains(v)) {
            throw bad(name, values.get(name), "use one of " + String.join(", ", allowed));
        }
        return v;
    }

    public int integer(String name, int fallback) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw bad(name, v, "must be a whole number");
        }
    }

    public double number(String name, double fallback) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            double d = Double.parseDouble(v);
            if (!Double.isFinite(d)) {
                throw bad(name, v, "must be a finite number");
            }
            return d;
        } catch (NumberFormatException e) {
            throw bad(name, v, "must be a number");
        }
    }

    public InvalidOptionException bad(String name, Object value, String reason) {
        return new InvalidOptionException(model + " hyperparameter " + name, value, reason);
    }
}
