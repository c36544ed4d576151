package io.assay.ml.registry;

import io.assay.core.error.AssayException;

/**
 * A stored model file is missing or no longer matches its checksum: it is refused, never loaded. The data directory
 * was changed behind Assay's back (an edited or lost file), which is a conflict with what the registry recorded, not
 * a fault of Assay's: exit 2 on the command line, 409 over HTTP.
 */
public final class CorruptArtifactException extends AssayException {

    private final String sha256;

    public CorruptArtifactException(String sha256, String reason) {
        super("model artifact " + sha256.substring(0, Math.min(12, sha256.length())) + " " + reason);
        this.sha256 = sha256;
    }

    public String sha256() {
        return sha256;
    }

    @Override
    public String code() {
        return "corrupt-artifact";
    }

    @Override
    public Kind kind() {
        return Kind.CONFLICT;
    }
}
