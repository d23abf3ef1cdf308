package dev.switchboard.broadcast;

import dev.switchboard.delivery.TokenBucket;

import java.util.ArrayList;
import java.util.List;

/**
 * One channel's numbering on one node: its epoch, its latest {@code seq}, and a ring of the last
 * {@code capacity} envelopes. The ring holds the envelopes' fields rather than their encoded frames,
 * because the frames a resuming client gets carry {@code "replay":true}.
 */
final class ChannelHistory {

    private final String channel;
    private final String epoch;
    private final BroadcastEvent.Envelope[] ring; // the envelope of seq s sits at (s - 1) % length
    private final TokenBucket rate;
    private long seq;

    ChannelHistory(String channel, String epoch, int capacity, TokenBucket rate) {
        this.channel = channel;
        this.epoch = epoch;
        this.ring = new BroadcastEvent.Envelope[capacity];
        this.rate = rate;
    }

    synchronized ChannelLog.Position position() {
        return new ChannelLog.Position(epoch, seq);
    }

    /** Numbers and keeps one message, unless the channel's rate limit refuses it (then no seq is used). */
    synchronized ChannelLog.Appended append(long from, String text, long date) {
        long wait = rate.tryTake();
        if (wait > 0) {
            return ChannelLog.Appended.rateLimited(wait);
        }
        seq++;
        BroadcastEvent.Envelope envelope = new BroadcastEvent.Envelope(channel, seq, from, text, date);
        if (ring.length > 0) {
            ring[(int) ((seq - 1) % ring.length)] = envelope;
        }
        return ChannelLog.Appended.numbered(envelope);
    }

    /** The position, and what is retained after {@code since} when {@code epoch} is this one. */
    synchronized ChannelLog.Replay after(String epoch, long since) {
        ChannelLog.Position position = new ChannelLog.Position(this.epoch, seq);
        if (!this.epoch.equals(epoch) || since >= seq) {
            return ChannelLog.Replay.none(position);
        }
        long oldestRetained = Math.max(1, seq - ring.length + 1);
        long first = Math.max(since + 1, oldestRetained);
        List<BroadcastEvent.Envelope> envelopes = new ArrayList<>((int) (seq - first + 1));
        for (long s = first; s <= seq; s++) {
            envelopes.add(ring[(int) ((s - 1) % ring.length)]);
        }
        return new ChannelLog.Replay(position, first - since - 1, envelopes);
    }
}
