package io.assay.server.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.tomcat.util.res.StringManager;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's error report for requests it answers itself, before any filter or servlet runs (e.g. an encoded {@code /}
 * or {@code ..} in the path): an RFC 9457 problem in the service's shape, instead of Tomcat's HTML page naming its
 * version. Tomcat creates it by class name (the host's {@code errorReportValveClass}), so it builds its JSON alone.
 */
public final class ProblemReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int code = response.getStatus();
        if (code < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpStatus status = HttpStatus.resolve(code);
        if (status == null) {
            status = HttpStatus.BAD_REQUEST;
        }
        String detail = ErrorProblems.detail(status);
        if (headersTooLarge(throwable)) {
            status = HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
            code = status.value();
            response.setStatus(code);
            detail = "the request headers (or its URL) are too large for the web server to read";
        }
        String body = "{\"type\":\"" + Problems.TYPE_PREFIX + ErrorProblems.code(status) + "\",\"title\":\""
                + status.getReasonPhrase() + "\",\"status\":" + code + ",\"detail\":\"" + detail + "\"}";
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // the client is gone, or the response cannot take a body: the status alone stands
        }
    }

    /** Tomcat's own words when a request's line and headers do not fit its header buffer (it answers 400). */
    private static final String HEADERS_TOO_LARGE =
            StringManager.getManager("org.apache.coyote.http11").getString("iib.requestheadertoolarge.error");

    /** The request line and headers were larger than Tomcat reads ({@code server.max-http-request-header-size}). */
    static boolean headersTooLarge(Throwable t) {
        return t instanceof IllegalArgumentException && HEADERS_TOO_LARGE.equals(t.getMessage());
    }
}
