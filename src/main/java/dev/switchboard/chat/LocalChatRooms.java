package dev.switchboard.chat;

import dev.switchboard.delivery.Outbox;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Rooms in this node's memory. A room exists while it has members: an empty room is forgotten
 * with its history, so that clients cannot make the server hold state for rooms nobody is in.
 */
public final class LocalChatRooms implements ChatRooms {

    private final ConcurrentHashMap<String, ChatRoom> rooms = new ConcurrentHashMap<>();
    private final int historySize;
    private final LongSupplier clock;

    public LocalChatRooms(int historySize, LongSupplier clock) {
        this.historySize = historySize;
        this.clock = clock;
    }

    @Override
    public void join(String room, long id, Outbox outbox) {
        rooms.compute(room, (name, existing) -> {
            ChatRoom chatRoom = existing != null ? existing : new ChatRoom(historySize, clock);
            chatRoom.join(id, outbox);
            return chatRoom;
        });
    }

    @Override
    public void rename(String room, long id, String requested) {
        ChatRoom chatRoom = rooms.get(room);
        if (chatRoom != null) {
            chatRoom.rename(id, requested);
        }
    }

    @Override
    public void post(String room, long id, String text) {
        ChatRoom chatRoom = rooms.get(room);
        if (chatRoom != null) {
            chatRoom.post(id, text);
        }
    }

    @Override
    public void leave(String room, long id) {
        rooms.computeIfPresent(room, (name, chatRoom) -> chatRoom.leave(id) ? null : chatRoom);
    }
}
