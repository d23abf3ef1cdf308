package dev.switchboard.handshake;

import dev.switchboard.SwitchboardNode;
import jakarta.websocket.server.ServerEndpointConfig;

import java.util.List;

/**
 * The one configurator every Switchboard endpoint names. A refused origin makes the container
 * answer HTTP 403 without upgrading; the subprotocol comes from the endpoint's
 * {@code subprotocols} list, which is the server's order of preference.
 */
public class HandshakePolicy extends ServerEndpointConfig.Configurator {

    @Override
    public boolean checkOrigin(String originHeaderValue) {
        return SwitchboardNode.current().originPolicy().allows(originHeaderValue);
    }

    @Override
    public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
        return SubprotocolNegotiation.choose(supported, requested);
    }
}
