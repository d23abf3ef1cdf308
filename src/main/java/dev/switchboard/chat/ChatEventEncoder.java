package dev.switchboard.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.switchboard.delivery.Frame;
import dev.switchboard.delivery.JsonMappers;
import jakarta.websocket.EncodeException;
import jakarta.websocket.Encoder;

/**
 * Chat events to JSON text: the one way they are written. Registered on the chat endpoints, and
 * the instance the rooms and sessions encode with: each event is encoded once ({@link #frame}) and
 * the same frame goes to every member's outbox, rather than the container encoding it again for
 * each recipient.
 */
public class ChatEventEncoder implements Encoder.Text<ChatEvent> {

    private static final ObjectWriter WRITER = JsonMappers.create().writerFor(ChatEvent.class);

    @Override
    public String encode(ChatEvent event) throws EncodeException {
        try {
            return WRITER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new EncodeException(event, "cannot encode chat event", e);
        }
    }

    /** Encodes {@code event} once, for any number of recipients. */
    public Frame frame(ChatEvent event) {
        try {
            return Frame.of(encode(event));
        } catch (EncodeException e) {
            throw new IllegalStateException("cannot encode chat event " + event, e);
        }
    }
}
