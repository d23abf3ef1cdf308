package dev.switchboard.broadcast;

import dev.switchboard.SwitchboardNode;
import dev.switchboard.delivery.Frame;
import dev.switchboard.handshake.ResourceName;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Publishing from Java code inside the WAR, as if a client had sent the text ({@code from} is 0).
 * Where CDI exists, {@code @Inject Broadcaster}; elsewhere (plain Tomcat), {@link #get()}. The
 * channel's rate limit applies; per-connection limits do not.
 */
@ApplicationScoped
public class Broadcaster {

    private static final Broadcaster INSTANCE = new Broadcaster();

    public static Broadcaster get() {
        return INSTANCE;
    }

    /**
     * Relays {@code text} to every subscriber of {@code channel}. A channel without subscribers but
     * within its retain window numbers and keeps the text for resuming clients ({@code recipients} 0);
     * one with no state at all keeps nothing ({@code seq} 0).
     *
     * @throws IllegalArgumentException if the channel name is invalid or the text is over
     *                                  {@code switchboard.broadcast.maxMessageBytes}
     */
    public PublishResult publish(String channel, String text) {
        if (!ResourceName.isValid(channel)) {
            throw new IllegalArgumentException("invalid channel name: " + channel);
        }
        SwitchboardNode node = SwitchboardNode.current();
        int max = node.settings().broadcast().maxMessageBytes();
        Frame frame = Frame.of(text);
        if (frame.bytes() > max) {
            throw new IllegalArgumentException("text is over " + max + " bytes");
        }
        return node.broadcast().channels().publish(channel, 0, frame);
    }
}
