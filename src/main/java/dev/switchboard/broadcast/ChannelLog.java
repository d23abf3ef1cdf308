package dev.switchboard.broadcast;

import java.util.List;

/**
 * Where each channel's numbering lives: its epoch, its {@code seq}, the last envelopes it keeps for
 * clients that resume, and its rate limit (docs/protocol.md §5, "Subscription and resume"). The state of
 * a channel exists while the channel has subscribers and for {@code retainSeconds} after the last
 * one left; a channel that was forgotten starts again under a new epoch at seq 1.
 *
 * <p>{@link LocalChannelLog} keeps this in one node's memory. A cluster implementation (Redis) can
 * replace it without the endpoints or {@link Channel} changing, as long as it keeps these promises:
 * <ul>
 *   <li>{@link #append} is one atomic step: rate check, next seq, history append. Two messages never
 *       get one seq, and a refused message uses none.</li>
 *   <li>An ({@code epoch}, {@code seq}) pair names one message, forever: epochs are never reused, not
 *       even across restarts of every node.</li>
 *   <li>{@link #replay} reads the position and the history in one consistent view.</li>
 * </ul>
 * Delivery order is not this interface's job: on one node {@link Channel} calls {@link #append} and
 * {@link #replay} under its own lock, together with the fan-out, so seq order is delivery order and a
 * new subscriber's replay meets the live messages with no gap and no duplicate.
 */
public interface ChannelLog {

    /**
     * A node has its first subscriber on {@code channel}: keep the channel's state until
     * {@link #vacate}, creating it (new epoch, seq 0) if the channel has none or it expired.
     */
    Position occupy(String channel);

    /**
     * A node's last subscriber left {@code channel}: its state is kept {@code retainSeconds} longer
     * (so that clients can resume), unless a subscriber comes back first.
     */
    void vacate(String channel);

    /**
     * Numbers {@code text} as the channel's next message and keeps it in the history, stamped with the
     * server's clock; or refuses it by the channel's rate limit; or does nothing when the channel has
     * no state (nobody subscribed and nothing retained: the message reaches no one and is not kept).
     */
    Appended append(String channel, long from, String text);

    /**
     * Where {@code channel} stands now and, when {@code from} names its current epoch, the retained
     * envelopes after {@code from.since()}, oldest first, with how many after it are no longer kept.
     * The channel must be occupied.
     *
     * @param from the client's resume point, or null for a fresh subscription
     */
    Replay replay(String channel, ResumePoint from);

    /** A channel's numbering: the epoch and the latest seq given out in it (0 if none yet). */
    record Position(String epoch, long seq) {}

    /**
     * The outcome of {@link #append}: {@code envelope} when numbered; otherwise
     * {@code retryAfterMillis > 0} when rate-limited, or neither when the channel has no state.
     */
    record Appended(BroadcastEvent.Envelope envelope, long retryAfterMillis) {

        static final Appended UNTRACKED = new Appended(null, 0);

        static Appended numbered(BroadcastEvent.Envelope envelope) {
            return new Appended(envelope, 0);
        }

        static Appended rateLimited(long retryAfterMillis) {
            return new Appended(null, retryAfterMillis);
        }

        boolean isNumbered() {
            return envelope != null;
        }

        boolean isRateLimited() {
            return retryAfterMillis > 0;
        }
    }

    /**
     * What a subscriber is owed: the position it now follows, then {@code dropped} messages it
     * cannot have, then {@code envelopes} (seq ascending, ending at {@code position.seq()}).
     */
    record Replay(Position position, long dropped, List<BroadcastEvent.Envelope> envelopes) {

        static Replay none(Position position) {
            return new Replay(position, 0, List.of());
        }
    }
}
