package dev.switchboard.delivery;

import java.util.Arrays;

/**
 * The one way a room or channel hands a frame to many members: {@link #enqueue} to each under the
 * room's lock, which fixes one order for everyone, then {@link #flush} once the lock is released,
 * which starts the socket writes. Writes never start under the lock, so publishers do not wait on
 * each other's sends, and a container that re-enters the room from inside a send (Tyrus closes
 * another session on the same thread when a write fails) finds it unlocked and consistent.
 *
 * <p>Callers iterate over a snapshot of their members taken under the lock, never over the live
 * collection: a member may leave while the frames are handed out. Not thread-safe: one fan-out
 * belongs to the thread that holds the lock while filling it.
 */
public final class FanOut {

    private Outbox[] idle = new Outbox[8];
    private int count;

    /** Queues {@code frame} to {@code outbox} without touching its socket. */
    public void enqueue(Outbox outbox, Frame frame) {
        if (outbox.enqueue(frame)) { // idle: nothing is sending, so this fan-out must start it
            if (count == idle.length) {
                idle = Arrays.copyOf(idle, count * 2);
            }
            idle[count++] = outbox;
        }
    }

    /** Starts the writes; call after releasing the lock the frames were queued under. */
    public void flush() {
        Outbox[] outboxes = idle;
        int n = count;
        idle = new Outbox[8];
        count = 0;
        for (int i = 0; i < n; i++) {
            outboxes[i].flush(); // a no-op for an outbox an earlier entry already set sending
        }
    }
}
