package dev.switchboard.hello;

import dev.switchboard.config.SlowConsumerPolicy;
import dev.switchboard.delivery.Frame;
import dev.switchboard.delivery.MessageSizeLimit;
import dev.switchboard.delivery.Outbox;
import dev.switchboard.delivery.OutboxFactory;
import dev.switchboard.delivery.Utf8;
import dev.switchboard.wiring.SwitchboardConfigurator;
import dev.switchboard.metrics.EndpointKind;
import dev.switchboard.session.TrackedEndpoint;
import dev.switchboard.session.Connection;
import dev.switchboard.session.SessionServices;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code /hello}: the javascript.info demo server. Each text gets a greeting; the connection is
 * closed with 1000 {@code Bye!} a fixed delay after the first message. Greetings leave through an
 * {@link Outbox}, like every other reply, so no container thread waits on a client's socket.
 */
@ServerEndpoint(value = "/hello", configurator = SwitchboardConfigurator.class)
public class HelloEndpoint extends TrackedEndpoint {

    /** Longer messages close with 1009: a name is a trailing word, not a document. */
    static final int MAX_MESSAGE_BYTES = 8192;

    private final OutboxFactory outboxes;
    private final ScheduledExecutorService timer;
    private final long closeDelayMillis;
    private Outbox outbox;
    private ScheduledFuture<?> goodbye;

    /**
     * Only for Open Liberty, which refuses to deploy an annotated endpoint without a public
     * no-argument constructor (CWWKH0001E) even though it then has the configurator create every
     * instance: an instance made with this constructor never serves a session.
     */
    public HelloEndpoint() {
        this(null, null, null, 0);
    }

    /**
     * @param timer            the node's timer thread, for the goodbye
     * @param closeDelayMillis {@code switchboard.hello.closeDelayMillis}
     */
    public HelloEndpoint(SessionServices sessions, OutboxFactory outboxes, ScheduledExecutorService timer,
                         long closeDelayMillis) {
        super(EndpointKind.HELLO, sessions);
        this.outboxes = outboxes;
        this.timer = timer;
        this.closeDelayMillis = closeDelayMillis;
    }

    @OnOpen
    public void open(Session session) {
        if (admit(session)) {
            try {
                new MessageSizeLimit(MAX_MESSAGE_BYTES).applyTo(session);
                outbox = outboxes.create(transport(), 16L * MAX_MESSAGE_BYTES,
                        SlowConsumerPolicy.DISCONNECT, connection().metrics());
                connection().attach(outbox);
            } finally {
                opened();
            }
        }
    }

    @OnMessage
    public synchronized void text(String message, Session session) {
        Connection connection = connection();
        if (connection == null) {
            return;
        }
        connection.received(Utf8.length(message));
        if (goodbye == null) {
            // on the timer thread: the close is handed to the closer threads, never waited for here
            goodbye = timer.schedule(() -> closeConnection(CloseReason.CloseCodes.NORMAL_CLOSURE, "Bye!"),
                    closeDelayMillis, TimeUnit.MILLISECONDS);
        }
        outbox.offer(Frame.of(HelloGreeting.replyTo(message)));
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
    protected synchronized void closed() {
        if (goodbye != null) {
            goodbye.cancel(false);
        }
        if (outbox != null) {
            outbox.close();
        }
    }
}
