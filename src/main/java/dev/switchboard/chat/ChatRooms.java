package dev.switchboard.chat;

import dev.switchboard.delivery.Outbox;

/**
 * Room state and fan-out, behind an interface so that the endpoint does not assume one node:
 * {@link LocalChatRooms} keeps rooms in memory; a Redis-backed implementation can share them
 * across nodes without the endpoint changing.
 */
public interface ChatRooms {

    /** Adds a member named {@code guest<id>}: it gets the history, then everyone the user list. */
    void join(String room, long id, Outbox outbox);

    /** Renames a member; {@code requested} is the name as the client sent it. */
    void rename(String room, long id, String requested);

    /** Relays a message whose text has already passed the contract's checks. */
    void post(String room, long id, String text);

    void leave(String room, long id);
}
