package dev.switchboard.handshake;

import dev.switchboard.SwitchboardNode;
import dev.switchboard.ops.Metrics;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

import java.util.List;

/**
 * The one configurator every Switchboard endpoint names. A refused origin makes the container
 * answer HTTP 403 without upgrading; the subprotocol comes from the endpoint's
 * {@code subprotocols} list, which is the server's order of preference.
 */
public class HandshakePolicy extends ServerEndpointConfig.Configurator {

    private static final System.Logger LOG = System.getLogger(HandshakePolicy.class.getName());

    @Override
    public boolean checkOrigin(String originHeaderValue) {
        SwitchboardNode node = SwitchboardNode.current();
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
        RemoteAddressFilter.copyToUserProperties(request.getHeaders(), config.getUserProperties());
    }

    @Override
    public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
        return SubprotocolNegotiation.choose(supported, requested);
    }
}
