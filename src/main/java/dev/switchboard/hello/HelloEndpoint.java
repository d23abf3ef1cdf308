package dev.switchboard.hello;

import dev.switchboard.SwitchboardNode;
import dev.switchboard.handshake.HandshakePolicy;
import dev.switchboard.ops.SessionFailures;
import dev.switchboard.ops.SessionCloser;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
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
public class HelloEndpoint {

    private SwitchboardNode node;
    private ScheduledFuture<?> goodbye;

    @OnOpen
    public void open(Session session) {
        node = SwitchboardNode.current();
        node.connections().admit(session);
    }

    // synchronized: the reply (container thread) and the goodbye (timer thread) must not
    // write to the same socket at once
    @OnMessage
    public synchronized void text(String message, Session session) throws IOException {
        if (goodbye == null) {
            goodbye = node.scheduler().schedule(() -> sayGoodbye(session),
                    node.settings().hello().closeDelayMillis(), TimeUnit.MILLISECONDS);
        }
        if (session.isOpen()) {
            session.getBasicRemote().sendText(HelloGreeting.replyTo(message));
        }
    }

    private synchronized void sayGoodbye(Session session) {
        SessionCloser.close(session, CloseReason.CloseCodes.NORMAL_CLOSURE, "Bye!");
    }

    @OnClose
    public synchronized void close(Session session) {
        if (goodbye != null) {
            goodbye.cancel(false);
        }
        node.connections().release(session);
    }

    @OnError
    public void error(Session session, Throwable error) {
        SessionFailures.handle("/hello", session, error);
    }
}
