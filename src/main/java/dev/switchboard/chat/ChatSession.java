package dev.switchboard.chat;

import dev.switchboard.delivery.ConnectionRateLimit;
import dev.switchboard.delivery.Outbox;
import dev.switchboard.delivery.RateLimitResult;
import dev.switchboard.metrics.EndpointMetrics;

import java.util.function.LongSupplier;

/**
 * One chat connection's behaviour, free of any container type so that it can be tested alone:
 * rate limit, validation, and the calls into the room.
 */
public final class ChatSession {

    private final long id;
    private final String room;
    private final Outbox outbox;
    private final Outbox.Transport connection;
    private final ChatRooms rooms;
    private final ConnectionRateLimit rateLimit;
    private final int maxTextLength;
    private final LongSupplier clock;
    private final EndpointMetrics metrics;
    private final ChatEventEncoder encoder;

    ChatSession(long id, String room, Outbox outbox, Outbox.Transport connection, ChatRooms rooms,
                ConnectionRateLimit rateLimit, int maxTextLength, LongSupplier clock, EndpointMetrics metrics,
                ChatEventEncoder encoder) {
        this.encoder = encoder;
        this.id = id;
        this.room = room;
        this.outbox = outbox;
        this.connection = connection;
        this.rooms = rooms;
        this.rateLimit = rateLimit;
        this.maxTextLength = maxTextLength;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** The {@code id} frame first, then (from the room) history and the user list. */
    void start() {
        outbox.offer(encoder.frame(new ChatEvent.Id(id, clock.getAsLong())));
        rooms.join(room, id, outbox);
    }

    public void receive(ChatCommand command) {
        if (command instanceof ChatCommand.TooBig) {
            connection.close(1009, "message too big");
            return;
        }
        RateLimitResult limit = rateLimit.check();
        if (!limit.allowed()) {
            metrics.rateLimited();
            if (limit.exceeded()) {
                connection.close(1008, "rate limit exceeded");
            } else {
                reply(new ChatEvent.Error("rate-limited", "too many messages; retry later", limit.retryAfterMillis()));
            }
            return;
        }
        if (command instanceof ChatCommand.Invalid invalid) {
            reply(ChatEvent.Error.of(invalid.code(), invalid.message()));
        } else if (command instanceof ChatCommand.Rename rename) {
            rooms.rename(room, id, rename.name());
        } else if (command instanceof ChatCommand.Post post) {
            post(post.text());
        }
    }

    private void post(String raw) {
        String text = ChatText.clean(raw);
        if (text.isEmpty()) {
            reply(ChatEvent.Error.of("invalid-field", "text is empty"));
        } else if (ChatText.codePoints(text) > maxTextLength) {
            reply(ChatEvent.Error.of("too-long", "text is longer than " + maxTextLength + " characters"));
        } else {
            rooms.post(room, id, text);
        }
    }

    private void reply(ChatEvent event) {
        outbox.offer(encoder.frame(event));
    }

    public void end() {
        outbox.close();
        rooms.leave(room, id);
    }
}
