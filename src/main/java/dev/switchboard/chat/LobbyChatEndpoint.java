package dev.switchboard.chat;

import dev.switchboard.handshake.HandshakePolicy;
import jakarta.websocket.server.ServerEndpoint;

/** {@code /chat}: the same chat, in room {@code lobby}. */
@ServerEndpoint(value = "/chat", subprotocols = "json", configurator = HandshakePolicy.class,
        decoders = ChatCommandDecoder.class, encoders = ChatEventEncoder.class)
public class LobbyChatEndpoint extends ChatEndpoint {
}
