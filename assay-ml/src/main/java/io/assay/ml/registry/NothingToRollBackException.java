package io.assay.ml.registry;

import io.assay.core.error.AssayException;

/**
 * A rollback without a version when no earlier production version is archived: the model exists (so not "not
 * found"), its state forbids the change. The user names a version to promote instead.
 */
public final class NothingToRollBackException extends AssayException {

    private final String name;

    /** @param current the version in production now ({@code name@version}), or null when none is */
    public NothingToRollBackException(String name, String current) {
        super(name + " has no archived version "
                + (current == null ? "that was in production" : "that was in production before " + current)
                + " to roll back to; promote a version by its number instead");
        this.name = name;
    }

    public String name() {
        return name;
    }

    @Override
    public String code() {
        return "nothing-to-roll-back";
    }

    @Override
    public Kind kind() {
        return Kind.CONFLICT;
    }
}
