package dev.switchboard.delivery;

import dev.switchboard.config.SlowConsumerPolicy;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutboxTest {

    /** Records sends and completes them only when the test says so, like a socket that stalls. */
    static final class FakeTransport implements Outbox.Transport {
        final List<String> sent = new ArrayList<>();
        final List<SendHandler> pending = new ArrayList<>();
        int inFlight;
        int maxInFlight;
        String closedWith;
        final List<Throwable> lost = new ArrayList<>();
        boolean completeInline;
        RuntimeException sendFailure; // non-null: sendText throws it, as a container does for a closed session

        @Override
        public void sendText(String text, SendHandler handler) {
            if (sendFailure != null) {
                throw sendFailure;
            }
            sent.add(text);
            inFlight++;
            maxInFlight = Math.max(maxInFlight, inFlight);
            if (completeInline) {
                inFlight--;
                handler.onResult(new SendResult());
            } else {
                pending.add(handler);
            }
        }

        @Override
        public void sendBinary(java.nio.ByteBuffer data, SendHandler handler) {
            sendText("binary:" + data.remaining(), handler);
        }

        void completeOne() {
            inFlight--;
            pending.remove(0).onResult(new SendResult());
        }

        void failOne() {
            inFlight--;
            pending.remove(0).onResult(new SendResult(new IOException("broken pipe")));
        }

        @Override
        public void close(int code, String reason) {
            closedWith = code + " " + reason;
        }

        @Override
        public void lost(Throwable cause) {
            lost.add(cause);
        }
    }

    private final FakeTransport transport = new FakeTransport();
    private final List<Runnable> scheduled = new ArrayList<>();
    private final ScheduledExecutorService timer = new ScheduledThreadPoolExecutor(1) {
        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            scheduled.add(command);
            return null;
        }
    };
    private final AtomicInteger droppedCount = new AtomicInteger();
    private final Outbox.Listener listener = new Outbox.Listener() {
        @Override
        public void dropped(int frames) {
            droppedCount.addAndGet(frames);
        }
    };

    private Outbox outbox(long maxPendingBytes, SlowConsumerPolicy policy) {
        return new Outbox(transport, maxPendingBytes, policy,
                count -> Frame.of("{\"type\":\"dropped\",\"count\":" + count + "}"), timer, listener);
    }

    private static Frame frame(String text) {
        return Frame.of(text);
    }

    @Test
    void onlyOneSendIsInFlightAndFramesGoOutInOrder() {
        Outbox outbox = outbox(1000, SlowConsumerPolicy.DROP);
        for (int i = 0; i < 5; i++) {
            outbox.offer(frame("m" + i));
        }
        assertEquals(List.of("m0"), transport.sent);
        while (!transport.pending.isEmpty()) {
            transport.completeOne();
        }
        assertEquals(List.of("m0", "m1", "m2", "m3", "m4"), transport.sent);
        assertEquals(1, transport.maxInFlight);
        assertEquals(0, outbox.pendingBytes());
    }

    @Test
    void binaryFramesGoOutAsBinaryAndCountTheirBytes() {
        Outbox outbox = outbox(1000, SlowConsumerPolicy.DROP);
        outbox.offer(Frame.copyOf(java.nio.ByteBuffer.wrap(new byte[7])));
        assertEquals(List.of("binary:7"), transport.sent);
        assertEquals(7, outbox.pendingBytes());
    }

    @Test
    void enqueueLeavesTheSocketAloneUntilFlushed() {
        Outbox outbox = outbox(1000, SlowConsumerPolicy.DROP);
        assertTrue(outbox.enqueue(frame("a")), "idle: the caller must flush");
        assertTrue(outbox.enqueue(frame("b")));
        assertEquals(List.of(), transport.sent);
        outbox.flush();
        assertEquals(List.of("a"), transport.sent);
        assertFalse(outbox.enqueue(frame("c")), "a send is in flight: its completion carries on");
        transport.completeOne();
        transport.completeOne();
        assertEquals(List.of("a", "b", "c"), transport.sent);
    }

    @Test
    void sendsThatCompleteInsideSendTextDrainTheQueueWithoutRecursion() {
        transport.completeInline = true;
        Outbox outbox = outbox(10_000_000, SlowConsumerPolicy.DROP);
        for (int i = 0; i < 100_000; i++) {
            outbox.offer(frame("x"));
        }
        assertEquals(100_000, transport.sent.size());
        assertEquals(0, outbox.pendingBytes());
    }

    @Test
    void pendingBytesCountQueuedAndInFlightFrames() {
        Outbox outbox = outbox(1000, SlowConsumerPolicy.DROP);
        outbox.offer(frame("12345"));
        outbox.offer(frame("\u00e9\u00e9"));
        assertEquals(5 + 4, outbox.pendingBytes());
        transport.completeOne();
        assertEquals(4, outbox.pendingBytes());
    }

    @Test
    void dropPolicyDropsTheOldestQueuedFramesAndCountsThem() {
        Outbox outbox = outbox(30, SlowConsumerPolicy.DROP);
        outbox.offer(frame("a".repeat(10))); // in flight, never dropped
        outbox.offer(frame("b".repeat(10)));
        outbox.offer(frame("c".repeat(10)));
        assertTrue(outbox.offer(frame("d".repeat(10)))); // over 30: b goes
        assertEquals(1, droppedCount.get());
        assertEquals(30, outbox.pendingBytes());
    }

    @Test
    void aClientThatLostFramesIsToldHowManyBeforeItsNextFrame() {
        Outbox outbox = outbox(30, SlowConsumerPolicy.DROP);
        outbox.offer(frame("a".repeat(10)));
        outbox.offer(frame("b".repeat(10)));
        outbox.offer(frame("c".repeat(10)));
        outbox.offer(frame("d".repeat(10))); // drops b
        outbox.offer(frame("e".repeat(10))); // drops c
        while (!transport.pending.isEmpty()) {
            transport.completeOne();
        }
        assertEquals(List.of("a".repeat(10), "{\"type\":\"dropped\",\"count\":2}", "d".repeat(10), "e".repeat(10)),
                transport.sent);
    }

    @Test
    void withoutANoticeDropsAreSilentOnTheWireButStillCounted() {
        Outbox outbox = new Outbox(transport, 20, SlowConsumerPolicy.DROP, null, timer, listener);
        outbox.offer(frame("a".repeat(10)));
        outbox.offer(frame("b".repeat(10)));
        outbox.offer(frame("c".repeat(10)));
        while (!transport.pending.isEmpty()) {
            transport.completeOne();
        }
        assertEquals(List.of("a".repeat(10), "c".repeat(10)), transport.sent);
        assertEquals(1, droppedCount.get());
    }

    @Test
    void disconnectPolicyClosesWith1008OnceTheWriteInFlightCompletes() {
        Outbox outbox = outbox(25, SlowConsumerPolicy.DISCONNECT);
        assertTrue(outbox.offer(frame("a".repeat(10))));
        assertTrue(outbox.offer(frame("b".repeat(10))));
        assertFalse(outbox.offer(frame("c".repeat(10))));
        assertFalse(outbox.offer(frame("d")));
        assertEquals(null, transport.closedWith, "a close now would abort the stuck write without a close frame");
        transport.completeOne();
        assertEquals("1008 slow consumer", transport.closedWith);
        assertEquals(List.of("a".repeat(10)), transport.sent);
    }

    @Test
    void aSlowConsumerThatNeverReadsAgainIsClosedAfterTheGracePeriod() {
        Outbox outbox = outbox(25, SlowConsumerPolicy.DISCONNECT);
        outbox.offer(frame("a".repeat(10)));
        outbox.offer(frame("b".repeat(10)));
        outbox.offer(frame("c".repeat(10)));
        assertEquals(1, scheduled.size());
        scheduled.get(0).run();
        assertEquals("1008 slow consumer", transport.closedWith);
        transport.closedWith = null;
        transport.completeOne();
        assertEquals(null, transport.closedWith, "closed once only");
    }

    @Test
    void aDisconnectWithNothingInFlightClosesAtOnce() {
        Outbox outbox = outbox(5, SlowConsumerPolicy.DISCONNECT);
        assertFalse(outbox.offer(frame("too big")));
        assertEquals("1008 slow consumer", transport.closedWith);
    }

    @Test
    void aFailedSendClosesTheOutbox() {
        Outbox outbox = outbox(1000, SlowConsumerPolicy.DROP);
        outbox.offer(frame("a"));
        outbox.offer(frame("b"));
        transport.failOne();
        assertFalse(outbox.offer(frame("c")));
        assertEquals(List.of("a"), transport.sent);
        assertEquals(0, outbox.pendingBytes());
    }

    /** GlassFish's Tyrus may never report a reset peer; a failed write is then the only sign, and it must end the session. */
    @Test
    void aFailedSendReportsTheConnectionLostOnceWithItsCause() {
        Outbox outbox = outbox(1000, SlowConsumerPolicy.DROP);
        outbox.offer(frame("a"));
        outbox.offer(frame("b"));
        transport.failOne();
        outbox.offer(frame("c"));
        assertEquals(1, transport.lost.size());
        assertEquals("broken pipe", transport.lost.get(0).getMessage());
    }

    @Test
    void aSendThatThrowsReportsTheConnectionLost() {
        transport.sendFailure = new IllegalStateException("session closed");
        Outbox outbox = outbox(1000, SlowConsumerPolicy.DROP);
        assertFalse(outbox.offer(frame("a")));
        assertEquals("session closed", transport.lost.get(0).getMessage());
    }

    @Test
    void aCompletedSendReportsNothingLost() {
        Outbox outbox = outbox(1000, SlowConsumerPolicy.DROP);
        outbox.offer(frame("a"));
        transport.completeOne();
        assertTrue(transport.lost.isEmpty());
    }

    @Test
    void aSlowConsumerWhoseLastSendCompletedInsideSendTextIsClosedAtOnceNotAfterTheGracePeriod() {
        Outbox[] box = new Outbox[1];
        Outbox outbox = new Outbox(new Outbox.Transport() {
            @Override
            public void sendText(String text, SendHandler handler) {
                transport.sent.add(text);
                handler.onResult(new SendResult()); // done, but the sender has not returned yet...
                if (text.equals("a")) {
                    box[0].offer(frame("b".repeat(30))); // ...when another publisher overflows the outbox
                }
            }

            @Override
            public void sendBinary(java.nio.ByteBuffer data, SendHandler handler) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void close(int code, String reason) {
                transport.closedWith = code + " " + reason;
            }

            @Override
            public void lost(Throwable cause) {
                transport.lost.add(cause);
            }
        }, 25, SlowConsumerPolicy.DISCONNECT, null, timer, listener);
        box[0] = outbox;
        outbox.offer(frame("a"));
        assertEquals("1008 slow consumer", transport.closedWith, "nothing is in flight: no reason to wait 10 s");
    }

    @Test
    void pendingBytesNeverGoNegativeWhenTheOutboxClosesWithASendInFlight() {
        Outbox outbox = outbox(1000, SlowConsumerPolicy.DROP);
        outbox.offer(frame("12345"));
        outbox.offer(frame("678"));
        outbox.close();
        transport.completeOne();
        assertEquals(0, outbox.pendingBytes());
    }

    @Test
    void aDisconnectedSlowConsumerHoldsNoPendingBytesOnceItsWriteCompletes() {
        Outbox outbox = outbox(25, SlowConsumerPolicy.DISCONNECT);
        outbox.offer(frame("a".repeat(10)));
        outbox.offer(frame("b".repeat(10)));
        outbox.offer(frame("c".repeat(10)));
        transport.completeOne();
        assertEquals(0, outbox.pendingBytes());
    }

    /**
     * Publishers race on four threads; the transport completes some sends on the caller's thread and
     * others later on its own thread, as containers do. It detects two sends in flight without
     * serialising anything itself, so a missing guard in the outbox shows up as a failure here.
     */
    @Test
    void concurrentPublishersNeverHaveTwoSendsInFlight() throws Exception {
        java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger overlaps = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger sent = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ExecutorService completer = java.util.concurrent.Executors.newSingleThreadExecutor();
        Outbox outbox = new Outbox(new Outbox.Transport() {
            @Override
            public void sendText(String text, SendHandler handler) {
                if (inFlight.incrementAndGet() > 1) {
                    overlaps.incrementAndGet();
                }
                sent.incrementAndGet();
                if (java.util.concurrent.ThreadLocalRandom.current().nextBoolean()) {
                    Thread.onSpinWait();
                    inFlight.decrementAndGet();
                    handler.onResult(new SendResult());
                } else {
                    completer.execute(() -> {
                        inFlight.decrementAndGet();
                        handler.onResult(new SendResult());
                    });
                }
            }

            @Override
            public void sendBinary(java.nio.ByteBuffer data, SendHandler handler) {
                sendText("binary", handler);
            }

            @Override
            public void close(int code, String reason) {
                transport.closedWith = code + " " + reason;
            }

            @Override
            public void lost(Throwable cause) {
                transport.lost.add(cause);
            }
        }, 100_000_000, SlowConsumerPolicy.DROP, null, timer, listener);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    outbox.offer(frame("x"));
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> outbox.pendingBytes() == 0);
        completer.shutdown();
        assertEquals(0, overlaps.get(), "sends in flight at once");
        assertEquals(40_000, sent.get());
        assertEquals(null, transport.closedWith);
        assertTrue(transport.lost.isEmpty());
    }
}
