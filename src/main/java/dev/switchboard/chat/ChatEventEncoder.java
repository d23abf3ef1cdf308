package dev.switchboard.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.switchboard.delivery.Frame;
import dev.switchboard.delivery.JsonMappers;
import jakarta.websocket.EncodeException;
import jakarta.websocket.Encoder;

/**
 * Chat events to JSON text. The room calls {@link #frame} once per event and hands the same frame
 * to every member, rather than letting the container encode per recipient.
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
    public static Frame frame(ChatEvent event) {
        try {
            return Frame.of(WRITER.writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode chat event " + event, e);
        }
    }
}
