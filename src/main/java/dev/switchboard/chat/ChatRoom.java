package dev.switchboard.chat;

import dev.switchboard.delivery.FanOut;
import dev.switchboard.delivery.Frame;
import dev.switchboard.delivery.Outbox;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * One room on one node: members, names, history. Every change happens under the room's lock and
 * is queued to the members' outboxes before the lock is released, so all members see the room's
 * events in the same order; the socket writes start after the lock is released ({@link FanOut}).
 *
 * <p>Fan-out goes over an array of the members taken under the lock, never over the map itself:
 * containers re-enter (a failing write to one member makes Tyrus close another on the same thread,
 * which calls {@link #leave}), and a member leaving mid-fan-out must neither break the iteration
 * nor be skipped.
 */
final class ChatRoom {

    private static final Outbox[] NONE = new Outbox[0];

    private final int historySize;
    private final LongSupplier clock;
    private final ChatEventEncoder encoder;
    private final NameBook names = new NameBook();
    private final Map<Long, Outbox> members = new LinkedHashMap<>();
    private final ArrayDeque<Frame> history = new ArrayDeque<>(); // encoded with replay: true
    private Outbox[] snapshot = NONE; // rebuilt on join and leave
    private boolean retired;          // emptied and forgotten: a joiner must take a new room

    ChatRoom(int historySize, LongSupplier clock, ChatEventEncoder encoder) {
        this.historySize = historySize;
        this.clock = clock;
        this.encoder = encoder;
    }

    /** Answers false when the room was emptied and retired meanwhile: the caller joins a fresh one. */
    boolean join(long id, Outbox outbox) {
        FanOut fanOut = new FanOut();
        synchronized (this) {
            if (retired) {
                return false;
            }
            names.put(id, names.assign(id, ""));
            members.put(id, outbox);
            snapshot = members.values().toArray(NONE);
            for (Frame replay : history) {
                fanOut.enqueue(outbox, replay);
            }
            enqueueToAll(fanOut, userList());
        }
        fanOut.flush();
        return true;
    }

    void rename(long id, String requested) {
        FanOut fanOut = new FanOut();
        synchronized (this) {
            Outbox requester = members.get(id);
            if (requester == null) {
                return;
            }
            String assigned = names.assign(id, requested);
            names.put(id, assigned);
            long now = clock.getAsLong();
            if (!assigned.equals(requested)) {
                fanOut.enqueue(requester, encoder.frame(new ChatEvent.RejectUsername(id, assigned, now)));
            }
            enqueueToAll(fanOut, encoder.frame(new ChatEvent.Username(id, assigned, now)));
            enqueueToAll(fanOut, userList());
        }
        fanOut.flush();
    }

    void post(long id, String text) {
        FanOut fanOut = new FanOut();
        synchronized (this) {
            String name = names.nameOf(id);
            if (name == null) {
                return;
            }
            ChatEvent.Message message = new ChatEvent.Message(id, name, text, clock.getAsLong(), null);
            enqueueToAll(fanOut, encoder.frame(message));
            if (historySize > 0) {
                if (history.size() == historySize) {
                    history.removeFirst();
                }
                history.addLast(encoder.frame(message.asReplay()));
            }
        }
        fanOut.flush();
    }

    /** Answers true when this leave emptied the room, which is then retired; safe to call twice. */
    boolean leave(long id) {
        FanOut fanOut = new FanOut();
        synchronized (this) {
            if (members.remove(id) == null) {
                return false;
            }
            names.remove(id);
            snapshot = members.values().toArray(NONE);
            if (members.isEmpty()) {
                retired = true;
                return true;
            }
            enqueueToAll(fanOut, userList());
        }
        fanOut.flush();
        return false;
    }

    private Frame userList() {
        return encoder.frame(new ChatEvent.UserList(names.inJoinOrder(), clock.getAsLong()));
    }

    /** Queues {@code frame} to every member, under the lock. */
    private void enqueueToAll(FanOut fanOut, Frame frame) {
        for (Outbox outbox : snapshot) {
            fanOut.enqueue(outbox, frame);
        }
    }
}
