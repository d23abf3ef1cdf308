package dev.switchboard.broadcast;

import dev.switchboard.config.Settings;
import dev.switchboard.config.SlowConsumerPolicy;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Epochs and the retain window, on a fake clock. */
class LocalChannelLogTest {

    private static final long SECOND = 1_000_000_000L;

    private long nanos = 42 * SECOND;
    private final AtomicInteger epochCount = new AtomicInteger();
    private final Supplier<String> epochs = () -> "e" + epochCount.incrementAndGet();

    private LocalChannelLog log(int retainSeconds, int maxRetainedChannels) {
        Settings.Broadcast settings = new Settings.Broadcast(20, 40, 1_000, 2_000, 1_048_576, SlowConsumerPolicy.DROP,
                16_384, 10, retainSeconds, maxRetainedChannels);
        return new LocalChannelLog(settings, () -> 5_000, () -> nanos, epochs);
    }

    private static long seqOf(ChannelLog.Appended appended) {
        return appended.envelope().seq();
    }

    @Test
    void aChannelGetsAnEpochOfItsOwnWhenItsFirstSubscriberArrives() {
        LocalChannelLog log = log(300, 10);
        assertEquals(new ChannelLog.Position("e1", 0), log.occupy("news"));
        assertEquals(new ChannelLog.Position("e2", 0), log.occupy("sport"));
    }

    @Test
    void aPublishToAChannelThatNobodyEverJoinedIsNotNumberedOrKept() {
        LocalChannelLog log = log(300, 10);
        assertEquals(ChannelLog.Appended.UNTRACKED, log.append("nobody", 0, "x"));
        assertEquals(0, log.size());
    }

    @Test
    void insideTheRetainWindowAnEmptyChannelKeepsItsEpochSeqAndHistory() {
        LocalChannelLog log = log(300, 10);
        log.occupy("news");
        log.append("news", 1, "before");
        log.vacate("news");
        nanos += 299 * SECOND;
        assertEquals(2, seqOf(log.append("news", 0, "while empty")), "numbered and kept for resuming clients");
        assertEquals(new ChannelLog.Position("e1", 2), log.occupy("news"));
        ChannelLog.Replay replay = log.replay("news", new ResumePoint(0, "e1"));
        assertEquals(List.of("before", "while empty"), replay.envelopes().stream().map(BroadcastEvent.Envelope::text).toList());
    }

    @Test
    void afterTheRetainWindowTheChannelStartsAgainAtSeqOneUnderANewEpoch() {
        LocalChannelLog log = log(300, 10);
        log.occupy("news");
        log.append("news", 1, "old");
        log.vacate("news");
        nanos += 300 * SECOND;
        assertEquals(ChannelLog.Appended.UNTRACKED, log.append("news", 0, "too late"));
        assertEquals(new ChannelLog.Position("e2", 0), log.occupy("news"));
        assertEquals(1, seqOf(log.append("news", 1, "new")));
        assertEquals(ChannelLog.Replay.none(new ChannelLog.Position("e2", 1)), log.replay("news", new ResumePoint(0, "e1")));
    }

    @Test
    void theWindowStartsWhenTheLastSubscriberLeavesNotWhenTheChannelWasCreated() {
        LocalChannelLog log = log(300, 10);
        log.occupy("news");
        nanos += 1_000 * SECOND;
        log.vacate("news");
        nanos += 200 * SECOND;
        assertEquals("e1", log.occupy("news").epoch());
        log.vacate("news");
        nanos += 200 * SECOND;
        assertEquals("e1", log.occupy("news").epoch(), "a subscriber coming back restarts the window");
    }

    @Test
    void expiredChannelsAreForgottenWithoutAnyoneAsking() {
        LocalChannelLog log = log(300, 10);
        log.occupy("a");
        log.occupy("b");
        log.vacate("a");
        nanos += 100 * SECOND;
        log.vacate("b");
        nanos += 200 * SECOND;
        log.forgetExpired();
        assertEquals(1, log.size(), "a expired, b has 100 s left");
        nanos += 100 * SECOND;
        log.forgetExpired();
        assertEquals(0, log.size());
    }

    @Test
    void pastTheCapTheChannelEmptiedLongestAgoIsForgottenEarly() {
        LocalChannelLog log = log(300, 2);
        for (String channel : List.of("a", "b", "c")) {
            log.occupy(channel);
            log.append(channel, 0, "x");
        }
        log.vacate("a");
        log.vacate("b");
        log.vacate("c");
        assertEquals(2, log.size());
        assertEquals(ChannelLog.Appended.UNTRACKED, log.append("a", 0, "y"));
        assertEquals(2, seqOf(log.append("b", 0, "y")));
        assertEquals(new ChannelLog.Position("e4", 0), log.occupy("a"), "a resuming client sees a new epoch");
    }

    @Test
    void occupiedChannelsDoNotCountTowardTheCap() {
        LocalChannelLog log = log(300, 1);
        log.occupy("busy");
        log.occupy("a");
        log.occupy("b");
        log.vacate("a");
        log.vacate("b");
        assertEquals(2, log.size(), "busy, and b: the one emptied last");
        assertEquals("e1", log.occupy("busy").epoch());
        assertEquals("e3", log.occupy("b").epoch());
    }

    @Test
    void withRetainSecondsZeroAnEmptyChannelIsForgottenAtOnce() {
        LocalChannelLog log = log(0, 10);
        log.occupy("news");
        log.vacate("news");
        assertEquals(0, log.size());
        assertEquals("e2", log.occupy("news").epoch());
    }

    @Test
    void randomEpochsAreShortOpaqueAndNeverRepeat() {
        Supplier<String> random = LocalChannelLog.randomEpochs();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            String epoch = random.get();
            assertTrue(epoch.matches("[A-Za-z0-9_-]{12}"), epoch);
            assertTrue(seen.add(epoch), "repeated " + epoch);
        }
        assertFalse(seen.contains(LocalChannelLog.randomEpochs().get()), "a restarted node starts elsewhere");
    }
}
