package io.assay.server.web;

import io.assay.core.error.AssayException;
import io.assay.core.error.UnsupportedFormatException;
import io.assay.server.config.ServerSettings;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.tomcat.util.http.fileupload.impl.FileCountLimitExceededException;
import org.apache.tomcat.util.http.fileupload.impl.SizeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
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
import org.springframework.web.util.DisconnectedClientHelper;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.PropertyNamingStrategy;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
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
    private final String uploadLimit;
    private final ServerPaths paths;

    public Problems(JsonMapper json, ServerSettings settings, ServerPaths paths) {
        this.json = json;
        this.uploadLimit = size(settings.upload().maxSize());
        this.paths = paths;
    }

    /** A size as a person reads it: whole megabytes when it is some, else bytes. */
    static String size(DataSize size) {
        long bytes = size.toBytes();
        return bytes > 0 && bytes % DataSize.ofMegabytes(1).toBytes() == 0
                ? String.format(Locale.ROOT, "%,d MB", size.toMegabytes())
                : String.format(Locale.ROOT, "%,d bytes", bytes);
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
            case io.assay.ml.registry.CorruptArtifactException a -> {
                // a model file lost or changed in the data directory: the client gets a 409, the operator a warning
                log.warn("damaged model file serving {}: {}", request.getRequestURI(), a.getMessage());
                yield problem(status(a.kind()), a.code(), a.getMessage(), request);
            }
            case AssayException a -> problem(status(a.kind()), a.code(), a.getMessage(), request);
            case MaxUploadSizeExceededException m ->
                problem(HttpStatus.CONTENT_TOO_LARGE, "upload-too-large", tooLarge(m), request);
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
                                        .map(f -> snakeCase(f.getField()) + ": " + f.getDefaultMessage())
                                        .toList()),
                        request);
            case HandlerMethodValidationException m ->
                problem(
                        HttpStatus.BAD_REQUEST,
                        "invalid-request",
                        describe(m.getParameterValidationResults()),
                        request);
            case HttpMessageNotReadableException m -> unreadable(m, List.of(), request);
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
                if (DisconnectedClientHelper.isClientDisconnectedException(e)) {
                    log.debug("the client of {} went away: {}", request.getRequestURI(), e.toString());
                    yield problem(HttpStatus.BAD_REQUEST, "client-gone", "the client closed the connection", request);
                }
                log.error("unexpected error serving {}", request.getRequestURI(), e);
                yield problem(
                        HttpStatus.INTERNAL_SERVER_ERROR,
                        "internal-error",
                        "internal error; quote request id " + MDC.get(RequestIds.MDC_KEY) + " when reporting it",
                        request);
            }
        };
    }

    /**
     * What was too large in a refused multipart request: the whole upload or one file (the limit), one part's headers,
     * or the number of parts, as the web server found it.
     */
    String tooLarge(MaxUploadSizeExceededException m) {
        for (Throwable t = m; t != null; t = t.getCause()) {
            if (t instanceof FileCountLimitExceededException f) {
                return String.format(
                        Locale.ROOT,
                        "the upload has too many parts: at most %,d form fields and files are read",
                        f.getLimit());
            }
            if (t instanceof SizeException size
                    && size.getMessage() != null
                    && size.getMessage().startsWith("Header section")) {
                return String.format(
                        Locale.ROOT,
                        "a part of the upload has headers larger than %,d bytes (its Content-Disposition and"
                                + " Content-Type lines)",
                        size.getPermittedSize());
            }
            if (t.getMessage() != null && t.getMessage().contains("maxPostSize")) {
                return "the form fields of the upload (not its file) are larger than the web server reads";
            }
        }
        return "the upload is larger than the limit of " + uploadLimit;
    }

    /** The problem for a body that could not be read; {@code fields}: the names the operation's body takes. */
    public ProblemDetail unreadable(
            HttpMessageNotReadableException m, List<String> fields, HttpServletRequest request) {
        return problem(HttpStatus.BAD_REQUEST, "malformed-body", unreadable(m, fields), request);
    }

    /**
     * The detail for a body that could not be read: not JSON at all, JSON of the wrong shape for the operation (a field
     * of the wrong type, an unknown field), beyond the JSON reader's limits, or no body where one is needed ({@code
     * fields}: the names the body takes, when known).
     */
    static String unreadable(HttpMessageNotReadableException m, List<String> fields) {
        Throwable cause = m.getMostSpecificCause();
        if (cause instanceof StreamConstraintsException c) {
            return constraint(c, field(m));
        }
        if (cause instanceof tools.jackson.core.exc.InputCoercionException) {
            // valid JSON whose number does not fit the field's type ({"rows": 999999999999})
            return "the request body does not fit this operation" + reason(m);
        }
        if (cause instanceof StreamReadException) {
            return "the request body is not valid JSON" + reason(m);
        }
        if (cause instanceof JacksonException || cause instanceof AssayException) {
            return "the request body does not fit this operation" + reason(m);
        }
        String message = m.getMessage() == null ? "" : m.getMessage();
        if (message.startsWith("Required request body is missing")) {
            return "this operation needs a JSON body"
                    + (fields.isEmpty() ? "" : ", an object with " + String.join(", ", fields));
        }
        return "the request body is not valid JSON for this operation";
    }

    private static final Pattern MAXIMUM = Pattern.compile("maximum allowed \\(([0-9]+(?:,[0-9]{3})*)");

    /** Which of the JSON reader's limits a body broke, with the field and the limit, in words. */
    private static String constraint(StreamConstraintsException c, String field) {
        String message = c.getOriginalMessage() == null ? "" : c.getOriginalMessage();
        var max = MAXIMUM.matcher(message);
        String limit = max.find() ? max.group(1) : null;
        // the reader names the field only below the body's own fields (e.g. rows[0]); a field of the body itself is
        // not named by the exception Jackson throws
        String in = field.isEmpty() ? " in the request body" : " in '" + field + "'";
        if (message.startsWith("Number value length")) {
            return "a number" + in + " is too long" + (limit == null ? "" : " (more than " + limit + " digits)");
        }
        if (message.startsWith("String value length")) {
            return "a text value" + in + " is too long"
                    + (limit == null ? "" : " (more than " + limit + " characters)");
        }
        if (message.startsWith("Document nesting depth")) {
            return "the request body nests lists and objects too deeply"
                    + (limit == null ? "" : " (more than " + limit + " levels)");
        }
        if (message.startsWith("Name length")) {
            return "a field name in the request body is too long"
                    + (limit == null ? "" : " (more than " + limit + " characters)");
        }
        return "the request body is larger than the JSON reader takes";
    }

    /** The field the reader was in when it gave up, from the outermost exception that knows it. */
    private static String field(HttpMessageNotReadableException m) {
        for (Throwable t = m.getCause(); t != null; t = t.getCause()) {
            if (t instanceof JacksonException j && !j.getPath().isEmpty()) {
                return path(j.getPath());
            }
        }
        return "";
    }

    /**
     * A bean-validation field path as the body names it: {@code datasetId} → {@code dataset_id}, {@code
     * threshold.rule} and {@code params[maxDepth]} keep their dots, indexes and map keys.
     */
    static String snakeCase(String field) {
        var out = new StringBuilder();
        var name = new StringBuilder();
        int brackets = 0;
        for (char c : field.toCharArray()) {
            if (brackets == 0 && c != '[' && c != '.') {
                name.append(c);
                continue;
            }
            out.append(SNAKE_CASE.nameForField(null, null, name.toString()));
            name.setLength(0);
            brackets += c == '[' ? 1 : c == ']' ? -1 : 0;
            out.append(c);
        }
        return out.append(SNAKE_CASE.nameForField(null, null, name.toString())).toString();
    }

    private static final PropertyNamingStrategy SNAKE_CASE = PropertyNamingStrategies.SNAKE_CASE;

    /**
     * Why the body could not be read, in the user's words: the field's JSON path and what it needs ("'rows' must be a
     * whole number"), never a Java type name. Syntax errors keep the parser's first line (it names no Java type).
     */
    static String reason(HttpMessageNotReadableException m) {
        Throwable cause = m.getMostSpecificCause();
        if (cause instanceof AssayException a) {
            return ": " + a.getMessage(); // a request value its own constructor refused, with the reason
        }
        if (!(cause instanceof JacksonException j)) {
            return "";
        }
        String original = j.getOriginalMessage() == null ? "" : j.getOriginalMessage();
        String field = path(j.getPath());
        String subject = field.isEmpty() ? "the body" : "'" + field + "'";
        return switch (j) {
            case UnrecognizedPropertyException u -> ": unknown field '" + field + "'" + allowed(u);
            case InputCoercionException c ->
                ": " + subject + (original.contains("value (-") ? " is too small" : " is too large");
            case MismatchedInputException mi -> {
                var matcher = ACCEPTED.matcher(original);
                if (mi.getTargetType() != null && mi.getTargetType().isEnum() && matcher.find()) {
                    yield ": " + subject + " must be one of " + matcher.group(1);
                }
                Noun noun = noun(javaType(original, mi.getTargetType()));
                yield ": " + subject + (noun == null ? " has a value of the wrong type" : " must be " + noun.one());
            }
            case DatabindException d -> ": " + subject + " is not valid";
            default ->
                original.isEmpty() ? "" : ": " + original.lines().findFirst().orElse("");
        };
    }

    /** The fields the object with the unknown one accepts, e.g. " (allowed: dataset_id, target)". */
    private static String allowed(UnrecognizedPropertyException u) {
        var known = u.getKnownPropertyIds();
        if (known == null || known.isEmpty()) {
            return "";
        }
        return " (allowed: "
                + String.join(", ", known.stream().map(String::valueOf).toList()) + ")";
    }

    private static final Pattern TYPE = Pattern.compile("`([^`]+)`");
    private static final Pattern ACCEPTED = Pattern.compile("accepted for Enum class: (\\[[^]]*])");

    /** A type named in words, as one value and as several. */
    private record Noun(String one, String many) {}

    /** The Java type the message names (with its generic arguments), else the target class. */
    private static String javaType(String message, Class<?> target) {
        var matcher = TYPE.matcher(message);
        if (matcher.find()) {
            return matcher.group(1);
        }
        return target == null ? "" : target.getName();
    }

    private static Noun noun(String type) {
        int lt = type.indexOf('<');
        String raw = (lt < 0 ? type : type.substring(0, lt)).trim();
        String simple = raw.substring(raw.lastIndexOf('.') + 1);
        if (simple.endsWith("[]")) {
            Noun element = noun(raw.substring(0, raw.length() - 2));
            return new Noun("a list" + (element == null ? "" : " of " + element.many()), "lists");
        }
        return switch (simple) {
            case "int", "Integer", "long", "Long", "short", "Short", "byte", "Byte", "BigInteger" ->
                new Noun("a whole number", "whole numbers");
            case "double", "Double", "float", "Float", "BigDecimal", "Number" -> new Noun("a number", "numbers");
            case "boolean", "Boolean" -> new Noun("true or false", "true/false values");
            case "String", "CharSequence", "char", "Character" -> new Noun("a string", "strings");
            case "Object" -> new Noun("a value", "values");
            case "List", "ArrayList", "Collection", "Set", "HashSet", "LinkedHashSet", "ArrayNode" -> {
                Noun element = lt < 0 ? null : noun(type.substring(lt + 1, type.lastIndexOf('>')));
                yield new Noun("a list" + (element == null ? "" : " of " + element.many()), "lists");
            }
            default ->
                simple.endsWith("Map") || simple.equals("ObjectNode") || raw.startsWith("io.assay.")
                        ? new Noun("an object", "objects")
                        : null;
        };
    }

    /** A JSON path such as {@code rows[0].Date}; empty for the body itself. */
    private static String path(List<JacksonException.Reference> references) {
        var out = new StringBuilder();
        for (var r : references) {
            if (r.getPropertyName() != null) {
                out.append(out.isEmpty() ? "" : ".").append(r.getPropertyName());
            } else if (r.getIndex() >= 0) {
                out.append('[').append(r.getIndex()).append(']');
            }
        }
        return out.toString();
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
        var p = ProblemDetail.forStatusAndDetail(status, paths.hide(HttpWords.of(detail)));
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
