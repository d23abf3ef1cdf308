package dev.switchboard.broadcast;

import dev.switchboard.handshake.HandshakePolicy;
import jakarta.websocket.server.ServerEndpoint;

/** {@code /broadcast}: the same broadcast, on channel {@code all}. */
@ServerEndpoint(value = "/broadcast", subprotocols = {"json", "text"}, configurator = HandshakePolicy.class)
public class AllChannelEndpoint extends BroadcastEndpoint {
}
