package io.assay.core.error;

import java.nio.file.Path;

/** A file that cannot be read as a table: empty, binary, malformed, encrypted, too large, or a zip bomb. */
public final class InvalidFileException extends AssayException {

    private final String file;
    private final String reason;

    public InvalidFileException(Path file, String reason) {
        this(file, reason, null);
    }

    public InvalidFileException(Path file, String reason, Throwable cause) {
        super(file.getFileName() + ": " + reason, cause);
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
        return "invalid-file";
    }
}
