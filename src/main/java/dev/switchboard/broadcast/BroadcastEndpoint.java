package dev.switchboard.broadcast;

import dev.switchboard.delivery.MessageSizeLimit;
import dev.switchboard.delivery.Frame;
import dev.switchboard.wiring.SwitchboardConfigurator;
import dev.switchboard.metrics.EndpointKind;
import dev.switchboard.session.TrackedEndpoint;
import dev.switchboard.session.SessionServices;
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
 * {@code /broadcast/{channel}}: every text is relayed to the whole channel (docs/protocol.md §5).
 * Subprotocol {@code json} (preferred) gets {@code subscribed}, envelopes, and a replay when it connects
 * with {@code ?since=N&epoch=E}; {@code text}, or no offer, gets the bare texts.
 */
@ServerEndpoint(value = "/broadcast/{channel}", subprotocols = {"json", "text"}, configurator = SwitchboardConfigurator.class,
        encoders = BroadcastEventEncoder.class)
public class BroadcastEndpoint extends TrackedEndpoint {

    private final BroadcastService service;
    private BroadcastSession broadcast; // null when the connection was refused at opening

    /**
     * Only for Open Liberty, which refuses to deploy an annotated endpoint without a public
     * no-argument constructor (CWWKH0001E) even though it then has the configurator create every
     * instance: an instance made with this constructor never serves a session.
     */
    public BroadcastEndpoint() {
        this(null, null);
    }

    public BroadcastEndpoint(SessionServices sessions, BroadcastService service) {
        super(EndpointKind.BROADCAST, sessions);
        this.service = service;
    }

    @OnOpen
    public void open(Session session) {
        if (!admit(session)) {
            return;
        }
        try {
            String channel = nameFromPath(session, "channel", "all");
            if (channel == null) {
                return;
            }
            new MessageSizeLimit(service.maxMessageBytes()).applyTo(session);
            boolean json = "json".equals(session.getNegotiatedSubprotocol());
            broadcast = service.open(channel, json, ResumePoint.fromQuery(session.getRequestParameterMap()),
                    transport(), connection());
        } finally {
            opened(); // the subscription above may have been closed under it: then it is undone here
        }
    }

    @OnMessage
    public void text(String text) {
        if (broadcast != null) {
            Frame frame = Frame.of(text); // measured once: for the counters, the size cap and the outboxes
            connection().received(frame.bytes());
            broadcast.receive(frame);
        }
    }

    @OnMessage
    public void binary(ByteBuffer data) {
        refuseBinary();
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
        if (broadcast != null) {
            broadcast.end();
        }
    }
}
