package io.assay.cli;

import io.assay.core.error.InvalidOptionException;

/** {@code NAME[@VERSION]} as users write a model on the command line. */
record ModelRef(String name, String version) {

    static ModelRef parse(String text) {
        int at = text.lastIndexOf('@');
        String name = at < 0 ? text : text.substring(0, at);
        String version = at < 0 ? null : text.substring(at + 1);
        if (name.isBlank() || (version != null && version.isBlank())) {
            throw new InvalidOptionException("model", text, "write NAME or NAME@VERSION");
        }
        return new ModelRef(name, version);
    }

    int number() {
        if (version == null) {
            throw new InvalidOptionException("model", name, "name a version: " + name + "@N");
        }
        try {
            return Integer.parseInt(version);
        } catch (NumberFormatException e) {
            throw new InvalidOptionException("model version", version, "use a number");
        }
    }
}
