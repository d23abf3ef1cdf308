package dev.switchboard.web;

import dev.switchboard.wiring.SwitchboardConfigurator;
import dev.switchboard.wiring.SwitchboardNode;
import dev.switchboard.config.SettingSource;
import dev.switchboard.config.Settings;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import jakarta.websocket.server.ServerContainer;

/**
 * Reads the settings once when the WAR is deployed (a malformed value fails the deployment)
 * and tears the node down when it is undeployed or the JVM stops.
 *
 * <p>The shutdown hook is for containers that stop without undeploying first (Payara Micro on
 * SIGTERM closes its sockets straight away): clients still get 1001 rather than a dropped
 * connection. It is removed at undeploy, so a redeployed WAR leaves nothing behind.
 */
@WebListener
public class SwitchboardLifecycle implements ServletContextListener {

    private static final System.Logger LOG = System.getLogger(SwitchboardLifecycle.class.getName());

    static final int DEFAULT_MESSAGE_BUFFER = 2048;

    /** The servlet context attribute that hands the node to this WAR's servlets. */
    static final String NODE_ATTRIBUTE = SwitchboardNode.class.getName();

    private SwitchboardNode node;
    private Thread shutdownHook;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        Settings settings = Settings.load(
                SettingSource.layered(System::getProperty, System::getenv, context::getInitParameter));
        configureContainer(context, settings);
        node = new SwitchboardNode(settings, BuildInfo.version());
        SwitchboardConfigurator.install(node);
        context.setAttribute(NODE_ATTRIBUTE, node);
        SwitchboardNode started = node;
        shutdownHook = new Thread(started::shutdown, "switchboard-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        LOG.log(System.Logger.Level.INFO, "Switchboard started at {0} with {1}", context.getContextPath(), settings);
    }

    /**
     * Containers give every session message buffers of the default size before any endpoint code
     * runs (Tomcat: 8 KiB of bytes plus 8 Ki chars, for each of 20,000 mostly idle connections).
     * Our endpoints never rely on the default: chat and broadcast size theirs to their cap, echo takes
     * messages in parts, hello's greetings are short. So the defaults of this application's own
     * container are lowered.
     *
     * <p>Only a positive default is lowered. A default of 0 (Undertow, in WildFly) means the container
     * sets no limit and allocates nothing up front; there the value is a maximum message size that
     * even applies to each part handed to a partial handler, so a lowered default would close every
     * echo frame over 2 KiB with 1009.
     *
     * <p>Switchboard's heartbeat and idle timeout decide when a quiet connection goes (PROTOCOL.md
     * §6). Containers have idle timeouts of their own (Jetty's default, 30 s, is shorter than the
     * 30 s heartbeat plus a pong), so a shorter one is moved past ours: a backstop for a connection
     * our timers somehow miss, never the first to act. A container without one (0: Tomcat, Tyrus in
     * Payara and GlassFish) is left without: Tyrus re-arms a session's idle timer on every message
     * received and sent, and each re-arm of a non-zero timeout leaves the cancelled task in its
     * scheduler's queue until the timeout would have expired (5.7 million tasks, 414 MB of heap,
     * after 30 s of echo at ~100k messages/s with a 120 s timeout).
     */
    private static void configureContainer(ServletContext context, Settings settings) {
        if (context.getAttribute(ServerContainer.class.getName()) instanceof ServerContainer container) {
            long backstop = 1000L * (settings.idleTimeoutSeconds() + settings.heartbeatSeconds());
            long containerDefault = container.getDefaultMaxSessionIdleTimeout();
            if (containerDefault > 0 && containerDefault < backstop) {
                container.setDefaultMaxSessionIdleTimeout(backstop);
            }
            if (container.getDefaultMaxTextMessageBufferSize() > DEFAULT_MESSAGE_BUFFER) {
                container.setDefaultMaxTextMessageBufferSize(DEFAULT_MESSAGE_BUFFER);
            }
            if (container.getDefaultMaxBinaryMessageBufferSize() > DEFAULT_MESSAGE_BUFFER) {
                container.setDefaultMaxBinaryMessageBufferSize(DEFAULT_MESSAGE_BUFFER);
            }
        }
    }

    /** The node this listener installed, for a servlet's {@code init}: servlets start after listeners. */
    static SwitchboardNode node(ServletContext context) {
        if (context.getAttribute(NODE_ATTRIBUTE) instanceof SwitchboardNode node) {
            return node;
        }
        throw new IllegalStateException("Switchboard is not deployed (its ServletContextListener has not run)");
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (node != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running or has run; shutdown() below is idempotent
            }
            node.shutdown();
            event.getServletContext().removeAttribute(NODE_ATTRIBUTE);
            SwitchboardConfigurator.uninstall(node);
            LOG.log(System.Logger.Level.INFO, "Switchboard stopped");
        }
    }
}
