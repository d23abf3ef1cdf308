package dev.switchboard.broadcast;

import dev.switchboard.config.Settings;
import dev.switchboard.delivery.TokenBucket;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Channel numbering in this node's memory (see {@link ChannelLog}).
 *
 * <p>Memory is bounded twice over: each channel keeps at most {@code history} envelopes (and no more
 * than one replay can send, see {@link ChannelHistory}), and at most
 * {@code maxRetainedChannels} channels without subscribers are kept at once. Past that cap the channel
 * emptied longest ago is forgotten early, and a warning is logged: a client that resumes on it is told
 * of a new epoch, as after a restart, so nothing is lost silently. A channel whose retain window has
 * passed is forgotten at the next {@link #occupy}, {@link #vacate} or {@link #forgetExpired}, and is
 * treated as forgotten by {@link #append} even before that.
 */
public final class LocalChannelLog implements ChannelLog {

    private static final System.Logger LOG = System.getLogger(LocalChannelLog.class.getName());
    private static final long WARN_EVERY_NANOS = 60_000_000_000L;

    private final ConcurrentHashMap<String, Entry> channels = new ConcurrentHashMap<>();
    private final int history;
    private final long replayBytes;
    private final long retainNanos;
    private final int maxRetained;
    private final int channelRate;
    private final int channelBurst;
    private final LongSupplier clock;
    private final LongSupplier nanoClock;
    private final Supplier<String> epochs;

    // Channels without subscribers, in the order they were emptied: the head expires (or is evicted) first.
    private final Object retentionLock = new Object();
    private final LinkedHashMap<String, Entry> retained = new LinkedHashMap<>();
    private long evictedSinceWarning;
    private long lastWarning = Long.MIN_VALUE;

    private static final class Entry {
        final ChannelHistory history;
        volatile long emptiedAt; // nanoClock when the last subscriber left, if vacant
        volatile boolean vacant;

        Entry(ChannelHistory history) {
            this.history = history;
        }
    }

    /**
     * @param clock     wall-clock millis, for message dates
     * @param nanoClock monotonic, for the retain window and the channels' rate limits
     * @param epochs    a new, never used epoch on each call
     */
    public LocalChannelLog(Settings.Broadcast settings, LongSupplier clock, LongSupplier nanoClock, Supplier<String> epochs) {
        this.history = settings.history();
        this.replayBytes = settings.replayBytes();
        this.retainNanos = settings.retainSeconds() * 1_000_000_000L;
        this.maxRetained = settings.maxRetainedChannels();
        this.channelRate = settings.channelRate();
        this.channelBurst = settings.channelBurst();
        this.clock = clock;
        this.nanoClock = nanoClock;
        this.epochs = epochs;
    }

    /**
     * Random epochs: 72 bits from {@link SecureRandom}, so a restarted node never repeats one (a clock
     * can go backwards; a counter would start over).
     */
    public static Supplier<String> randomEpochs() {
        SecureRandom random = new SecureRandom();
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        return () -> {
            byte[] bytes = new byte[9];
            random.nextBytes(bytes);
            return encoder.encodeToString(bytes);
        };
    }

    @Override
    public Position occupy(String channel) {
        synchronized (retentionLock) {
            long now = nanoClock.getAsLong();
            forgetExpiredLocked(now);
            retained.remove(channel);
            Entry entry = channels.get(channel);
            if (entry == null || expired(entry, now)) {
                entry = new Entry(new ChannelHistory(channel, epochs.get(), history, replayBytes,
                        new TokenBucket(channelRate, channelBurst, nanoClock)));
                channels.put(channel, entry);
            }
            entry.vacant = false;
            return entry.history.position();
        }
    }

    @Override
    public void vacate(String channel) {
        synchronized (retentionLock) {
            long now = nanoClock.getAsLong();
            Entry entry = channels.get(channel);
            if (entry == null) {
                return;
            }
            if (retainNanos == 0 || maxRetained == 0) {
                channels.remove(channel, entry);
                return;
            }
            entry.emptiedAt = now;
            entry.vacant = true;
            retained.remove(channel);
            retained.put(channel, entry);
            forgetExpiredLocked(now);
            while (retained.size() > maxRetained) {
                Iterator<Map.Entry<String, Entry>> eldest = retained.entrySet().iterator();
                Map.Entry<String, Entry> evicted = eldest.next();
                eldest.remove();
                channels.remove(evicted.getKey(), evicted.getValue());
                evictedSinceWarning++;
            }
            if (evictedSinceWarning > 0 && (lastWarning == Long.MIN_VALUE || now - lastWarning >= WARN_EVERY_NANOS)) {
                LOG.log(System.Logger.Level.WARNING, "{0} channel(s) without subscribers forgotten before their "
                        + "{1} s retain window: more than switchboard.broadcast.maxRetainedChannels={2} were empty "
                        + "at once; clients resuming on them see a new epoch", evictedSinceWarning, retainNanos / 1_000_000_000L, maxRetained);
                evictedSinceWarning = 0;
                lastWarning = now;
            }
        }
    }

    @Override
    public Appended append(String channel, long from, String text) {
        Entry entry = channels.get(channel);
        if (entry == null || expired(entry, nanoClock.getAsLong())) {
            return Appended.UNTRACKED;
        }
        return entry.history.append(from, text, clock.getAsLong());
    }

    @Override
    public Replay replay(String channel, ResumePoint from) {
        Entry entry = channels.get(channel);
        if (entry == null) {
            throw new IllegalStateException("channel " + channel + " is not occupied");
        }
        return from == null ? Replay.none(entry.history.position()) : entry.history.after(from.epoch(), from.since());
    }

    /** Forgets every channel whose retain window has passed; the node calls this every second. */
    public void forgetExpired() {
        synchronized (retentionLock) {
            forgetExpiredLocked(nanoClock.getAsLong());
        }
    }

    /** Channels whose state is kept, with or without subscribers. */
    int size() {
        return channels.size();
    }

    private void forgetExpiredLocked(long now) {
        Iterator<Map.Entry<String, Entry>> oldestFirst = retained.entrySet().iterator();
        while (oldestFirst.hasNext()) {
            Map.Entry<String, Entry> next = oldestFirst.next();
            if (!expired(next.getValue(), now)) {
                return;
            }
            oldestFirst.remove();
            channels.remove(next.getKey(), next.getValue());
        }
    }

    private boolean expired(Entry entry, long now) {
        return entry.vacant && now - entry.emptiedAt >= retainNanos;
    }
}
