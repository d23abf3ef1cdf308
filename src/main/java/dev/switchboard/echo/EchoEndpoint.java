package dev.switchboard.echo;

import dev.switchboard.SwitchboardNode;
import dev.switchboard.delivery.MessageSizeLimit;
import dev.switchboard.handshake.HandshakePolicy;
import dev.switchboard.ops.SessionFailures;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
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
public class EchoEndpoint {

    private SwitchboardNode node;
    private MessageSizeLimit limit; // null when the node refused the connection

    @OnOpen
    public void open(Session session) {
        node = SwitchboardNode.current();
        if (node.connections().admit(session)) {
            limit = new MessageSizeLimit(node.settings().echo().maxMessageBytes());
            limit.applyTo(session);
        }
    }

    @OnMessage
    public void text(String text, Session session) throws IOException {
        if (limit != null && limit.admits(text, session)) {
            session.getBasicRemote().sendText(text);
        }
    }

    @OnMessage
    public void binary(ByteBuffer data, Session session) throws IOException {
        if (limit != null && limit.admits(data, session)) {
            session.getBasicRemote().sendBinary(data);
        }
    }

    @OnClose
    public void close(Session session) {
        node.connections().release(session);
    }

    @OnError
    public void error(Session session, Throwable error) {
        SessionFailures.handle("/echo", session, error);
    }
}
