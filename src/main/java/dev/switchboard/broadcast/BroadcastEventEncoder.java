package dev.switchboard.broadcast;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.switchboard.delivery.Frame;
import dev.switchboard.delivery.JsonMappers;
import jakarta.websocket.EncodeException;
import jakarta.websocket.Encoder;

/**
 * Broadcast events to JSON text: the one way json-mode clients' frames are written. Registered on
 * the broadcast endpoints, and the instance the channels and sessions encode with: each event is
 * encoded once and the same frame goes to every subscriber's outbox.
 *
 * <p>A live envelope has a fast path, {@link #envelope}: its text is escaped before the channel's
 * lock is taken ({@link EnvelopeText} says why) and only the envelope's numbers are written under
 * it, exactly as {@link #encode} writes them ({@code EnvelopeTextProperties} holds the two to the
 * same bytes).
 */
public class BroadcastEventEncoder implements Encoder.Text<BroadcastEvent> {

    private static final ObjectWriter WRITER = JsonMappers.create().writerFor(BroadcastEvent.class);
    private static final String ENVELOPE_PREFIX = "{\"type\":\"broadcast\",\"channel\":";

    @Override
    public String encode(BroadcastEvent event) throws EncodeException {
        try {
            return WRITER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new EncodeException(event, "cannot encode broadcast event", e);
        }
    }

    /** Encodes {@code event} once, for any number of recipients. */
    public Frame frame(BroadcastEvent event) {
        try {
            return Frame.of(encode(event));
        } catch (EncodeException e) {
            throw new IllegalStateException("cannot encode broadcast event " + event, e);
        }
    }

    /**
     * A live {@link BroadcastEvent.Envelope} around a text escaped beforehand. {@code quotedChannel}
     * is {@link EnvelopeText#quote}d once per channel; names are ASCII, so its chars are its bytes.
     */
    Frame envelope(EnvelopeText text, String quotedChannel, long seq, long from, long date) {
        String head = ENVELOPE_PREFIX + quotedChannel + ",\"seq\":" + seq + ",\"from\":" + from + ",\"text\":";
        String tail = ",\"date\":" + date + "}";
        return new Frame(head + text.escaped() + tail, null, (int) (head.length() + text.escapedBytes() + tail.length()));
    }
}
