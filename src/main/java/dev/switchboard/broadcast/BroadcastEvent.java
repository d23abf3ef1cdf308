package dev.switchboard.broadcast;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;

/**
 * What json-mode broadcast clients receive (docs/protocol.md §5); field names are the contract's.
 * Written by {@link BroadcastEventEncoder}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(BroadcastEvent.Subscribed.class),
        @JsonSubTypes.Type(BroadcastEvent.Envelope.class),
        @JsonSubTypes.Type(BroadcastEvent.Dropped.class),
        @JsonSubTypes.Type(BroadcastEvent.Error.class)})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface BroadcastEvent {

    /**
     * A json subscriber's first frame, queued in the same step that adds it to the channel: every
     * message numbered after {@code seq} reaches it. {@code epoch} names the channel's numbering.
     */
    @JsonTypeName("subscribed")
    record Subscribed(String channel, long seq, String epoch) implements BroadcastEvent {}

    /**
     * A relayed message; {@code from} is the publisher's connection id, 0 for server-side publishes.
     * {@code replay} is true on envelopes sent again to a resuming client, and absent (null) otherwise.
     */
    @JsonTypeName("broadcast")
    record Envelope(String channel, long seq, long from, String text, long date, Boolean replay) implements BroadcastEvent {

        Envelope(String channel, long seq, long from, String text, long date) {
            this(channel, seq, from, text, date, null);
        }

        /** The same message, marked as sent again. */
        Envelope asReplay() {
            return new Envelope(channel, seq, from, text, date, Boolean.TRUE);
        }
    }

    /**
     * Sent to a slow json client before the next message it does get, and to a resuming client
     * before its replay when messages after its {@code since} are no longer retained.
     */
    @JsonTypeName("dropped")
    record Dropped(long count) implements BroadcastEvent {}

    @JsonTypeName("error")
    record Error(String code, Long retryAfterMillis) implements BroadcastEvent {}
}
