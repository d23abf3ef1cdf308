package dev.switchboard.broadcast;

import dev.switchboard.delivery.TokenBucket;

import java.util.ArrayList;
import java.util.List;

/**
 * One channel's numbering on one node: its epoch, its latest {@code seq}, and a ring of the last
 * {@code capacity} envelopes. The ring holds the envelopes' fields rather than their encoded frames,
 * because the frames a resuming client gets carry {@code "replay":true}.
 *
 * <p>The ring also keeps no more than a replay can send ({@code maxReplayBytes}, see {@link Channel}):
 * older envelopes would only ever be counted as dropped, so holding them would cost memory for
 * nothing. Each envelope is counted at a lower bound of its encoded size (its text's UTF-16 length,
 * which no UTF-8 encoding undercuts, plus the fixed JSON around it), so everything a replay could
 * send is still here.
 */
final class ChannelHistory {

    /** Fewer characters than any encoded envelope has besides its text and channel name. */
    static final int ENVELOPE_MIN_OVERHEAD = 64;

    private final String channel;
    private final String epoch;
    private final BroadcastEvent.Envelope[] ring; // the envelope of seq s sits at (s - 1) % length
    private final long maxReplayBytes;
    private final TokenBucket rate;
    private long seq;
    private long oldest = 1;  // the oldest seq still held (seq + 1 when none is)
    private long heldBytes;   // lower bound of the held envelopes' encoded size

    ChannelHistory(String channel, String epoch, int capacity, long maxReplayBytes, TokenBucket rate) {
        this.channel = channel;
        this.epoch = epoch;
        this.ring = new BroadcastEvent.Envelope[capacity];
        this.maxReplayBytes = maxReplayBytes;
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
        if (ring.length == 0) {
            oldest = seq + 1;
        } else {
            if (seq - oldest >= ring.length) {
                forgetOldest();
            }
            ring[slot(seq)] = envelope;
            heldBytes += minEncodedBytes(envelope);
            while (heldBytes > maxReplayBytes && oldest <= seq) {
                forgetOldest();
            }
        }
        return ChannelLog.Appended.numbered(envelope);
    }

    /** The position, and what is held after {@code since} when {@code epoch} is this one. */
    synchronized ChannelLog.Replay after(String epoch, long since) {
        ChannelLog.Position position = new ChannelLog.Position(this.epoch, seq);
        if (!this.epoch.equals(epoch) || since >= seq) {
            return ChannelLog.Replay.none(position);
        }
        long first = Math.max(since + 1, oldest);
        List<BroadcastEvent.Envelope> envelopes = new ArrayList<>((int) (seq - first + 1));
        for (long s = first; s <= seq; s++) {
            envelopes.add(ring[slot(s)]);
        }
        return new ChannelLog.Replay(position, first - since - 1, envelopes);
    }

    /** Envelopes held now (for tests). */
    synchronized int held() {
        return (int) (seq - oldest + 1);
    }

    private void forgetOldest() {
        int slot = slot(oldest);
        heldBytes -= minEncodedBytes(ring[slot]);
        ring[slot] = null;
        oldest++;
    }

    private int slot(long s) {
        return (int) ((s - 1) % ring.length);
    }

    private static long minEncodedBytes(BroadcastEvent.Envelope envelope) {
        return envelope.text().length() + envelope.channel().length() + ENVELOPE_MIN_OVERHEAD;
    }
}
