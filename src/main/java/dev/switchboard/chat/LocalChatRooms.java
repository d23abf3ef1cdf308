package dev.switchboard.chat;

import dev.switchboard.delivery.Outbox;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Rooms in this node's memory. A room exists while it has members: an empty room is forgotten
 * with its history, so that clients cannot make the server hold state for rooms nobody is in.
 *
 * <p>No room work runs inside the map's {@code compute}: joining and leaving send frames, a send can
 * make the container close another member on the same thread, and that member's leave would then
 * re-enter the map from inside its own update. A room that empties retires itself instead, and a
 * joiner that finds a retired room takes a fresh one.
 */
public final class LocalChatRooms implements ChatRooms {

    private final ConcurrentHashMap<String, ChatRoom> rooms = new ConcurrentHashMap<>();
    private final int historySize;
    private final LongSupplier clock;
    private final ChatEventEncoder encoder;

    public LocalChatRooms(int historySize, LongSupplier clock, ChatEventEncoder encoder) {
        this.historySize = historySize;
        this.clock = clock;
        this.encoder = encoder;
    }

    @Override
    public void join(String room, long id, Outbox outbox) {
        while (true) {
            ChatRoom chatRoom = rooms.computeIfAbsent(room, name -> new ChatRoom(historySize, clock, encoder));
            if (chatRoom.join(id, outbox)) {
                return;
            }
            rooms.remove(room, chatRoom);
        }
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
        ChatRoom chatRoom = rooms.get(room);
        if (chatRoom != null && chatRoom.leave(id)) {
            rooms.remove(room, chatRoom);
        }
    }
}
