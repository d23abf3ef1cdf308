package dev.switchboard.chat;

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

/** {@code /chat/{room}}: the MDN chat protocol (PROTOCOL.md §4). The logic is in {@link ChatSession}. */
@ServerEndpoint(value = "/chat/{room}", subprotocols = "json", configurator = HandshakePolicy.class,
        decoders = ChatCommandDecoder.class, encoders = ChatEventEncoder.class)
public class ChatEndpoint {

    private SwitchboardNode node;
    private ChatSession chat; // null when the connection was refused at opening

    @OnOpen
    public void open(Session session) {
        node = SwitchboardNode.current();
        if (!node.connections().admit(session)) {
            return;
        }
        String room = session.getPathParameters().getOrDefault("room", "lobby");
        if (!ResourceName.isValid(room)) {
            SessionCloser.close(session, CloseReason.CloseCodes.VIOLATED_POLICY, ResourceName.INVALID_REASON);
            return;
        }
        new MessageSizeLimit(node.settings().chat().maxMessageBytes()).applyTo(session);
        chat = node.chat().open(room, new SessionTransport(session));
    }

    @OnMessage
    public void command(ChatCommand command) {
        if (chat != null) {
            chat.receive(command);
        }
    }

    @OnMessage
    public void binary(ByteBuffer data, Session session) {
        SessionCloser.close(session, CloseReason.CloseCodes.CANNOT_ACCEPT, "binary messages are not supported");
    }

    @OnClose
    public void close(Session session) {
        if (chat != null) {
            chat.end();
        }
        node.connections().release(session);
    }

    @OnError
    public void error(Session session, Throwable error) {
        SessionFailures.handle("/chat", session, error);
    }
}
