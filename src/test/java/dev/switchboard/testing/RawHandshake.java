package dev.switchboard.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An opening handshake sent by hand, so a test can see the HTTP status and headers exactly as
 * the server wrote them (a WebSocket client library hides both when it refuses a response).
 */
public final class RawHandshake {

    public record Response(int status, Map<String, String> headers) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawHandshake() {}

    /** Sends an upgrade request for {@code path} under {@code base}; extra headers are added as given. */
    public static Response send(URL base, String path, Map<String, String> extraHeaders) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            return handshake(socket, base, path, extraHeaders);
        }
    }

    /** An upgrade request's answer with its connection still open, so a test can follow the session to its end. */
    public record Exchange(Socket socket, Response response) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Sends an upgrade request for {@code path} and keeps the connection open, whatever the answer. */
    public static Exchange exchange(URL base, String path, Map<String, String> extraHeaders) throws IOException {
        Socket socket = new Socket(base.getHost(), base.getPort());
        try {
            return new Exchange(socket, handshake(socket, base, path, extraHeaders));
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Opens a WebSocket and hands back the bare socket: a test can then stop reading (a stalled
     * client) or drop the TCP connection without a close frame.
     */
    public static Socket open(URL base, String path, Map<String, String> extraHeaders) throws IOException {
        Socket socket = new Socket(base.getHost(), base.getPort());
        Response response = handshake(socket, base, path, extraHeaders);
        if (response.status() != 101) {
            socket.close();
            throw new IOException("not upgraded: HTTP " + response.status());
        }
        return socket;
    }

    /** Reads frames until a close frame arrives and answers its status code. */
    public static int readCloseCode(Socket socket) throws IOException {
        RawFrames frames = new RawFrames(socket);
        for (RawFrames.Message message = frames.next(); ; message = frames.next()) {
            if (message.isClose()) {
                return message.closeCode();
            }
        }
    }

    private static Response handshake(Socket socket, URL base, String path, Map<String, String> extraHeaders)
            throws IOException {
        String target = base.getPath().replaceFirst("/?$", "/") + path;
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        StringBuilder request = new StringBuilder()
                .append("GET ").append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n")
                .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: ").append(Base64.getEncoder().encodeToString(nonce)).append("\r\n")
                .append("Sec-WebSocket-Version: 13\r\n");
        extraHeaders.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        request.append("\r\n");
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
        // read byte by byte: a buffered reader would swallow the first frames after the headers
        InputStream in = socket.getInputStream();
        String statusLine = readLine(in);
        if (statusLine == null) {
            throw new IOException("connection closed before any response");
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        return new Response(status, headers);
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c >= 0; c = in.read()) {
            if (c == '\n') {
                return line.toString();
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.length() == 0 ? null : line.toString();
    }
}
