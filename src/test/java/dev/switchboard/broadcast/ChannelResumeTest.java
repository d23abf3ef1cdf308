package dev.switchboard.broadcast;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.config.Settings;
import dev.switchboard.config.SlowConsumerPolicy;
import dev.switchboard.delivery.Frame;
import dev.switchboard.delivery.Outbox;
import dev.switchboard.delivery.RecordingTransport;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code subscribed}, replay and the hand-over from replay to live messages, in memory. */
class ChannelResumeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private long nanos;
    private final AtomicInteger epochCount = new AtomicInteger();

    /** Channels whose replays may queue half of {@code maxPendingBytes}. */
    private Channels channels(int history, int maxPendingBytes, int channelRate) {
        Settings.Broadcast settings = new Settings.Broadcast(20, 40, channelRate, channelRate, maxPendingBytes,
                SlowConsumerPolicy.DROP, 16_384, history, 300, 1_000);
        LocalChannelLog log = new LocalChannelLog(settings, () -> 5_000, () -> nanos, () -> "e" + epochCount.incrementAndGet());
        return new Channels(log, settings.replayBytes(), new BroadcastEventEncoder());
    }

    private final Channels channels = channels(5, 1_048_576, 1_000);

    private static RecordingTransport subscribe(Channels channels, long id, boolean json, ResumePoint resume) {
        RecordingTransport client = new RecordingTransport();
        channels.subscribe("news", id, client.outbox(), json, resume);
        return client;
    }

    private void publish(String... texts) {
        for (String text : texts) {
            channels.publish("news", 0, Frame.of(text));
        }
    }

    private static String envelope(long seq, String text, boolean replay) {
        return "{\"type\":\"broadcast\",\"channel\":\"news\",\"seq\":" + seq + ",\"from\":0,\"text\":\"" + text
                + "\",\"date\":5000" + (replay ? ",\"replay\":true}" : "}");
    }

    @Test
    void aJsonSubscriberFirstGetsSubscribedWithTheLatestSeqAndTheEpoch() {
        RecordingTransport keeper = subscribe(channels, 1, false, null);
        publish("a", "b");
        RecordingTransport json = subscribe(channels, 2, true, null);
        publish("c");
        assertEquals(List.of("{\"type\":\"subscribed\",\"channel\":\"news\",\"seq\":2,\"epoch\":\"e1\"}",
                envelope(3, "c", false)), json.sent);
        assertEquals(List.of("a", "b", "c"), keeper.sent, "text subscribers get no subscribed frame");
    }

    @Test
    void aResumingClientGetsWhatItMissedMarkedAsReplayThenLiveMessages() {
        subscribe(channels, 1, true, null);
        publish("a", "b", "c");
        RecordingTransport resumed = subscribe(channels, 2, true, new ResumePoint(1, "e1"));
        publish("d");
        assertEquals(List.of("{\"type\":\"subscribed\",\"channel\":\"news\",\"seq\":3,\"epoch\":\"e1\"}",
                envelope(2, "b", true), envelope(3, "c", true), envelope(4, "d", false)), resumed.sent);
    }

    @Test
    void aClientResumingOnAnEmptyRetainedChannelGetsWhatWasPublishedWhileNobodyListened() {
        RecordingTransport first = new RecordingTransport();
        channels.subscribe("news", 1, first.outbox(), true, null);
        publish("a");
        channels.unsubscribe("news", 1);
        assertEquals(new PublishResult(2, 0, 0), channels.publish("news", 0, Frame.of("b")));
        RecordingTransport back = subscribe(channels, 2, true, new ResumePoint(1, "e1"));
        assertEquals(List.of("{\"type\":\"subscribed\",\"channel\":\"news\",\"seq\":2,\"epoch\":\"e1\"}",
                envelope(2, "b", true)), back.sent);
    }

    @Test
    void aResumeFromBeforeTheHistoryStartsWithDroppedSoGapsAndCountsAddUp() {
        subscribe(channels, 1, true, null);
        publish("1", "2", "3", "4", "5", "6", "7", "8");
        RecordingTransport resumed = subscribe(channels, 2, true, new ResumePoint(1, "e1"));
        assertEquals(List.of("{\"type\":\"subscribed\",\"channel\":\"news\",\"seq\":8,\"epoch\":\"e1\"}",
                "{\"type\":\"dropped\",\"count\":2}",
                envelope(4, "4", true), envelope(5, "5", true), envelope(6, "6", true), envelope(7, "7", true),
                envelope(8, "8", true)), resumed.sent);
    }

    @Test
    void aResumeWithAnotherEpochReplaysNothing() {
        subscribe(channels, 1, true, null);
        publish("a", "b");
        RecordingTransport stale = subscribe(channels, 2, true, new ResumePoint(1, "e0"));
        publish("c");
        assertEquals(List.of("{\"type\":\"subscribed\",\"channel\":\"news\",\"seq\":2,\"epoch\":\"e1\"}",
                envelope(3, "c", false)), stale.sent);
    }

    @Test
    void aTextClientIsNeverReplayedTo() {
        subscribe(channels, 1, true, null);
        publish("a", "b");
        RecordingTransport text = subscribe(channels, 2, false, new ResumePoint(0, "e1"));
        publish("c");
        assertEquals(List.of("c"), text.sent);
    }

    @Test
    void aReplayOverItsByteBudgetKeepsTheNewestAndCountsTheRestAsDropped() {
        Channels small = channels(5, envelope(1, "a", true).length() * 4, 1_000); // a replay: 2 envelopes
        subscribe(small, 1, true, null);
        for (String text : List.of("a", "b", "c", "d")) {
            small.publish("news", 0, Frame.of(text));
        }
        RecordingTransport resumed = subscribe(small, 2, true, new ResumePoint(0, "e1"));
        assertEquals(List.of("{\"type\":\"subscribed\",\"channel\":\"news\",\"seq\":4,\"epoch\":\"e1\"}",
                "{\"type\":\"dropped\",\"count\":2}", envelope(3, "c", true), envelope(4, "d", true)), resumed.sent);
    }

    /**
     * Publishers never stop while one client leaves and resumes over and over, on an occupied channel
     * and then on an empty one: across all its connections it must see every seq exactly once and in
     * order, replayed up to its {@code subscribed} seq and live after it.
     */
    @Test
    void resumingUnderConcurrentPublishingLosesAndRepeatsNothing() throws Exception {
        Channels busy = channels(100_000, Integer.MAX_VALUE, 1_000_000_000);
        RecordingTransport first = subscribe(busy, 1, true, null);
        String epoch = JSON.readTree(first.sent.get(0)).get("epoch").asText();
        long seen = 0;
        ExecutorService publishers = Executors.newFixedThreadPool(3);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong published = new AtomicLong();
        AtomicLong confirmed = new AtomicLong(); // the last seq the resuming client has seen
        CountDownLatch started = new CountDownLatch(3);
        List<Future<?>> publishing = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            publishing.add(publishers.submit(() -> {
                started.countDown();
                while (!stop.get()) {
                    if (published.get() - confirmed.get() > 20_000) { // stay well inside the history
                        Thread.onSpinWait();
                        continue;
                    }
                    assertTrue(busy.publish("news", 0, Frame.of("m")).accepted());
                    published.incrementAndGet();
                    LockSupport.parkNanos(1_000); // a steady flow rather than bursts the client cannot keep up with
                }
            }));
        }
        started.await();
        busy.unsubscribe("news", 1);
        // for the first half of the rounds a text subscriber keeps the channel occupied, so publishes and
        // the resuming client meet under the channel's lock; then the client resumes on an empty channel
        subscribe(busy, 2, false, null);
        int rounds = 0;
        int handOversWithLiveMessages = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (rounds < 2_000 || handOversWithLiveMessages < 20) {
            assertTrue(System.nanoTime() < deadline, "only " + handOversWithLiveMessages + " of " + rounds
                    + " rounds saw live messages right after their replay");
            if (rounds == 1_000) {
                busy.unsubscribe("news", 2);
            }
            long id = 100 + rounds++;
            RecordingTransport client = new RecordingTransport();
            Outbox outbox = client.outbox();
            busy.subscribe("news", id, outbox, true, new ResumePoint(seen, epoch));
            long until = System.nanoTime() + 100_000; // let publishers go on for a moment
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            busy.unsubscribe("news", id);
            // a publisher's thread may still be writing what it queued (replay included): let it finish
            while (outbox.pendingBytes() > 0) {
                assertTrue(System.nanoTime() < deadline, "the outbox never drained");
                Thread.onSpinWait();
            }
            List<String> frames;
            synchronized (client) {
                frames = List.copyOf(client.sent);
            }
            JsonNode subscribed = JSON.readTree(frames.get(0));
            assertEquals("subscribed", subscribed.get("type").asText());
            assertEquals(epoch, subscribed.get("epoch").asText());
            long handOver = subscribed.get("seq").asLong();
            for (String frame : frames.subList(1, frames.size())) {
                JsonNode envelope = JSON.readTree(frame);
                assertEquals("broadcast", envelope.get("type").asText(), frame);
                long seq = envelope.get("seq").asLong();
                assertEquals(seen + 1, seq, "round " + rounds + ": after " + seen);
                assertEquals(seq <= handOver, envelope.path("replay").asBoolean(false), frame);
                seen = seq;
                if (seq == handOver + 1) {
                    handOversWithLiveMessages++;
                }
            }
            assertTrue(seen >= handOver, "the replay reaches the subscribed seq");
            confirmed.set(seen);
        }
        stop.set(true);
        for (Future<?> done : publishing) {
            done.get(30, TimeUnit.SECONDS);
        }
        publishers.shutdown();
        long total = published.get();
        RecordingTransport last = subscribe(busy, 9_999, true, new ResumePoint(seen, epoch));
        assertEquals(total, JSON.readTree(last.sent.get(0)).get("seq").asLong());
        assertEquals(total - seen, last.sent.size() - 1, "the rest is replayed");
        assertFalse(last.sent.stream().anyMatch(frame -> frame.contains("dropped")));
    }
}
