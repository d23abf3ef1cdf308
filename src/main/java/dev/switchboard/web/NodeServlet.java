package dev.switchboard.web;

import dev.switchboard.wiring.SwitchboardNode;
import jakarta.servlet.http.HttpServlet;

/**
 * A servlet of this WAR: it takes the node from the servlet context, where the lifecycle listener
 * put it (listeners start before servlets), rather than looking it up on every request.
 */
abstract class NodeServlet extends HttpServlet {

    private SwitchboardNode node;

    @Override
    public void init() {
        node = SwitchboardLifecycle.node(getServletContext());
    }

    protected final SwitchboardNode node() {
        return node;
    }
}
