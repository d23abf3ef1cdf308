package dev.switchboard.delivery;

import dev.switchboard.ops.SessionCloser;
import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;

/** An {@link Outbox.Transport} over a container's WebSocket session. */
public final class SessionTransport implements Outbox.Transport {

    private final Session session;

    public SessionTransport(Session session) {
        this.session = session;
    }

    @Override
    public void sendText(String text, SendHandler handler) {
        session.getAsyncRemote().sendText(text, handler);
    }

    @Override
    public void close(int code, String reason) {
        SessionCloser.close(session, CloseReason.CloseCodes.getCloseCode(code), reason);
    }
}
