package dev.switchboard.broadcast;

import dev.switchboard.delivery.TokenBucket;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The history ring: what a resuming client gets, and what it is told it lost. */
class ChannelHistoryTest {

    private long nanos;

    private ChannelHistory history(int capacity) {
        return new ChannelHistory("news", "e1", capacity, Long.MAX_VALUE, new TokenBucket(1_000, 1_000, () -> nanos));
    }

    private static void publish(ChannelHistory history, int messages) {
        for (int i = 1; i <= messages; i++) {
            history.append(7, "m" + i, 1_000 + i);
        }
    }

    private static List<Long> seqs(ChannelLog.Replay replay) {
        return replay.envelopes().stream().map(BroadcastEvent.Envelope::seq).toList();
    }

    @Test
    void aNewChannelIsAtSeqZeroOfItsEpoch() {
        assertEquals(new ChannelLog.Position("e1", 0), history(5).position());
    }

    @Test
    void eachMessageGetsTheNextSeqAndKeepsItsFields() {
        ChannelHistory history = history(5);
        publish(history, 2);
        ChannelLog.Appended third = history.append(9, "hello", 4_242);
        assertEquals(new BroadcastEvent.Envelope("news", 3, 9, "hello", 4_242), third.envelope());
        assertEquals(new ChannelLog.Position("e1", 3), history.position());
    }

    @Test
    void aClientGetsEveryMessageAfterItsSinceInOrder() {
        ChannelHistory history = history(5);
        publish(history, 4);
        ChannelLog.Replay replay = history.after("e1", 1);
        assertEquals(List.of(2L, 3L, 4L), seqs(replay));
        assertEquals("m2", replay.envelopes().get(0).text());
        assertEquals(0, replay.dropped());
        assertEquals(new ChannelLog.Position("e1", 4), replay.position());
    }

    @Test
    void theRingKeepsTheLastMessagesAndCountsTheOlderOnesAsDropped() {
        ChannelHistory history = history(5);
        publish(history, 12);
        ChannelLog.Replay replay = history.after("e1", 3);
        assertEquals(List.of(8L, 9L, 10L, 11L, 12L), seqs(replay));
        assertEquals(4, replay.dropped(), "seq 4 to 7 are gone");
        assertEquals("m8", replay.envelopes().get(0).text());
        assertEquals("m12", replay.envelopes().get(4).text());
    }

    @Test
    void sinceJustBeforeTheOldestRetainedLosesNothing() {
        ChannelHistory history = history(5);
        publish(history, 12);
        ChannelLog.Replay replay = history.after("e1", 7);
        assertEquals(List.of(8L, 9L, 10L, 11L, 12L), seqs(replay));
        assertEquals(0, replay.dropped());
    }

    @Test
    void aClientThatSawEverythingGetsNothing() {
        ChannelHistory history = history(5);
        publish(history, 3);
        assertEquals(ChannelLog.Replay.none(new ChannelLog.Position("e1", 3)), history.after("e1", 3));
        assertEquals(ChannelLog.Replay.none(new ChannelLog.Position("e1", 3)), history.after("e1", 99));
    }

    @Test
    void anotherEpochGetsNothing() {
        ChannelHistory history = history(5);
        publish(history, 3);
        assertEquals(ChannelLog.Replay.none(new ChannelLog.Position("e1", 3)), history.after("e0", 0));
    }

    @Test
    void withoutHistoryEveryMissedMessageIsCountedAsDropped() {
        ChannelHistory history = history(0);
        publish(history, 3);
        ChannelLog.Replay replay = history.after("e1", 1);
        assertEquals(List.of(), replay.envelopes());
        assertEquals(2, replay.dropped());
    }

    @Test
    void aMessageRefusedByTheChannelLimitUsesNoSeq() {
        ChannelHistory history = new ChannelHistory("news", "e1", 5, Long.MAX_VALUE, new TokenBucket(1, 2, () -> nanos));
        publish(history, 2);
        ChannelLog.Appended refused = history.append(7, "third", 0);
        assertTrue(refused.isRateLimited());
        assertFalse(refused.isNumbered());
        nanos += 1_000_000_000L;
        assertEquals(3, history.append(7, "later", 0).envelope().seq());
    }

    @Test
    void theRingHoldsNoMoreThanOneReplayCanSend() {
        String text = "x".repeat(1_000);
        long oneEnvelope = text.length() + "news".length() + ChannelHistory.ENVELOPE_MIN_OVERHEAD;
        ChannelHistory history = new ChannelHistory("news", "e1", 100, 3 * oneEnvelope,
                new TokenBucket(1_000, 1_000, () -> nanos));
        for (int i = 0; i < 10; i++) {
            history.append(7, text, 0);
        }
        assertEquals(3, history.held());
        ChannelLog.Replay replay = history.after("e1", 0);
        assertEquals(List.of(8L, 9L, 10L), seqs(replay));
        assertEquals(7, replay.dropped());
    }

    @Test
    void whatTheRingHoldsAlwaysFitsTheReplayBudgetOnceEncoded() {
        // the held-size estimate must never exceed the real size, or a replay could send less than it might
        BroadcastEvent.Envelope smallest = new BroadcastEvent.Envelope("n", 1, 0, "", 0).asReplay();
        assertTrue(new BroadcastEventEncoder().frame(smallest).bytes() >= "n".length() + ChannelHistory.ENVELOPE_MIN_OVERHEAD);
        BroadcastEvent.Envelope wide = new BroadcastEvent.Envelope("n", 1, 0, "\u00e9\u4f60\ud83d\ude00\"", 0).asReplay();
        assertTrue(new BroadcastEventEncoder().frame(wide).bytes() >= wide.text().length() + "n".length() + ChannelHistory.ENVELOPE_MIN_OVERHEAD);
    }
}
