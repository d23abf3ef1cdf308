package dev.switchboard.broadcast;

import dev.switchboard.delivery.Frame;
import dev.switchboard.handshake.ResourceName;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Publishing from Java code inside the WAR, as if a client had sent the text ({@code from} is 0).
 * Where CDI exists, {@code @Inject Broadcaster}; elsewhere (plain Tomcat), {@link #get()}. The
 * channel's rate limit applies; per-connection limits do not.
 *
 * <p>The deployment's broadcast service is held in a static field, installed at deployment and
 * removed at undeploy: this is the one public static for code outside Switchboard's own wiring,
 * which CDI or the application instantiates with no way to be handed it.
 */
@ApplicationScoped
public class Broadcaster {

    private static final Broadcaster INSTANCE = new Broadcaster();
    private static volatile BroadcastService installed;

    public static Broadcaster get() {
        return INSTANCE;
    }

    /** At deployment: publishing goes to {@code service} from now on. */
    public static void install(BroadcastService service) {
        installed = service;
    }

    /** At undeploy: publishing fails until a deployment installs its service. */
    public static void uninstall(BroadcastService service) {
        if (installed == service) {
            installed = null;
        }
    }

    /**
     * Relays {@code text} to every subscriber of {@code channel}. A channel without subscribers but
     * within its retain window numbers and keeps the text for resuming clients ({@code recipients} 0);
     * one with no state at all keeps nothing ({@code seq} 0).
     *
     * @throws IllegalArgumentException if the channel name is invalid or the text is over
     *                                  {@code switchboard.broadcast.maxMessageBytes}
     * @throws IllegalStateException    if Switchboard is not deployed
     */
    public PublishResult publish(String channel, String text) {
        if (!ResourceName.isValid(channel)) {
            throw new IllegalArgumentException("invalid channel name: " + channel);
        }
        BroadcastService service = installed;
        if (service == null) {
            throw new IllegalStateException("Switchboard is not deployed (its ServletContextListener has not run)");
        }
        int max = service.maxMessageBytes();
        Frame frame = Frame.of(text);
        if (frame.bytes() > max) {
            throw new IllegalArgumentException("text is over " + max + " bytes");
        }
        return service.channels().publish(channel, 0, frame);
    }
}
