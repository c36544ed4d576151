package io.assay.server.config;

import org.apache.coyote.ContinueResponseTiming;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * How the web server treats a request larger than the upload limit ({@code assay.upload.max-size}), so that a client
 * reads the 413 problem instead of a reset connection, while a hostile upload still cannot cost more than a bounded
 * amount of reading.
 *
 * <p>The multipart limits refuse an upload by its {@code Content-Length} before a byte of the body is read, so the
 * whole body is still on its way when the 413 is written. A browser, or any client that sends the body before it reads
 * the answer, only sees that answer if the server reads (and drops) the rest: closing a socket that still has unread
 * bytes makes TCP send a reset, and the client's next write fails with "Broken pipe" or its read with "Connection
 * reset", whether or not the 413 had arrived. So Tomcat drains such a body up to twice the limit (dropped bytes touch
 * neither disk nor memory), and cuts the connection of anything larger after that much. A client that asks first
 * ({@code Expect: 100-continue}, as curl does for files over 1 MB) is told 413 before it sends the body: Tomcat sends
 * {@code 100 Continue} only once the application starts reading the body, which an oversized upload never reaches.
 */
@Component
class UploadLimits implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {

    private final ServerSettings settings;

    UploadLimits(ServerSettings settings) {
        this.settings = settings;
    }

    /** Bytes of a refused request body Tomcat reads and drops before it closes the connection. */
    static int drainSize(long uploadLimit) {
        return (int) Math.min(Integer.MAX_VALUE, 2 * Math.max(0, uploadLimit));
    }

    @Override
    public void customize(ConfigurableTomcatWebServerFactory factory) {
        int drain = drainSize(settings.upload().maxSize().toBytes());
        factory.addConnectorCustomizers(connector -> {
            if (connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> http) {
                http.setMaxSwallowSize(drain);
                http.setContinueResponseTiming(ContinueResponseTiming.ON_REQUEST_BODY_READ.toString());
            }
        });
    }

    /** After Spring Boot's own customizer, whose {@code server.tomcat.max-swallow-size} default this replaces. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
