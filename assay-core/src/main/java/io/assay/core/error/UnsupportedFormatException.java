package io.assay.core.error;

import java.nio.file.Path;
import java.util.List;

/** A file whose extension or content is not one of the formats Assay reads. */
public final class UnsupportedFormatException extends AssayException {

    private final String file;
    private final List<String> supported;

    public UnsupportedFormatException(Path file, String detail, List<String> supported) {
        super(file.getFileName() + ": " + detail + "; supported formats: " + String.join(", ", supported));
        this.file = file.toString();
        this.supported = List.copyOf(supported);
    }

    public String file() {
        return file;
    }

    public List<String> supported() {
        return supported;
    }

    @Override
    public String code() {
        return "unsupported-format";
    }
}
