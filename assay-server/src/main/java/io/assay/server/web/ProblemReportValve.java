package io.assay.server.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
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
        String body = "{\"type\":\"" + Problems.TYPE_PREFIX + ErrorProblems.code(status) + "\",\"title\":\""
                + status.getReasonPhrase() + "\",\"status\":" + code + ",\"detail\":\"" + ErrorProblems.detail(status)
                + "\"}";
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
}
