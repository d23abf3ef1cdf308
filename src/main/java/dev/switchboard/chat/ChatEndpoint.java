package dev.switchboard.chat;

import dev.switchboard.SwitchboardNode;
import dev.switchboard.delivery.MessageSizeLimit;
import dev.switchboard.delivery.SessionTransport;
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

/** {@code /chat/{room}}: the MDN chat protocol (PROTOCOL.md §4). The logic is in {@link ChatSession}. */
@ServerEndpoint(value = "/chat/{room}", subprotocols = "json", configurator = HandshakePolicy.class,
        decoders = ChatCommandDecoder.class, encoders = ChatEventEncoder.class)
public class ChatEndpoint {

    private SwitchboardNode node;
    private Connection connection; // null when the node refused the connection
    private ChatSession chat;      // null when the connection was refused at opening

    @OnOpen
    public void open(Session session) {
        node = SwitchboardNode.current();
        connection = node.connections().admit(session, EndpointKind.CHAT);
        if (connection == null) {
            return;
        }
        String room = session.getPathParameters().getOrDefault("room", "lobby");
        if (!ResourceName.isValid(room)) {
            node.connections().refuse(connection, Metrics.Refusal.INVALID_NAME,
                    CloseReason.CloseCodes.VIOLATED_POLICY, ResourceName.INVALID_REASON);
            return;
        }
        new MessageSizeLimit(node.settings().chat().maxMessageBytes()).applyTo(session);
        chat = node.chat().open(room, new SessionTransport(connection), connection);
    }

    @OnMessage
    public void command(ChatCommand command) {
        if (chat != null) {
            connection.touched(); // the decoder counted the message and its bytes
            chat.receive(command);
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
        if (chat != null) {
            chat.end();
        }
        if (connection != null) {
            node.connections().release(connection, reason);
        }
    }

    @OnError
    public void error(Session session, Throwable error) {
        SessionFailures.handle("/chat", session, error);
    }
}
