package dev.switchboard.echo;

import dev.switchboard.delivery.Utf8;
import dev.switchboard.handshake.HandshakePolicy;
import dev.switchboard.ops.EndpointKind;
import dev.switchboard.ops.SessionCloser;
import dev.switchboard.ops.TrackedEndpoint;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * {@code /echo}: every message comes back unchanged, in order. Replies go out on the thread that
 * received the message, so a client that stops reading stops being read: the echo cannot pile up
 * memory on the server. Messages arrive in parts ({@link MessageAssembly} says why).
 */
@ServerEndpoint(value = "/echo", configurator = HandshakePolicy.class)
public class EchoEndpoint extends TrackedEndpoint {

    private MessageAssembly assembly;

    public EchoEndpoint() {
        super(EndpointKind.ECHO);
    }

    @OnOpen
    public void open(Session session) {
        if (admit(session)) {
            assembly = new MessageAssembly(node.settings().echo().maxMessageBytes());
        }
    }

    @OnMessage
    public void text(String part, boolean last, Session session) throws IOException {
        if (connection == null) {
            return;
        }
        try {
            String message = assembly.addText(part, last);
            if (message != null) {
                long bytes = Utf8.length(message);
                connection.received(bytes);
                session.getBasicRemote().sendText(message);
                connection.metrics().sent(bytes);
            }
        } catch (MessageAssembly.TooBig e) {
            SessionCloser.close(session, CloseReason.CloseCodes.TOO_BIG, "message too big");
        }
    }

    @OnMessage
    public void binary(ByteBuffer part, boolean last, Session session) throws IOException {
        if (connection == null) {
            return;
        }
        try {
            ByteBuffer message = assembly.addBinary(part, last);
            if (message != null) {
                int bytes = message.remaining();
                connection.received(bytes);
                session.getBasicRemote().sendBinary(message);
                connection.metrics().sent(bytes);
            }
        } catch (MessageAssembly.TooBig e) {
            SessionCloser.close(session, CloseReason.CloseCodes.TOO_BIG, "message too big");
        }
    }
}
