package dev.switchboard.broadcast;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.switchboard.delivery.Frame;
import dev.switchboard.ops.JsonMappers;

/** What json-mode broadcast clients receive (docs/protocol.md §5); field names are the contract's. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(BroadcastEvent.Envelope.class),
        @JsonSubTypes.Type(BroadcastEvent.Dropped.class),
        @JsonSubTypes.Type(BroadcastEvent.Error.class)})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface BroadcastEvent {

    /** A relayed message; {@code from} is the publisher's connection id, 0 for server-side publishes. */
    @JsonTypeName("broadcast")
    record Envelope(String channel, long seq, long from, String text, long date) implements BroadcastEvent {}

    /** Sent to a slow json client before the next message it does get. */
    @JsonTypeName("dropped")
    record Dropped(long count) implements BroadcastEvent {}

    @JsonTypeName("error")
    record Error(String code, Long retryAfterMillis) implements BroadcastEvent {}

    ObjectWriter WRITER = JsonMappers.create().writerFor(BroadcastEvent.class);

    /** Encodes {@code event} once, for any number of recipients. */
    static Frame frame(BroadcastEvent event) {
        try {
            return Frame.of(WRITER.writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode broadcast event " + event, e);
        }
    }
}
