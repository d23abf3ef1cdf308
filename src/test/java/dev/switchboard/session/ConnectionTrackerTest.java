package dev.switchboard.session;

import dev.switchboard.metrics.EndpointKind;
import dev.switchboard.metrics.Metrics;
import dev.switchboard.wiring.NodeThreads;
import jakarta.websocket.CloseReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConnectionTrackerTest {

    private final NodeThreads threads = new NodeThreads();
    private final ExecutorService closers = Executors.newFixedThreadPool(8, threads.named("switchboard-closer"));
    private final Metrics metrics = new Metrics("test", "test");
    private final ConnectionTracker tracker = new ConnectionTracker(100, metrics, new SessionCloser(closers));
    private final CountDownLatch stalled = new CountDownLatch(1);

    /** Counts the runs of {@code connection}'s cleanup (leaving its room, in production). */
    private static AtomicInteger cleanupsOf(Connection connection) {
        AtomicInteger cleanups = new AtomicInteger();
        connection.onRelease(cleanups::incrementAndGet);
        return cleanups;
    }

    @AfterEach
    void stop() {
        stalled.countDown();
        closers.shutdownNow();
    }

    @Test
    void aCloseNeverBlocksTheCallerEvenWhenTheClientsSocketIsStalled() {
        FakeSession stuck = new FakeSession("1");
        stuck.stall = stalled;
        Connection connection = tracker.admit(stuck.session, EndpointKind.HELLO);
        assertTimeoutPreemptively(Duration.ofSeconds(1),
                () -> tracker.close(connection, CloseReason.CloseCodes.NORMAL_CLOSURE, "Bye!"));
        await().atMost(Duration.ofSeconds(10)).until(() -> stuck.closeThreads.size() == 1);
        assertEquals(List.of("switchboard-closer"), stuck.closeThreads);
        stalled.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> stuck.closes.equals(List.of("1000 Bye!")));
    }

    @Test
    void shutdownClosesEverySessionInParallelWith1001WithinItsBound() {
        List<FakeSession> sessions = List.of(new FakeSession("1"), new FakeSession("2"), new FakeSession("3"));
        sessions.get(0).stall = stalled;
        sessions.get(1).stall = stalled;
        for (FakeSession session : sessions) {
            tracker.admit(session.session, EndpointKind.ECHO);
        }
        long started = System.nanoTime();
        boolean clean = tracker.closeAllAndStop(500);
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertFalse(clean, "two closes were stalled");
        assertTrue(millis < 3_000, "took " + millis + " ms");
        assertEquals(List.of("1001 going away"), sessions.get(2).closes);
        assertEquals(1, sessions.get(0).closeThreads.size(), "the stalled closes were started, in parallel");
        assertEquals(1, sessions.get(1).closeThreads.size());
        assertEquals(0, threads.interruptAndJoin(2_000), "closer threads stuck in a close are interrupted and joined");
    }

    @Test
    void aSessionThatOpensDuringShutdownIsToldGoingAwayAndNotCounted() {
        FakeSession open = new FakeSession("open");
        tracker.admit(open.session, EndpointKind.CHAT);
        tracker.closeAllAndStop(1_000);
        FakeSession late = new FakeSession("late");
        assertNull(tracker.admit(late.session, EndpointKind.CHAT));
        assertEquals(List.of("1001 going away"), open.closes);
        assertEquals(List.of("1001 going away"), late.closes);
    }

    @Test
    void releaseRunsTheConnectionsCleanupOnceWhoeverCallsItFirst() {
        FakeSession session = new FakeSession("1");
        Connection connection = tracker.admit(session.session, EndpointKind.CHAT);
        AtomicInteger cleanups = cleanupsOf(connection);
        CloseReason idle = new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "idle timeout");
        tracker.release(connection, idle);
        tracker.release(connection, new CloseReason(CloseReason.CloseCodes.CLOSED_ABNORMALLY, "")); // a late @OnClose
        assertEquals(1, cleanups.get());
        assertEquals(0, tracker.openCount());
        assertEquals(0, metrics.endpoint(EndpointKind.CHAT).openCount());
    }

    @Test
    void aCleanupRegisteredAfterTheConnectionWasReleasedRunsAtOnceAndOnlyOnce() {
        FakeSession session = new FakeSession("1");
        Connection connection = tracker.admit(session.session, EndpointKind.CHAT);
        tracker.release(connection, new CloseReason(CloseReason.CloseCodes.CLOSED_ABNORMALLY, "reset")); // inside @OnOpen
        AtomicInteger cleanups = cleanupsOf(connection); // the end of that @OnOpen, after the room was joined
        tracker.release(connection, new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "idle timeout"));
        assertEquals(1, cleanups.get(), "the room joined after the release is left");
        assertEquals(0, tracker.openCount());
    }

    @Test
    void theIdleSweepClosesASilentPeerWith1001AndReleasesItWithoutWaitingForTheContainer() {
        FakeSession silent = new FakeSession("1");
        Connection connection = tracker.admit(silent.session, EndpointKind.CHAT);
        AtomicInteger cleanups = cleanupsOf(connection);
        new Heartbeat(tracker, 1, 0, Runnable::run).run(); // idle timeout 0: silent already
        assertEquals(1, cleanups.get(), "left its room without any @OnClose");
        assertEquals(0, tracker.openCount());
        await().atMost(Duration.ofSeconds(10)).until(() -> silent.closes.equals(List.of("1001 idle timeout")));
    }

    @Test
    void aPingThatCannotBeWrittenReleasesItsConnectionAtOnceWith1001ConnectionLost() {
        FakeSession vanished = new FakeSession("1");
        vanished.pingFailure = new IOException("Connection is closed"); // GlassFish: the TCP connection is gone, the session is not
        Connection connection = tracker.admit(vanished.session, EndpointKind.CHAT);
        AtomicInteger cleanups = cleanupsOf(connection);
        new Heartbeat(tracker, 0, 3_600, Runnable::run).run(); // pings due at once, idle timeout far away
        assertEquals(1, vanished.pingThreads.size());
        assertEquals(1, cleanups.get(), "left its room long before the idle timeout");
        assertEquals(0, tracker.openCount());
        await().atMost(Duration.ofSeconds(10)).until(() -> vanished.closes.equals(List.of("1001 connection lost")));
    }

    @Test
    void aPingThatTimesOutBehindAFullSocketKeepsItsConnection() {
        FakeSession slow = new FakeSession("1");
        slow.pingFailure = new SocketTimeoutException(); // Tomcat's blocking-send bound: a slow reader, still there
        Connection connection = tracker.admit(slow.session, EndpointKind.CHAT);
        AtomicInteger cleanups = cleanupsOf(connection);
        new Heartbeat(tracker, 0, 3_600, Runnable::run).run();
        assertEquals(1, slow.pingThreads.size());
        assertEquals(0, cleanups.get());
        assertEquals(1, tracker.openCount());
        assertTrue(slow.closes.isEmpty());
    }

    @Test
    void aFailedWriteReleasesItsConnectionOnce() {
        FakeSession vanished = new FakeSession("1");
        Connection connection = tracker.admit(vanished.session, EndpointKind.BROADCAST);
        AtomicInteger cleanups = cleanupsOf(connection);
        SessionTransport transport = new SessionServices(tracker, null).transport(connection);
        transport.lost(new IOException("Connection is closed"));
        tracker.release(connection, new CloseReason(CloseReason.CloseCodes.CLOSED_ABNORMALLY, "")); // a late @OnClose
        assertEquals(1, cleanups.get());
        assertEquals(0, tracker.openCount());
        assertEquals(0, metrics.endpoint(EndpointKind.BROADCAST).openCount());
        await().atMost(Duration.ofSeconds(10)).until(() -> vanished.closes.equals(List.of("1001 connection lost")));
    }

    @Test
    void aCleanupThatThrowsNeitherStopsTheSweepNorLeavesItsConnectionCounted() throws Exception {
        FakeSession faulty = new FakeSession("1");
        FakeSession silent = new FakeSession("2");
        tracker.admit(faulty.session, EndpointKind.CHAT).onRelease(() -> {
            throw new IllegalStateException("the container's session is already closed");
        });
        Connection other = tracker.admit(silent.session, EndpointKind.CHAT);
        AtomicInteger cleanups = cleanupsOf(other);
        Thread.sleep(2); // both silent for longer than the idle timeout below
        var timer = Executors.newSingleThreadScheduledExecutor(threads.named("switchboard-timer"));
        try {
            // as the node schedules it: a periodic task that throws once is never run again
            timer.scheduleWithFixedDelay(new Heartbeat(tracker, 1, 0, Runnable::run), 0, 10, java.util.concurrent.TimeUnit.MILLISECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> tracker.openCount() == 0 && cleanups.get() == 1);
            FakeSession later = new FakeSession("3");
            tracker.admit(later.session, EndpointKind.CHAT);
            await("a connection admitted after the failure is still swept").atMost(Duration.ofSeconds(10))
                    .until(() -> tracker.openCount() == 0);
        } finally {
            timer.shutdownNow();
        }
    }
}
