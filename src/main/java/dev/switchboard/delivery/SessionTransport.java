package dev.switchboard.delivery;

import dev.switchboard.ops.Connection;
import dev.switchboard.ops.SessionCloser;
import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;

import java.nio.ByteBuffer;
import java.util.concurrent.Executor;

/**
 * An {@link Outbox.Transport} over a container's WebSocket session. Server-side closes are logged
 * and run on the closer executor: sending a close frame blocks while the client's socket is full,
 * and a container thread must never wait on a client.
 */
public final class SessionTransport implements Outbox.Transport {

    private static final System.Logger LOG = System.getLogger(SessionTransport.class.getName());

    private final Connection connection;
    private final Executor closer;

    public SessionTransport(Connection connection, Executor closer) {
        this.connection = connection;
        this.closer = closer;
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
        closer.execute(() ->
                SessionCloser.close(connection.session(), CloseReason.CloseCodes.getCloseCode(code), reason));
    }
}
