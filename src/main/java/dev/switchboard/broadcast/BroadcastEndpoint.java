package dev.switchboard.broadcast;

import dev.switchboard.SwitchboardNode;
import dev.switchboard.delivery.MessageSizeLimit;
import dev.switchboard.delivery.SessionTransport;
import dev.switchboard.delivery.Utf8;
import dev.switchboard.handshake.HandshakePolicy;
import dev.switchboard.handshake.ResourceName;
import dev.switchboard.ops.Connection;
import dev.switchboard.ops.EndpointKind;
import dev.switchboard.ops.Metrics;
import dev.switchboard.ops.SessionFailures;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
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
    private Connection connection;       // null when the node refused the connection
    private BroadcastSession broadcast;  // null when the connection was refused at opening

    @OnOpen
    public void open(Session session) {
        node = SwitchboardNode.current();
        connection = node.connections().admit(session, EndpointKind.BROADCAST);
        if (connection == null) {
            return;
        }
        String channel = session.getPathParameters().getOrDefault("channel", "all");
        if (!ResourceName.isValid(channel)) {
            node.connections().refuse(connection, Metrics.Refusal.INVALID_NAME,
                    CloseReason.CloseCodes.VIOLATED_POLICY, ResourceName.INVALID_REASON);
            return;
        }
        new MessageSizeLimit(node.settings().broadcast().maxMessageBytes()).applyTo(session);
        boolean json = "json".equals(session.getNegotiatedSubprotocol());
        broadcast = node.broadcast().open(channel, json, new SessionTransport(connection), connection);
    }

    @OnMessage
    public void text(String text) {
        if (broadcast != null) {
            connection.received(Utf8.length(text));
            broadcast.receive(text);
        }
    }

    @OnMessage
    public void binary(ByteBuffer data) {
        if (connection != null) {
            new SessionTransport(connection).close(1003, "binary messages are not supported");
        }
    }

    @OnMessage
    public void pong(PongMessage pong) {
        if (connection != null) {
            connection.touched();
        }
    }

    @OnClose
    public void close(CloseReason reason) {
        if (broadcast != null) {
            broadcast.end();
        }
        if (connection != null) {
            node.connections().release(connection, reason);
        }
    }

    @OnError
    public void error(Session session, Throwable error) {
        SessionFailures.handle("/broadcast", session, error);
    }
}
