package dev.switchboard.web;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * {@code GET /health}: 200 while the node serves, 503 once it is shutting down (docs/protocol.md §7).
 * {@code redis} is {@code UP} only while a pub/sub round trip works; a node whose Redis is down
 * still serves its own clients, so the status stays 200.
 */
@WebServlet("/health")
public class HealthServlet extends NodeServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        boolean up = !node().isShuttingDown();
        response.setStatus(up ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        String redis = node().cluster().redisState();
        response.getWriter().write("{\"status\":\"" + (up ? "UP" : "DOWN") + "\",\"redis\":\"" + redis
                + "\",\"connections\":" + node().connections().openCount() + "}");
    }
}
