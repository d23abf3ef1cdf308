package dev.switchboard.wiring;

import dev.switchboard.broadcast.AllChannelEndpoint;
import dev.switchboard.broadcast.BroadcastEndpoint;
import dev.switchboard.broadcast.Broadcaster;
import dev.switchboard.chat.ChatEndpoint;
import dev.switchboard.chat.LobbyChatEndpoint;
import dev.switchboard.echo.EchoEndpoint;
import dev.switchboard.handshake.ClientAddress;
import dev.switchboard.handshake.SubprotocolNegotiation;
import dev.switchboard.hello.HelloEndpoint;
import dev.switchboard.metrics.Metrics;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

import java.util.List;

/**
 * The one configurator every Switchboard endpoint names. It creates each endpoint instance with
 * what it needs from the node; a refused origin makes the container answer HTTP 403 without
 * upgrading; the subprotocol comes from the endpoint's {@code subprotocols} list, which is the
 * server's order of preference.
 *
 * <p>This is where the WAR's wiring meets the container, and so the project's one registry of static
 * state: JSR 356 instantiates configurators itself (one per endpoint class, or shared, as the
 * container likes), with no way to hand them anything. The lifecycle listener installs the node here
 * at deployment and removes it at undeploy; from here on everything is passed in. (The other static,
 * {@link Broadcaster#get()}, is for application code outside this wiring.)
 */
public class SwitchboardConfigurator extends ServerEndpointConfig.Configurator {

    private static final System.Logger LOG = System.getLogger(SwitchboardConfigurator.class.getName());

    private static volatile SwitchboardNode installed;

    /** At deployment: endpoints and the {@link Broadcaster} use {@code node} from now on. */
    public static void install(SwitchboardNode node) {
        installed = node;
        Broadcaster.install(node.broadcast());
    }

    /** At undeploy. */
    public static void uninstall(SwitchboardNode node) {
        Broadcaster.uninstall(node.broadcast());
        if (installed == node) {
            installed = null;
        }
    }

    /** The installed node; for this configurator and configurators of test fixtures that extend it. */
    protected static SwitchboardNode node() {
        SwitchboardNode node = installed;
        if (node == null) {
            throw new IllegalStateException("Switchboard is not deployed (its ServletContextListener has not run)");
        }
        return node;
    }

    @Override
    public <T> T getEndpointInstance(Class<T> type) throws InstantiationException {
        SwitchboardNode node = node();
        Object endpoint;
        if (type == EchoEndpoint.class) {
            endpoint = new EchoEndpoint(node.sessions(), node.settings().echo().maxMessageBytes(), node.outboxes());
        } else if (type == HelloEndpoint.class) {
            endpoint = new HelloEndpoint(node.sessions(), node.outboxes(), node.scheduler(),
                    node.settings().hello().closeDelayMillis());
        } else if (type == ChatEndpoint.class) {
            endpoint = new ChatEndpoint(node.sessions(), node.chat());
        } else if (type == LobbyChatEndpoint.class) {
            endpoint = new LobbyChatEndpoint(node.sessions(), node.chat());
        } else if (type == BroadcastEndpoint.class) {
            endpoint = new BroadcastEndpoint(node.sessions(), node.broadcast());
        } else if (type == AllChannelEndpoint.class) {
            endpoint = new AllChannelEndpoint(node.sessions(), node.broadcast());
        } else {
            throw new InstantiationException(type.getName() + " is not a Switchboard endpoint");
        }
        return type.cast(endpoint);
    }

    @Override
    public boolean checkOrigin(String originHeaderValue) {
        SwitchboardNode node = node();
        if (node.originPolicy().allows(originHeaderValue)) {
            return true;
        }
        node.metrics().refused(Metrics.Refusal.ORIGIN);
        LOG.log(System.Logger.Level.INFO, "WebSocket handshake refused (403): origin {0} is not allowed",
                originHeaderValue == null ? "(none)" : originHeaderValue);
        return false;
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        ClientAddress.copyToUserProperties(request.getHeaders(), config.getUserProperties());
    }

    @Override
    public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
        return SubprotocolNegotiation.choose(supported, requested);
    }
}
