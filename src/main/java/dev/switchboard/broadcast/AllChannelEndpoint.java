package dev.switchboard.broadcast;

import dev.switchboard.wiring.SwitchboardConfigurator;
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
 * {@code /broadcast}: the same broadcast, on channel {@code all}. Every callback is re-declared
 * here only because annotations are not inherited (see {@link dev.switchboard.session.TrackedEndpoint}).
 */
@ServerEndpoint(value = "/broadcast", subprotocols = {"json", "text"}, configurator = SwitchboardConfigurator.class,
        encoders = BroadcastEventEncoder.class)
public class AllChannelEndpoint extends BroadcastEndpoint {

    /** Only for Open Liberty: see {@link BroadcastEndpoint#BroadcastEndpoint()}. */
    public AllChannelEndpoint() {
        this(null, null);
    }

    public AllChannelEndpoint(SessionServices sessions, BroadcastService service) {
        super(sessions, service);
    }

    @Override
    @OnOpen
    public void open(Session session) {
        super.open(session);
    }

    @Override
    @OnMessage
    public void text(String text) {
        super.text(text);
    }

    @Override
    @OnMessage
    public void binary(ByteBuffer data) {
        super.binary(data);
    }

    @Override
    @OnMessage
    public void pong(PongMessage pong) {
        super.pong(pong);
    }

    @Override
    @OnClose
    public void close(CloseReason reason) {
        super.close(reason);
    }

    @Override
    @OnError
    public void error(Session session, Throwable error) {
        super.error(session, error);
    }
}
