package dev.switchboard.chat;

import dev.switchboard.delivery.Frame;
import dev.switchboard.delivery.Outbox;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * One room on one node: members, names, history. Every change happens under the room's lock and
 * is offered to the members' outboxes before the lock is released, so all members see the room's
 * events in the same order. Offers never block, so holding the lock is cheap.
 */
final class ChatRoom {

    private final int historySize;
    private final LongSupplier clock;
    private final NameBook names = new NameBook();
    private final Map<Long, Outbox> members = new HashMap<>();
    private final ArrayDeque<Frame> history = new ArrayDeque<>(); // encoded with replay: true

    ChatRoom(int historySize, LongSupplier clock) {
        this.historySize = historySize;
        this.clock = clock;
    }

    synchronized void join(long id, Outbox outbox) {
        names.put(id, names.assign(id, ""));
        members.put(id, outbox);
        for (Frame replay : history) {
            outbox.offer(replay);
        }
        sendUserList();
    }

    synchronized void rename(long id, String requested) {
        Outbox requester = members.get(id);
        if (requester == null) {
            return;
        }
        String assigned = names.assign(id, requested);
        names.put(id, assigned);
        long now = clock.getAsLong();
        if (!assigned.equals(requested)) {
            requester.offer(ChatEventEncoder.frame(new ChatEvent.RejectUsername(id, assigned, now)));
        }
        sendToAll(ChatEventEncoder.frame(new ChatEvent.Username(id, assigned, now)));
        sendUserList();
    }

    synchronized void post(long id, String text) {
        String name = names.nameOf(id);
        if (name == null) {
            return;
        }
        ChatEvent.Message message = new ChatEvent.Message(id, name, text, clock.getAsLong(), null);
        sendToAll(ChatEventEncoder.frame(message));
        if (historySize > 0) {
            if (history.size() == historySize) {
                history.removeFirst();
            }
            history.addLast(ChatEventEncoder.frame(message.asReplay()));
        }
    }

    /** Answers true when the room is left empty. */
    synchronized boolean leave(long id) {
        if (members.remove(id) != null) {
            names.remove(id);
            sendUserList();
        }
        return members.isEmpty();
    }

    private void sendUserList() {
        sendToAll(ChatEventEncoder.frame(new ChatEvent.UserList(names.inJoinOrder(), clock.getAsLong())));
    }

    private void sendToAll(Frame frame) {
        for (Outbox outbox : members.values()) {
            outbox.offer(frame);
        }
    }
}
