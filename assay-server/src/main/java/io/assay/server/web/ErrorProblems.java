package io.assay.server.web;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.catalina.core.StandardHost;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Problem+json for the errors no controller sees: requests Spring Security's firewall refuses (a {@code //} or an
 * encoded {@code /} in the path), errors sent with {@code sendError} and forwarded to {@code /error} (instead of
 * Spring's own {@code {"timestamp",...,"error"}} body), and requests Tomcat refuses before any servlet runs (instead
 * of its HTML error page, through {@link ProblemReportValve}).
 */
@RestController
@Hidden
class ErrorProblems implements ErrorController {

    private final Problems problems;

    ErrorProblems(Problems problems) {
        this.problems = problems;
    }

    /** The error a servlet, filter or Tomcat sent, as a problem (a controller's exceptions never get here). */
    @RequestMapping("/error")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object exception = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        ProblemDetail p;
        if (exception instanceof Throwable t) {
            p = problems.of(t, request);
        } else {
            HttpStatus status = status(request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE));
            p = problems.problem(status, code(status), detail(status), request);
            Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
            if (uri instanceof String u) {
                p.setInstance(java.net.URI.create(u.replaceAll("[^A-Za-z0-9/._~@%-]", "_")));
            }
        }
        return ResponseEntity.status(p.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(p);
    }

    /** A request the firewall refuses, e.g. one whose path has {@code //}, {@code ..} or an encoded {@code /}. */
    @Bean
    static RequestRejectedHandler problemForRejectedRequests(Problems problems) {
        return (request, response, e) -> problems.write(
                problems.problem(
                        HttpStatus.BAD_REQUEST,
                        "invalid-url",
                        "the URL is not valid: an empty segment ('//'), '..', or an encoded '/' or '\\' in its path",
                        request),
                response);
    }

    /** Tomcat's own error page (a request refused before any servlet, e.g. {@code ..%2F} in the path) as a problem. */
    @Bean
    static TomcatContextCustomizer problemReportValve() {
        return context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemReportValve.class.getName());
            }
        };
    }

    private static HttpStatus status(Object code) {
        HttpStatus status = code instanceof Integer i ? HttpStatus.resolve(i) : null;
        return status == null || !status.isError() ? HttpStatus.INTERNAL_SERVER_ERROR : status;
    }

    static String code(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST -> "bad-request";
            case NOT_FOUND -> "not-found";
            case METHOD_NOT_ALLOWED -> "method-not-allowed";
            case REQUEST_HEADER_FIELDS_TOO_LARGE -> "headers-too-large";
            case INTERNAL_SERVER_ERROR -> "internal-error";
            default -> status.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        };
    }

    static String detail(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST ->
                "the request is not valid HTTP: check its URL (no '//', '..' or encoded '/' in the path) and its"
                        + " headers";
            case NOT_FOUND -> "no such resource";
            case INTERNAL_SERVER_ERROR -> "internal error; see the server log";
            default -> status.getReasonPhrase();
        };
    }
}
