package dev.switchboard.echo;

import dev.switchboard.config.SlowConsumerPolicy;
import dev.switchboard.delivery.Frame;
import dev.switchboard.delivery.Outbox;
import dev.switchboard.delivery.OutboxFactory;
import dev.switchboard.session.Connection;
import dev.switchboard.session.SessionServices;
import dev.switchboard.session.SessionTransport;
import dev.switchboard.wiring.SwitchboardConfigurator;
import dev.switchboard.metrics.EndpointKind;
import dev.switchboard.session.TrackedEndpoint;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

import java.nio.ByteBuffer;

/**
 * {@code /echo}: every message comes back unchanged, in order. Messages arrive in parts
 * ({@link MessageAssembly} says why); replies leave through an {@link Outbox}, so no container
 * thread ever waits on a client's socket. A client that keeps sending while not reading its echoes
 * is closed with 1008 {@code slow consumer} once two full-size messages are waiting for it, rather
 * than costing the server unbounded memory or a blocked worker.
 */
@ServerEndpoint(value = "/echo", configurator = SwitchboardConfigurator.class)
public class EchoEndpoint extends TrackedEndpoint {

    private final int maxMessageBytes;
    private final OutboxFactory outboxes;
    private MessageAssembly assembly;
    private SessionTransport transport;
    private Outbox outbox;

    /**
     * Only for Open Liberty, which refuses to deploy an annotated endpoint without a public
     * no-argument constructor (CWWKH0001E) even though it then has the configurator create every
     * instance: an instance made with this constructor never serves a session.
     */
    public EchoEndpoint() {
        this(null, 0, null);
    }

    /** @param maxMessageBytes {@code switchboard.echo.maxMessageBytes} */
    public EchoEndpoint(SessionServices sessions, int maxMessageBytes, OutboxFactory outboxes) {
        super(EndpointKind.ECHO, sessions);
        this.maxMessageBytes = maxMessageBytes;
        this.outboxes = outboxes;
    }

    @OnOpen
    public void open(Session session) {
        if (admit(session)) {
            try {
                assembly = new MessageAssembly(maxMessageBytes);
                transport = transport();
                outbox = outboxes.create(transport, 2L * maxMessageBytes, SlowConsumerPolicy.DISCONNECT,
                        connection().metrics());
                connection().attach(outbox);
            } finally {
                opened();
            }
        }
    }

    @OnMessage
    public void text(String part, boolean last) {
        Connection connection = connection();
        if (connection == null) {
            return;
        }
        try {
            Frame frame = assembly.addText(part, last);
            if (frame != null) {
                connection.received(frame.bytes());
                outbox.offer(frame);
            }
        } catch (MessageAssembly.TooBig e) {
            transport.close(1009, "message too big");
        }
    }

    @OnMessage
    public void binary(ByteBuffer part, boolean last) {
        Connection connection = connection();
        if (connection == null) {
            return;
        }
        try {
            Frame frame = assembly.addBinary(part, last);
            if (frame != null) {
                connection.received(frame.bytes());
                outbox.offer(frame);
            }
        } catch (MessageAssembly.TooBig e) {
            transport.close(1009, "message too big");
        }
    }

    @OnMessage
    public void pong(PongMessage pong) {
        ponged();
    }

    @OnClose
    public void close(CloseReason reason) {
        release(reason);
    }

    @OnError
    public void error(Session session, Throwable error) {
        failed(session, error);
    }

    @Override
    protected void closed() {
        if (outbox != null) {
            outbox.close();
        }
    }
}
