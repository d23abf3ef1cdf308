package dev.switchboard.chat;

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
 * {@code /chat}: the same chat, in room {@code lobby}. Every callback is re-declared here only
 * because annotations are not inherited (see {@link dev.switchboard.session.TrackedEndpoint}).
 */
@ServerEndpoint(value = "/chat", subprotocols = "json", configurator = SwitchboardConfigurator.class,
        decoders = ChatCommandDecoder.class, encoders = ChatEventEncoder.class)
public class LobbyChatEndpoint extends ChatEndpoint {

    /** Only for Open Liberty: see {@link ChatEndpoint#ChatEndpoint()}. */
    public LobbyChatEndpoint() {
        this(null, null);
    }

    public LobbyChatEndpoint(SessionServices sessions, ChatService service) {
        super(sessions, service);
    }

    @Override
    @OnOpen
    public void open(Session session) {
        super.open(session);
    }

    @Override
    @OnMessage
    public void command(ChatFrame frame) {
        super.command(frame);
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
