package dev.switchboard.ops;

import dev.switchboard.chat.ChatCommand;
import dev.switchboard.chat.ChatCommandDecoder;
import dev.switchboard.chat.ChatEndpoint;
import dev.switchboard.chat.ChatEventEncoder;
import dev.switchboard.chat.ChatFrame;
import dev.switchboard.chat.ChatService;
import dev.switchboard.session.SessionServices;
import dev.switchboard.wiring.SwitchboardConfigurator;
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
 * Test fixture, added to the packaged WAR only by {@link OperationsIT}: the real chat endpoint, except
 * that the text {@code fail} throws, so that the real error handling can be watched. Its callbacks are
 * declared here because annotations are not inherited.
 */
@ServerEndpoint(value = "/test/faulty-chat/{room}", subprotocols = "json", configurator = FaultyChatEndpoint.Configurator.class,
        decoders = ChatCommandDecoder.class, encoders = ChatEventEncoder.class)
public class FaultyChatEndpoint extends ChatEndpoint {

    /** Switchboard's configurator, which knows only the WAR's own endpoints, plus this one. */
    public static class Configurator extends SwitchboardConfigurator {
        @Override
        public <T> T getEndpointInstance(Class<T> type) throws InstantiationException {
            return type == FaultyChatEndpoint.class
                    ? type.cast(new FaultyChatEndpoint(node().sessions(), node().chat()))
                    : super.getEndpointInstance(type);
        }
    }

    /** Only for Open Liberty: see {@link ChatEndpoint#ChatEndpoint()}. */
    public FaultyChatEndpoint() {
        this(null, null);
    }

    public FaultyChatEndpoint(SessionServices sessions, ChatService service) {
        super(sessions, service);
    }

    @Override
    @OnMessage
    public void command(ChatFrame frame) {
        if (frame.command() instanceof ChatCommand.Post post && post.text().equals("fail")) {
            throw new IllegalStateException("failure forced by the test");
        }
        super.command(frame);
    }

    @Override
    @OnOpen
    public void open(Session session) {
        super.open(session);
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
