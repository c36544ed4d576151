package io.assay.server.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.util.DisconnectedClientHelper;

/**
 * Hands every exception a controller throws to {@link Problems}, and writes the problem only where it can be read: a
 * client that went away (e.g. closed a download midway) gets nothing and is no error of the service's, and a download
 * whose bytes have started to flow cannot turn into problem+json.
 */
@RestControllerAdvice
class ProblemAdvice {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    private final Problems problems;

    ProblemAdvice(Problems problems) {
        this.problems = problems;
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> handle(Exception e, HttpServletRequest request, HttpServletResponse response) {
        if (DisconnectedClientHelper.isClientDisconnectedException(e)) {
            log.debug("the client of {} closed the connection: {}", request.getRequestURI(), e.toString());
            return null; // nobody to answer
        }
        if (response.isCommitted()) {
            log.warn(
                    "error after the answer to {} had started; the client gets a cut-off response",
                    request.getRequestURI(),
                    e);
            return null;
        }
        ProblemDetail p = e instanceof HttpMessageNotReadableException m
                ? problems.unreadable(
                        m, bodyFields(request.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE)), request)
                : problems.of(e, request);
        if (response.getContentType() != null && !response.getContentType().contains("json")) {
            // a download that failed before its first byte: drop its type and file name, keep the request id
            response.reset();
            String id = MDC.get(RequestIds.MDC_KEY);
            if (id != null) {
                response.setHeader(RequestIds.HEADER, id);
            }
        }
        var answer = ResponseEntity.status(p.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (e instanceof ApiException a && a.retryAfterSeconds() > 0) {
            answer.header(HttpHeaders.RETRY_AFTER, Long.toString(a.retryAfterSeconds()));
        }
        return answer.body(p);
    }

    /** The snake_case field names of the operation's JSON body, when it is a record. */
    static List<String> bodyFields(Object handlerAttribute) {
        if (!(handlerAttribute instanceof HandlerMethod handler)) {
            return List.of();
        }
        return Arrays.stream(handler.getMethodParameters())
                .filter(p -> p.hasParameterAnnotation(RequestBody.class))
                .map(MethodParameter::getParameterType)
                .filter(Class::isRecord)
                .findFirst()
                .map(type -> Arrays.stream(type.getRecordComponents())
                        .map(RecordComponent::getName)
                        .map(Problems::snakeCase)
                        .toList())
                .orElse(List.of());
    }
}
