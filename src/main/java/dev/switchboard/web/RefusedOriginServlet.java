package dev.switchboard.web;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * Makes a refused origin a 403 on every container. Most containers answer a {@code checkOrigin}
 * of false with 403 themselves; Undertow (WildFly) instead passes the request on down the filter
 * chain as if it were no handshake at all, and the default servlet answers 404. This servlet sits
 * where that request lands, on the endpoints' paths: a handshake with an origin that
 * {@link SwitchboardConfigurator} refuses gets 403 (the policy has already counted and logged it), anything
 * else that reaches it gets the 404 it would have had.
 */
@WebServlet({"/echo", "/hello", "/chat", "/chat/*", "/broadcast", "/broadcast/*"})
public class RefusedOriginServlet extends NodeServlet {

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String origin = request.getHeader("Origin");
        boolean handshake = "websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
        if (handshake && !node().originPolicy().allows(origin)) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "origin not allowed");
        } else {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }
}
