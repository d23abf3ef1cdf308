package dev.switchboard.handshake;

import jakarta.websocket.Session;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * The client's address, for the logs. Jakarta WebSocket gives an endpoint no way to learn it, so the
 * remote-address filter hands the servlet request's address to the handshake as request header
 * {@value #HEADER} (replacing any such header a client sent), and the configurator copies it into
 * the session's user properties ({@link #copyToUserProperties}).
 *
 * <p>Not every container runs application filters before its upgrade: Jetty upgrades first, so the
 * filter never sees a handshake there. Jetty instead puts the client's socket address into the
 * session's user properties as {@value #JETTY_REMOTE_ADDRESS}, which {@link #of} falls back on.
 */
public final class ClientAddress {

    public static final String HEADER = "X-Switchboard-Remote-Address";
    static final String USER_PROPERTY = "dev.switchboard.remoteAddress";
    static final String JETTY_REMOTE_ADDRESS = "jakarta.websocket.endpoint.remoteAddress";

    private ClientAddress() {}

    /** The client's address as recorded at the handshake, or {@code unknown}. */
    public static String of(Session session) {
        return of(session.getUserProperties());
    }

    static String of(Map<String, Object> userProperties) {
        if (userProperties.get(USER_PROPERTY) instanceof String address) {
            return address;
        }
        if (userProperties.get(JETTY_REMOTE_ADDRESS) instanceof InetSocketAddress socket) {
            return socket.getAddress() != null ? socket.getAddress().getHostAddress() : socket.getHostString();
        }
        return "unknown";
    }

    /** At the handshake: the filter's header, if any, into the session's user properties. */
    public static void copyToUserProperties(Map<String, List<String>> headers, Map<String, Object> userProperties) {
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (HEADER.equalsIgnoreCase(header.getKey()) && !header.getValue().isEmpty()) {
                userProperties.put(USER_PROPERTY, header.getValue().get(0));
            }
        }
    }
}
