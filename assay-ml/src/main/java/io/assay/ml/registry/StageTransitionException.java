package io.assay.ml.registry;

import io.assay.core.error.AssayException;

/** A lifecycle move the state machine does not allow (e.g. promoting what is already in production). */
public final class StageTransitionException extends AssayException {

    private final String name;
    private final int version;
    private final Stage from;
    private final Stage to;

    public StageTransitionException(String name, int version, Stage from, Stage to, String reason) {
        super(name + "@" + version + " is " + from.label() + " and cannot become " + to.label()
                + (reason.isEmpty() ? "" : ": " + reason));
        this.name = name;
        this.version = version;
        this.from = from;
        this.to = to;
    }

    public String name() {
        return name;
    }

    public int version() {
        return version;
    }

    public Stage from() {
        return from;
    }

    public Stage to() {
        return to;
    }

    @Override
    public String code() {
        return "stage-transition";
    }

    @Override
    public Kind kind() {
        return Kind.CONFLICT;
    }
}
