package dev.switchboard.chat;

import dev.switchboard.config.SlowConsumerPolicy;
import dev.switchboard.delivery.Outbox;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Containers re-enter: Tyrus, failing a write to one session, calls {@code onClose} of another on the
 * same thread, inside the send. Fan-out must survive a member leaving while it is being offered to.
 */
class ReentrantCloseTest {

    private final LocalChatRooms rooms = new LocalChatRooms(0, () -> 1000, new ChatEventEncoder());

    /** Sends complete at once; a frame that matches {@code trigger} makes the container close {@code victim}. */
    private final class ClosingTransport implements Outbox.Transport {
        final List<String> sent = new ArrayList<>();
        Predicate<String> trigger = text -> false;
        long victim;
        boolean fired;

        @Override
        public void sendText(String text, SendHandler handler) {
            sent.add(text);
            if (!fired && trigger.test(text)) {
                fired = true;
                rooms.leave("lobby", victim);
            }
            handler.onResult(new SendResult());
        }

        @Override
        public void sendBinary(ByteBuffer data, SendHandler handler) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close(int code, String reason) {
        }

        @Override
        public void lost(Throwable cause) {
        }

        Outbox outbox() {
            return new Outbox(this, Long.MAX_VALUE, SlowConsumerPolicy.DISCONNECT, null, null,
                    new Outbox.Listener() {});
        }

        String last() {
            return sent.get(sent.size() - 1);
        }
    }

    @Test
    void aMemberClosedByTheContainerDuringAPostLeavesTheRoomAndEveryoneSeesTheNewUserList() {
        ClosingTransport first = new ClosingTransport();
        first.trigger = text -> text.contains("\"text\":\"boom\"");
        first.victim = 2;
        ClosingTransport second = new ClosingTransport();
        ClosingTransport third = new ClosingTransport();
        rooms.join("lobby", 1, first.outbox());
        rooms.join("lobby", 2, second.outbox());
        rooms.join("lobby", 3, third.outbox());

        rooms.post("lobby", 1, "boom");

        assertEquals("{\"type\":\"userlist\",\"users\":[\"guest1\",\"guest3\"],\"date\":1000}", third.last());
        ClosingTransport fourth = new ClosingTransport();
        rooms.join("lobby", 4, fourth.outbox());
        assertEquals("{\"type\":\"userlist\",\"users\":[\"guest1\",\"guest3\",\"guest4\"],\"date\":1000}", fourth.last());
    }

    @Test
    void aMemberClosedByTheContainerDuringAJoinLeavesTheRoom() {
        ClosingTransport first = new ClosingTransport();
        first.trigger = text -> text.contains("guest3");
        first.victim = 2;
        ClosingTransport second = new ClosingTransport();
        ClosingTransport third = new ClosingTransport();
        rooms.join("lobby", 1, first.outbox());
        rooms.join("lobby", 2, second.outbox());

        rooms.join("lobby", 3, third.outbox());

        assertEquals("{\"type\":\"userlist\",\"users\":[\"guest1\",\"guest3\"],\"date\":1000}", third.last());
        assertEquals(third.last(), first.last());
    }

    @Test
    void aMemberClosedByTheContainerWhileBeingOfferedToLeavesTheRoom() {
        ClosingTransport first = new ClosingTransport();
        ClosingTransport second = new ClosingTransport();
        second.trigger = text -> text.contains("\"text\":\"boom\"");
        second.victim = 2; // its own failing write closes it
        rooms.join("lobby", 1, first.outbox());
        rooms.join("lobby", 2, second.outbox());

        rooms.post("lobby", 1, "boom");

        assertEquals("{\"type\":\"userlist\",\"users\":[\"guest1\"],\"date\":1000}", first.last());
    }

    @Test
    void theLastMemberLeavingInsideAFanOutForgetsTheRoom() {
        ClosingTransport first = new ClosingTransport();
        first.trigger = text -> text.contains("\"text\":\"bye\"");
        first.victim = 1;
        rooms.join("lobby", 1, first.outbox());
        rooms.post("lobby", 1, "bye");
        ClosingTransport second = new ClosingTransport();
        rooms.join("lobby", 2, second.outbox());
        assertEquals(List.of("{\"type\":\"userlist\",\"users\":[\"guest2\"],\"date\":1000}"), second.sent);
    }
}
