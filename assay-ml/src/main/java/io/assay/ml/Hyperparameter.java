package io.assay.ml;

import java.util.List;

/**
 * A documented hyperparameter of a model type: its name as users write it ({@code --param name=value}), the kind
 * of value, its default, and what it does.
 */
public record Hyperparameter(String name, String kind, String defaultValue, String description) {

    /** The line {@code assay train --help} and the API docs show. */
    public String describe() {
        return name + " (" + kind + ", default " + defaultValue + "): " + description;
    }

    static String names(List<Hyperparameter> params) {
        return String.join(", ", params.stream().map(Hyperparameter::name).toList());
    }
}
