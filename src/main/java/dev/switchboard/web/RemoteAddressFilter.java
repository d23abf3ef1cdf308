package dev.switchboard.web;

import dev.switchboard.handshake.ClientAddress;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * Runs before the container's upgrade and hands the servlet request's remote address to the
 * handshake as request header {@link ClientAddress#HEADER} (replacing any such header a client
 * sent): see {@link ClientAddress} for the rest of the way, and for Jetty, which upgrades before any
 * filter runs.
 */
public class RemoteAddressFilter extends HttpFilter {

    private static final String HEADER = ClientAddress.HEADER;

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
}
