package dev.switchboard.broadcast;

import dev.switchboard.SwitchboardNode;
import dev.switchboard.delivery.MessageSizeLimit;
import dev.switchboard.delivery.SessionTransport;
import dev.switchboard.handshake.HandshakePolicy;
import dev.switchboard.handshake.ResourceName;
import dev.switchboard.ops.SessionCloser;
import dev.switchboard.ops.SessionFailures;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

import java.nio.ByteBuffer;

/**
 * {@code /broadcast/{channel}}: every text is relayed to the whole channel (PROTOCOL.md §5).
 * Subprotocol {@code json} (preferred) gets envelopes; {@code text}, or no offer, gets the bare texts.
 */
@ServerEndpoint(value = "/broadcast/{channel}", subprotocols = {"json", "text"}, configurator = HandshakePolicy.class)
public class BroadcastEndpoint {

    private SwitchboardNode node;
    private BroadcastSession broadcast; // null when the connection was refused at opening

    @OnOpen
    public void open(Session session) {
        node = SwitchboardNode.current();
        if (!node.connections().admit(session)) {
            return;
        }
        String channel = session.getPathParameters().getOrDefault("channel", "all");
        if (!ResourceName.isValid(channel)) {
            SessionCloser.close(session, CloseReason.CloseCodes.VIOLATED_POLICY, ResourceName.INVALID_REASON);
            return;
        }
        new MessageSizeLimit(node.settings().broadcast().maxMessageBytes()).applyTo(session);
        boolean json = "json".equals(session.getNegotiatedSubprotocol());
        broadcast = node.broadcast().open(channel, json, new SessionTransport(session));
    }

    @OnMessage
    public void text(String text) {
        if (broadcast != null) {
            broadcast.receive(text);
        }
    }

    @OnMessage
    public void binary(ByteBuffer data, Session session) {
        SessionCloser.close(session, CloseReason.CloseCodes.CANNOT_ACCEPT, "binary messages are not supported");
    }

    @OnClose
    public void close(Session session) {
        if (broadcast != null) {
            broadcast.end();
        }
        node.connections().release(session);
    }

    @OnError
    public void error(Session session, Throwable error) {
        SessionFailures.handle("/broadcast", session, error);
    }
}
