package io.assay.server.web;

import io.assay.core.error.AssayException;
import io.assay.core.error.UnsupportedFormatException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.stereotype.Component;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place where errors become HTTP responses: RFC 9457 problem+json with a stable {@code type}
 * ({@code urn:assay:problem:<code>}), the status, a one-line {@code detail} and the request id; never a stack trace.
 * Used by the controller advice and by the filters that answer before a controller runs (authentication, rate
 * limits).
 */
@Component
public final class Problems {

    private static final Logger log = LoggerFactory.getLogger(Problems.class);
    public static final String TYPE_PREFIX = "urn:assay:problem:";

    private final JsonMapper json;

    public Problems(JsonMapper json) {
        this.json = json;
    }

    /** The problem for any exception thrown while serving {@code request}. */
    public ProblemDetail of(Throwable e, HttpServletRequest request) {
        return switch (e) {
            case ApiException a -> problem(a.status(), a.code(), a.getMessage(), request);
            case UnsupportedFormatException u ->
                problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, u.code(), u.getMessage(), request);
            case AssayException a
            when a.kind() == AssayException.Kind.INTERNAL -> {
                log.error("internal error serving {}: {}", request.getRequestURI(), a.getMessage(), a);
                yield problem(HttpStatus.INTERNAL_SERVER_ERROR, a.code(), a.getMessage(), request);
            }
            case AssayException a -> problem(status(a.kind()), a.code(), a.getMessage(), request);
            case MaxUploadSizeExceededException m ->
                problem(
                        HttpStatus.CONTENT_TOO_LARGE,
                        "upload-too-large",
                        "the upload is larger than the limit"
                                + (m.getMaxUploadSize() > 0 ? " of " + m.getMaxUploadSize() + " bytes" : ""),
                        request);
            case MissingServletRequestPartException m ->
                problem(
                        HttpStatus.BAD_REQUEST,
                        "missing-parameter",
                        "the multipart request has no part '" + m.getRequestPartName() + "'",
                        request);
            case MultipartException m ->
                problem(
                        HttpStatus.BAD_REQUEST,
                        "malformed-upload",
                        "the request is not a valid multipart upload",
                        request);
            case MissingServletRequestParameterException m ->
                problem(
                        HttpStatus.BAD_REQUEST,
                        "missing-parameter",
                        "the request has no parameter '" + m.getParameterName() + "'",
                        request);
            case MethodArgumentTypeMismatchException m ->
                problem(
                        HttpStatus.BAD_REQUEST,
                        "invalid-parameter",
                        "parameter '" + m.getName() + "' has an invalid value '" + m.getValue() + "'",
                        request);
            case MethodArgumentNotValidException m ->
                problem(
                        HttpStatus.BAD_REQUEST,
                        "invalid-request",
                        String.join(
                                "; ",
                                m.getBindingResult().getFieldErrors().stream()
                                        .map(f -> f.getField() + ": " + f.getDefaultMessage())
                                        .toList()),
                        request);
            case HandlerMethodValidationException m ->
                problem(
                        HttpStatus.BAD_REQUEST,
                        "invalid-request",
                        describe(m.getParameterValidationResults()),
                        request);
            case HttpMessageNotReadableException m ->
                problem(
                        HttpStatus.BAD_REQUEST,
                        "malformed-body",
                        "the request body is not valid JSON for this operation" + reason(m),
                        request);
            case HttpMediaTypeNotSupportedException m ->
                problem(
                        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                        "unsupported-media-type",
                        "content type " + m.getContentType() + " is not accepted here; use "
                                + m.getSupportedMediaTypes(),
                        request);
            case HttpMediaTypeNotAcceptableException m ->
                problem(
                        HttpStatus.NOT_ACCEPTABLE,
                        "not-acceptable",
                        "cannot produce the requested media type",
                        request);
            case HttpRequestMethodNotSupportedException m ->
                problem(
                        HttpStatus.METHOD_NOT_ALLOWED,
                        "method-not-allowed",
                        m.getMethod() + " is not allowed here",
                        request);
            case NoResourceFoundException m ->
                problem(HttpStatus.NOT_FOUND, "not-found", "no such resource: " + request.getRequestURI(), request);
            default -> {
                log.error("unexpected error serving {}", request.getRequestURI(), e);
                yield problem(
                        HttpStatus.INTERNAL_SERVER_ERROR,
                        "internal-error",
                        "internal error; quote request id " + MDC.get(RequestIds.MDC_KEY) + " when reporting it",
                        request);
            }
        };
    }

    private static String reason(HttpMessageNotReadableException m) {
        Throwable cause = m.getMostSpecificCause();
        if (cause instanceof tools.jackson.core.JacksonException j) {
            String msg = j.getOriginalMessage();
            return msg == null ? "" : ": " + msg.lines().findFirst().orElse("");
        }
        return "";
    }

    private static String describe(List<ParameterValidationResult> results) {
        return String.join(
                "; ",
                results.stream()
                        .flatMap(r -> r.getResolvableErrors().stream()
                                .map(e -> r.getMethodParameter().getParameterName() + ": " + e.getDefaultMessage()))
                        .toList());
    }

    static HttpStatus status(AssayException.Kind kind) {
        return switch (kind) {
            case BAD_INPUT -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case INTERNAL -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
    }

    public ProblemDetail problem(HttpStatus status, String code, String detail, HttpServletRequest request) {
        var p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(URI.create(TYPE_PREFIX + code.replaceAll("[^A-Za-z0-9._-]", "-")));
        p.setTitle(status.getReasonPhrase());
        if (request != null) {
            p.setInstance(URI.create(request.getRequestURI().replaceAll("[^A-Za-z0-9/._~@%-]", "_")));
        }
        String id = MDC.get(RequestIds.MDC_KEY);
        if (id != null) {
            p.setProperty("request_id", id);
        }
        return p;
    }

    /** Writes {@code problem} as the response (for filters that answer before a controller). */
    public void write(ProblemDetail problem, HttpServletResponse response) throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(json.writeValueAsBytes(problem));
    }
}
