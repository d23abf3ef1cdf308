package dev.switchboard.chat;

import dev.switchboard.cluster.ConnectionIds;
import dev.switchboard.config.Settings;
import dev.switchboard.config.SlowConsumerPolicy;
import dev.switchboard.delivery.ConnectionRateLimit;
import dev.switchboard.delivery.Outbox;
import dev.switchboard.delivery.OutboxFactory;
import dev.switchboard.session.Connection;
import dev.switchboard.metrics.EndpointMetrics;

import java.util.function.LongSupplier;

/**
 * Builds chat sessions with this node's rooms, ids and limits.
 *
 * <p>A chat client that falls {@code switchboard.chat.maxPendingBytes} behind is closed
 * (1008 {@code slow consumer}) rather than having messages dropped: the chat contract promises
 * every member every message in the same order, which silent drops would break.
 */
public final class ChatService {

    private final Settings settings;
    private final ChatRooms rooms;
    private final ConnectionIds ids;
    private final OutboxFactory outboxes;
    private final EndpointMetrics metrics;
    private final LongSupplier clock;
    private final LongSupplier nanoClock;
    private final ChatEventEncoder encoder;

    public ChatService(Settings settings, ChatRooms rooms, ConnectionIds ids, OutboxFactory outboxes,
                       EndpointMetrics metrics, LongSupplier clock, LongSupplier nanoClock, ChatEventEncoder encoder) {
        this.encoder = encoder;
        this.settings = settings;
        this.rooms = rooms;
        this.ids = ids;
        this.outboxes = outboxes;
        this.metrics = metrics;
        this.clock = clock;
        this.nanoClock = nanoClock;
    }

    /** Opens a session in {@code room}: sends its id, the history, and the user list. */
    public ChatSession open(String room, Outbox.Transport connection, Connection tracked) {
        Settings.Chat chat = settings.chat();
        Outbox outbox = outboxes.create(connection, chat.maxPendingBytes(), SlowConsumerPolicy.DISCONNECT,
                metrics);
        tracked.attach(outbox);
        ChatSession session = new ChatSession(ids.next(), room, outbox, connection, rooms,
                new ConnectionRateLimit(chat.rate(), chat.burst(), nanoClock), chat.maxTextLength(), clock, metrics, encoder);
        session.start();
        return session;
    }

    /** {@code switchboard.chat.maxMessageBytes}: longer frames close with 1009. */
    public int maxMessageBytes() {
        return settings.chat().maxMessageBytes();
    }
}
