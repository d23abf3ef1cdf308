package dev.switchboard.delivery;

import dev.switchboard.config.SlowConsumerPolicy;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random interleavings of offers, send completions (some inline, some failing), closes and the
 * grace-period timer, against both policies: pending bytes never negative and always what is
 * queued plus in flight, one send in flight at most, frames out in offer order, and every offered
 * frame accounted for exactly once: sent, dropped, or discarded by a close.
 */
class OutboxProperties {

    /** A socket whose sends the property completes; it also checks that sends never overlap. */
    private static final class Socket implements Outbox.Transport {
        final ArrayDeque<SendHandler> inFlight = new ArrayDeque<>();
        final List<Integer> sent = new ArrayList<>(); // frame numbers, notices excluded
        int notices;
        int closes;
        int losses;
        boolean completeInline;

        @Override
        public void sendText(String text, SendHandler handler) {
            assertTrue(inFlight.isEmpty(), "two sends in flight");
            if (text.startsWith("dropped:")) {
                notices += Integer.parseInt(text.substring(8));
            } else {
                sent.add(Integer.parseInt(text.substring(0, text.indexOf(':'))));
            }
            if (completeInline) {
                handler.onResult(new SendResult());
            } else {
                inFlight.add(handler);
            }
        }

        @Override
        public void sendBinary(ByteBuffer data, SendHandler handler) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close(int code, String reason) {
            assertEquals(1008, code);
            closes++;
        }

        @Override
        public void lost(Throwable cause) {
            losses++;
        }
    }

    @Property(tries = 500)
    void bytesNeverGoNegativeOrderIsKeptAndEveryFrameIsAccountedForExactlyOnce(
            @ForAll @Size(min = 1, max = 200) List<@IntRange(min = 0, max = 99) Integer> actions,
            @ForAll @IntRange(min = 1, max = 400) int maxPendingBytes,
            @ForAll boolean dropPolicy, @ForAll boolean tellDrops) {
        Socket socket = new Socket();
        List<Runnable> timers = new ArrayList<>();
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1) {
            @Override
            public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
                timers.add(command);
                return null;
            }
        };
        int[] dropped = new int[1];
        Outbox outbox = new Outbox(socket, maxPendingBytes, dropPolicy ? SlowConsumerPolicy.DROP : SlowConsumerPolicy.DISCONNECT,
                tellDrops ? count -> Frame.of("dropped:" + count) : null, timer, new Outbox.Listener() {
                    @Override
                    public void dropped(int frames) {
                        dropped[0] += frames;
                    }
                });
        int offered = 0;
        int accepted = 0;
        boolean closed = false;
        boolean failed = false;
        for (int action : actions) {
            socket.completeInline = action % 7 == 0;
            if (action < 55) {
                int size = 1 + action % 50;
                Frame frame = Frame.of(offered + ":" + "x".repeat(size));
                offered++;
                boolean before = !closed && !failed;
                if (outbox.offer(frame) || before) {
                    accepted++; // counted as taken in unless the outbox was already closed
                }
            } else if (action < 85) {
                if (!socket.inFlight.isEmpty()) {
                    socket.inFlight.poll().onResult(new SendResult());
                }
            } else if (action < 90) {
                if (!socket.inFlight.isEmpty()) {
                    failed = true;
                    socket.inFlight.poll().onResult(new SendResult(new IOException("reset")));
                }
            } else if (action < 95) {
                outbox.close();
                closed = true;
            } else if (!timers.isEmpty()) {
                timers.remove(0).run();
            }
            assertTrue(outbox.pendingBytes() >= 0, "pending bytes " + outbox.pendingBytes());
            assertTrue(socket.inFlight.size() <= 1);
        }
        while (!socket.inFlight.isEmpty()) {
            socket.inFlight.poll().onResult(new SendResult());
        }
        assertEquals(0, outbox.pendingBytes(), "everything sent or discarded");
        for (int i = 1; i < socket.sent.size(); i++) {
            assertTrue(socket.sent.get(i - 1) < socket.sent.get(i), "out of order: " + socket.sent);
        }
        assertTrue(socket.notices <= dropped[0], "told of more drops than happened");
        assertTrue(socket.closes <= 1, "closed " + socket.closes + " times");
        assertEquals(failed ? 1 : 0, socket.losses, "a failed write reports the connection lost, once");
        if (dropPolicy && !closed && !failed) {
            assertEquals(offered, socket.sent.size() + dropped[0], "sent " + socket.sent + ", dropped " + dropped[0]);
            assertEquals(0, socket.closes);
        }
        if (!dropPolicy && !closed && !failed && socket.closes == 0) {
            assertEquals(offered, socket.sent.size(), "nothing may be lost without a disconnect");
        }
    }
}
