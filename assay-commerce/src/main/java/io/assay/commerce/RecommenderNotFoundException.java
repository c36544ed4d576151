package io.assay.commerce;

import io.assay.core.error.AssayException;
import java.util.List;

/** A trained recommender asked for by name that the store does not hold. */
public final class RecommenderNotFoundException extends AssayException {

    private final String name;
    private final List<String> available;

    public RecommenderNotFoundException(String name, List<String> available) {
        super("no recommender named '" + name + "'"
                + (available.isEmpty()
                        ? "; train one with 'assay recommend train'"
                        : "; available: " + String.join(", ", available)));
        this.name = name;
        this.available = List.copyOf(available);
    }

    public String name() {
        return name;
    }

    public List<String> available() {
        return available;
    }

    @Override
    public String code() {
        return "recommender-not-found";
    }

    @Override
    public Kind kind() {
        return Kind.NOT_FOUND;
    }
}
