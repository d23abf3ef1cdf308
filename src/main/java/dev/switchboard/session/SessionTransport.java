package dev.switchboard.session;

import dev.switchboard.delivery.Outbox;
import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;

import java.nio.ByteBuffer;

/**
 * An {@link Outbox.Transport} over a container's WebSocket session. Server-side closes are logged
 * and handed, through the {@link ConnectionTracker}, to the {@link SessionCloser}: sending a close
 * frame blocks while the client's socket is full, and no thread of ours or the container's may
 * wait on a client. A failed write releases the connection at once, also through the tracker.
 */
public final class SessionTransport implements Outbox.Transport {

    private static final System.Logger LOG = System.getLogger(SessionTransport.class.getName());

    private final Connection connection;
    private final ConnectionTracker connections;

    public SessionTransport(Connection connection, ConnectionTracker connections) {
        this.connection = connection;
        this.connections = connections;
    }

    @Override
    public void sendText(String text, SendHandler handler) {
        connection.session().getAsyncRemote().sendText(text, handler);
    }

    @Override
    public void sendBinary(ByteBuffer data, SendHandler handler) {
        connection.session().getAsyncRemote().sendBinary(data, handler);
    }

    @Override
    public void close(int code, String reason) {
        LOG.log(System.Logger.Level.INFO, "{0}: closing ({1} {2})", connection, code, reason);
        connections.close(connection, CloseReason.CloseCodes.getCloseCode(code), reason);
    }

    @Override
    public void lost(Throwable cause) {
        connections.lost(connection, cause);
    }
}
