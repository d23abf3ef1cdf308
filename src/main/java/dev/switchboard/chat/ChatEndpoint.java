package dev.switchboard.chat;

import dev.switchboard.delivery.MessageSizeLimit;
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

/** {@code /chat/{room}}: the MDN chat protocol (docs/protocol.md §4). The logic is in {@link ChatSession}. */
@ServerEndpoint(value = "/chat/{room}", subprotocols = "json", configurator = SwitchboardConfigurator.class,
        decoders = ChatCommandDecoder.class, encoders = ChatEventEncoder.class)
public class ChatEndpoint extends TrackedEndpoint {

    private final ChatService service;
    private ChatSession chat; // null when the connection was refused at opening

    /**
     * Only for Open Liberty, which refuses to deploy an annotated endpoint without a public
     * no-argument constructor (CWWKH0001E) even though it then has the configurator create every
     * instance: an instance made with this constructor never serves a session.
     */
    public ChatEndpoint() {
        this(null, null);
    }

    public ChatEndpoint(SessionServices sessions, ChatService service) {
        super(EndpointKind.CHAT, sessions);
        this.service = service;
    }

    @OnOpen
    public void open(Session session) {
        if (!admit(session)) {
            return;
        }
        try {
            String room = nameFromPath(session, "room", "lobby");
            if (room == null) {
                return;
            }
            new MessageSizeLimit(service.maxMessageBytes()).applyTo(session);
            chat = service.open(room, transport(), connection());
        } finally {
            opened(); // the join above may have been closed under it: then it is undone here
        }
    }

    @OnMessage
    public void command(ChatFrame frame) {
        if (chat != null) {
            connection().received(frame.bytes());
            chat.receive(frame.within(service.maxMessageBytes()));
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
        if (chat != null) {
            chat.end();
        }
    }
}
