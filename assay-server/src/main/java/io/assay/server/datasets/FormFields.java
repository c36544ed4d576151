package io.assay.server.datasets;

import io.assay.server.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.List;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/**
 * The fields an upload route reads: a form field (or query parameter) it does not read, e.g. a misspelt
 * {@code headerRow}, is refused (400 {@code malformed-body}) naming it and the accepted ones, as an unknown field of a
 * JSON body is, never ignored.
 */
public final class FormFields {

    private FormFields() {}

    /** Refuses a field or file part of {@code request} that is not one of {@code accepted}. */
    public static void only(HttpServletRequest request, List<String> accepted) {
        var names = new java.util.ArrayList<>(Collections.list(request.getParameterNames()));
        if (request instanceof MultipartHttpServletRequest multipart) {
            names.addAll(multipart.getMultiFileMap().keySet());
        }
        for (String name : names) {
            if (!accepted.contains(name)) {
                throw ApiException.badRequest(
                        "malformed-body",
                        "unknown field '" + io.assay.core.error.InvalidOptionException.typed(name) + "' (allowed: "
                                + String.join(", ", accepted) + ")");
            }
        }
    }
}
