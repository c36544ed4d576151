package io.assay.commerce;

import io.assay.core.error.AssayException;
import java.nio.file.Path;

/** A stored recommender whose file is truncated, altered (checksum mismatch) or of an unknown format version. */
public final class DamagedModelException extends AssayException {

    private final String file;
    private final String reason;

    public DamagedModelException(Path file, String reason) {
        super(file + ": " + reason);
        this.file = file.toString();
        this.reason = reason;
    }

    public String file() {
        return file;
    }

    public String reason() {
        return reason;
    }

    @Override
    public String code() {
        return "damaged-model";
    }
}
