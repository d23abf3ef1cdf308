package dev.switchboard.hello;

import dev.switchboard.delivery.MessageSizeLimit;
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
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code /hello}: the javascript.info demo server. Each text gets a greeting; the connection is
 * closed with 1000 {@code Bye!} a fixed delay after the first message.
 */
@ServerEndpoint(value = "/hello", configurator = HandshakePolicy.class)
public class HelloEndpoint extends TrackedEndpoint {

    private ScheduledFuture<?> goodbye;

    public HelloEndpoint() {
        super(EndpointKind.HELLO);
    }

    /** Longer messages close with 1009: a name is a trailing word, not a document. */
    static final int MAX_MESSAGE_BYTES = 8192;

    @OnOpen
    public void open(Session session) {
        if (admit(session)) {
            new MessageSizeLimit(MAX_MESSAGE_BYTES).applyTo(session);
        }
    }

    // synchronized: the reply (container thread) and the goodbye (timer thread) must not
    // write to the same socket at once
    @OnMessage
    public synchronized void text(String message, Session session) throws IOException {
        if (connection == null) {
            return;
        }
        connection.received(Utf8.length(message));
        if (goodbye == null) {
            goodbye = node.scheduler().schedule(() -> sayGoodbye(session),
                    node.settings().hello().closeDelayMillis(), TimeUnit.MILLISECONDS);
        }
        if (session.isOpen()) {
            String reply = HelloGreeting.replyTo(message);
            session.getBasicRemote().sendText(reply);
            connection.metrics().sent(Utf8.length(reply));
        }
    }

    private synchronized void sayGoodbye(Session session) {
        SessionCloser.close(session, CloseReason.CloseCodes.NORMAL_CLOSURE, "Bye!");
    }

    @Override
    protected synchronized void closed() {
        if (goodbye != null) {
            goodbye.cancel(false);
        }
    }
}
