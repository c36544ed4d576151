package io.assay.ml.registry;

import io.assay.core.error.AssayException;

/** No model of that name, or no such version of it. */
public final class ModelNotFoundException extends AssayException {

    private final String name;
    private final String version;

    public ModelNotFoundException(String name, String version, String detail) {
        super("no model " + name + (version == null ? "" : "@" + version) + (detail.isEmpty() ? "" : "; " + detail));
        this.name = name;
        this.version = version;
    }

    public String name() {
        return name;
    }

    public String version() {
        return version;
    }

    @Override
    public String code() {
        return "model-not-found";
    }

    @Override
    public Kind kind() {
        return Kind.NOT_FOUND;
    }
}
