package dev.switchboard.echo;

import dev.switchboard.delivery.MessageSizeLimit;
import dev.switchboard.delivery.Utf8;
import dev.switchboard.handshake.HandshakePolicy;
import dev.switchboard.ops.EndpointKind;
import dev.switchboard.ops.TrackedEndpoint;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * {@code /echo}: every message comes back unchanged, in order. Replies go out on the thread that
 * received the message, so a client that stops reading stops being read: the echo cannot pile up
 * memory on the server.
 */
@ServerEndpoint(value = "/echo", configurator = HandshakePolicy.class)
public class EchoEndpoint extends TrackedEndpoint {

    private MessageSizeLimit limit;

    public EchoEndpoint() {
        super(EndpointKind.ECHO);
    }

    @OnOpen
    public void open(Session session) {
        if (admit(session)) {
            limit = new MessageSizeLimit(node.settings().echo().maxMessageBytes());
            limit.applyTo(session);
        }
    }

    @OnMessage
    public void text(String text, Session session) throws IOException {
        if (connection != null && limit.admits(text, session)) {
            long bytes = Utf8.length(text);
            connection.received(bytes);
            session.getBasicRemote().sendText(text);
            connection.metrics().sent(bytes);
        }
    }

    @OnMessage
    public void binary(ByteBuffer data, Session session) throws IOException {
        if (connection != null && limit.admits(data, session)) {
            int bytes = data.remaining();
            connection.received(bytes);
            session.getBasicRemote().sendBinary(data);
            connection.metrics().sent(bytes);
        }
    }
}
