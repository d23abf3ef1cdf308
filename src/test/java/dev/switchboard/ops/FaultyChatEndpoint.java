package dev.switchboard.ops;

import dev.switchboard.chat.ChatCommand;
import dev.switchboard.chat.ChatCommandDecoder;
import dev.switchboard.chat.ChatEndpoint;
import dev.switchboard.chat.ChatEventEncoder;
import dev.switchboard.handshake.HandshakePolicy;
import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;

/**
 * Test fixture, added to the packaged WAR only by {@link OperationsIT}: the real chat endpoint, except
 * that the text {@code fail} throws, so that the real error handling can be watched.
 */
@ServerEndpoint(value = "/test/faulty-chat/{room}", subprotocols = "json", configurator = HandshakePolicy.class,
        decoders = ChatCommandDecoder.class, encoders = ChatEventEncoder.class)
public class FaultyChatEndpoint extends ChatEndpoint {

    @Override
    @OnMessage
    public void command(ChatCommand command) {
        if (command instanceof ChatCommand.Post post && post.text().equals("fail")) {
            throw new IllegalStateException("failure forced by the test");
        }
        super.command(command);
    }
}
