package dev.switchboard.handshake;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.Session;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;

/**
 * Jakarta WebSocket gives an endpoint no way to learn the client's address, which the logs need.
 * This filter runs before the container's upgrade and hands the servlet request's remote address to
 * the handshake as a request header (replacing any such header a client sent); {@link HandshakePolicy}
 * moves it into the session's user properties.
 *
 * <p>Not every container runs application filters before its upgrade: Jetty upgrades first, so this
 * filter never sees a handshake there. Jetty instead puts the client's socket address into the
 * session's user properties as {@value #JETTY_REMOTE_ADDRESS}, which {@link #of} falls back on.
 */
public class RemoteAddressFilter extends HttpFilter {

    static final String HEADER = "X-Switchboard-Remote-Address";
    static final String USER_PROPERTY = "dev.switchboard.remoteAddress";
    static final String JETTY_REMOTE_ADDRESS = "jakarta.websocket.endpoint.remoteAddress";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.getHeader("Sec-WebSocket-Key") == null) {
            chain.doFilter(request, response);
            return;
        }
        String address = request.getRemoteAddr();
        chain.doFilter(new HttpServletRequestWrapper(request) {
            @Override
            public String getHeader(String name) {
                return HEADER.equalsIgnoreCase(name) ? address : super.getHeader(name);
            }

            @Override
            public Enumeration<String> getHeaders(String name) {
                return HEADER.equalsIgnoreCase(name) ? Collections.enumeration(List.of(address)) : super.getHeaders(name);
            }

            @Override
            public Enumeration<String> getHeaderNames() {
                List<String> names = Collections.list(super.getHeaderNames());
                names.removeIf(HEADER::equalsIgnoreCase);
                names.add(HEADER);
                return Collections.enumeration(names);
            }
        }, response);
    }

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

    static void copyToUserProperties(Map<String, List<String>> headers, Map<String, Object> userProperties) {
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (HEADER.equalsIgnoreCase(header.getKey()) && !header.getValue().isEmpty()) {
                userProperties.put(USER_PROPERTY, header.getValue().get(0));
            }
        }
    }
}
