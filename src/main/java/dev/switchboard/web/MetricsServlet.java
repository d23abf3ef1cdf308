package dev.switchboard.web;

import dev.switchboard.wiring.SwitchboardNode;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** {@code GET /metrics}: Prometheus text exposition. */
@WebServlet("/metrics")
public class MetricsServlet extends HttpServlet {

    private SwitchboardNode node;

    @Override
    public void init() {
        node = SwitchboardLifecycle.node(getServletContext());
    }


    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain; version=0.0.4");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(node.metrics().scrape());
    }
}
