package dev.switchboard.delivery;

import dev.switchboard.ops.Connection;
import dev.switchboard.ops.SessionCloser;
import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;

/** An {@link Outbox.Transport} over a container's WebSocket session; server-side closes are logged. */
public final class SessionTransport implements Outbox.Transport {

    private static final System.Logger LOG = System.getLogger(SessionTransport.class.getName());

    private final Connection connection;

    public SessionTransport(Connection connection) {
        this.connection = connection;
    }

    @Override
    public void sendText(String text, SendHandler handler) {
        connection.session().getAsyncRemote().sendText(text, handler);
    }

    @Override
    public void close(int code, String reason) {
        LOG.log(System.Logger.Level.INFO, "{0}: closing ({1} {2})", connection, code, reason);
        SessionCloser.close(connection.session(), CloseReason.CloseCodes.getCloseCode(code), reason);
    }
}
