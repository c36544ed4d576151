package io.assay.anomaly;

import io.assay.core.error.AssayException;

/** A saved detector that cannot be read: not a detector file, damaged, or written by a newer Assay. */
public final class DetectorFileException extends AssayException {

    public DetectorFileException(String reason, Throwable cause) {
        super("cannot read the saved detector: " + reason, cause);
    }

    @Override
    public String code() {
        return "invalid-detector";
    }
}
