package io.assay.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * A multipart upload of one CSV file written on a plain socket, so that a test sees what TCP does (the connection
 * still open, a clean close or a reset) rather than what one HTTP client library makes of it.
 */
record RawUpload(URI base, String key, long bodyLength) {

    static final String BOUNDARY = "----assay-raw-upload";
    private static final byte[] HEAD = ("--" + BOUNDARY
                    + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.csv\"\r\n"
                    + "Content-Type: text/csv\r\n\r\nx,y\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TAIL = ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII);

    static RawUpload of(TestServer server, String key, long bodyLength) {
        return new RawUpload(URI.create(server.base), key, bodyLength);
    }

    /** A whole multipart body of exactly {@code length} bytes: one CSV file of {@code 1,2} rows. */
    static byte[] body(int length) {
        var out = new ByteArrayOutputStream(length);
        out.writeBytes(HEAD);
        byte[] row = "1,2\n".getBytes(StandardCharsets.US_ASCII);
        while (out.size() + row.length + TAIL.length <= length) {
            out.writeBytes(row);
        }
        while (out.size() + TAIL.length < length) {
            out.write('\n');
        }
        out.writeBytes(TAIL);
        return out.toByteArray();
    }

    Socket connect() throws IOException {
        var socket = new Socket();
        socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 10_000);
        socket.setSoTimeout(60_000);
        return socket;
    }

    private byte[] headers() {
        return ("POST /api/v1/datasets HTTP/1.1\r\nHost: " + base.getAuthority() + "\r\nAuthorization: Bearer " + key
                        + "\r\nContent-Type: multipart/form-data; boundary=" + BOUNDARY + "\r\nContent-Length: "
                        + bodyLength + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** The whole request: headers and body. */
    byte[] request() {
        var out = new ByteArrayOutputStream();
        out.writeBytes(headers());
        out.writeBytes(body(Math.toIntExact(bodyLength)));
        return out.toByteArray();
    }

    /** Sends the headers and then zeros until the service stops reading; returns the body bytes written. */
    long sendUntilRefused(Socket socket) {
        long sent = 0;
        try {
            OutputStream out = socket.getOutputStream();
            out.write(headers());
            byte[] chunk = new byte[64 * 1024];
            while (sent < bodyLength) {
                out.write(chunk);
                sent += chunk.length;
            }
            throw new AssertionError("the service read all " + sent + " bytes of a hostile upload");
        } catch (IOException refused) {
            return sent;
        }
    }

    /** One response: its headers and a body of its Content-Length (or chunked, to the last chunk). */
    static String readResponse(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        var text = new StringBuilder();
        while (text.indexOf("\r\n\r\n") < 0) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("the connection closed in the response headers: " + text);
            }
            text.append((char) c);
        }
        String head = text.toString().toLowerCase(Locale.ROOT);
        int at = head.indexOf("content-length:");
        if (at >= 0) {
            int length = Integer.parseInt(
                    head.substring(at + 15, head.indexOf('\r', at)).trim());
            text.append(new String(in.readNBytes(length), StandardCharsets.UTF_8));
        } else {
            while (text.indexOf("\r\n0\r\n\r\n") < 0) {
                int c = in.read();
                if (c < 0) {
                    throw new IOException("the connection closed in the response body: " + text);
                }
                text.append((char) c);
            }
        }
        return text.toString();
    }

    /** True when the service neither sends more nor closes the connection within {@code wait}. */
    static boolean stillOpenAfter(Socket socket, Duration wait) throws IOException {
        int timeout = socket.getSoTimeout();
        socket.setSoTimeout(Math.toIntExact(wait.toMillis()));
        try {
            socket.getInputStream().read(); // more bytes, or the end of the stream: not waiting any more
            return false;
        } catch (SocketTimeoutException expected) {
            return true;
        } catch (IOException reset) {
            return false;
        } finally {
            socket.setSoTimeout(timeout);
        }
    }

    /** The response's status line. */
    static String readStatusLine(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            var line = new StringBuilder();
            for (int c = in.read(); c >= 0 && c != '\r'; c = in.read()) {
                line.append((char) c);
            }
            return line.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
