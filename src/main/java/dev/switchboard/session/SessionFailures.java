package dev.switchboard.session;

import dev.switchboard.handshake.ClientAddress;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;

import java.io.IOException;
import java.util.Set;

/**
 * What an endpoint does with an error the container reports for one session. A peer that
 * vanished (an I/O error) or broke the protocol is ordinary and only logged; anything else is a
 * server fault in this session alone, which closes it with 1011 and leaves every other session
 * untouched.
 *
 * <p>One instance per node, made at deployment: a container can report an error while the
 * application is being stopped, when its class loader no longer loads classes.
 */
public final class SessionFailures {

    private static final System.Logger LOG = System.getLogger(SessionFailures.class.getName());

    /**
     * What containers throw for a client that broke RFC 6455 (unmasked or reserved-bit frames, a
     * message over the cap, bad UTF-8). The container closes with the right code (1002, 1007, 1009)
     * itself; these are not server faults. Tomcat and Undertow throw {@link IOException}s; Jetty and
     * Tyrus throw runtime exceptions of their own, matched by simple name (of the class or a
     * superclass) since the WAR cannot see container types. Not Jetty's {@code CloseException}
     * itself: Jetty also wraps an endpoint's own failure in one (closing with 1003), and that cause
     * is a server fault.
     */
    private static final Set<String> CLIENT_PROTOCOL_ERRORS = Set.of(
            "ProtocolException", "MessageTooLargeException", "BadPayloadException", "Utf8DecodingException",
            "MessageTooBigException");

    private final SessionCloser closer;

    public SessionFailures(SessionCloser closer) {
        this.closer = closer;
    }

    public void handle(String endpoint, Session session, Throwable error) {
        String from = ClientAddress.of(session);
        if (isClientSide(error)) {
            LOG.log(System.Logger.Level.DEBUG, "{0} session {1} from {2}: connection lost or protocol error ({3})",
                    endpoint, session.getId(), from, error.toString());
            return;
        }
        LOG.log(System.Logger.Level.WARNING, endpoint + " session " + session.getId() + " from " + from
                + ": unexpected error, closing with 1011", error);
        closer.closeAhead(session, CloseReason.CloseCodes.UNEXPECTED_CONDITION, "server error");
    }

    static boolean isClientSide(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException) {
                return true;
            }
            for (Class<?> type = cause.getClass(); type != null; type = type.getSuperclass()) {
                if (CLIENT_PROTOCOL_ERRORS.contains(type.getSimpleName())) {
                    return true;
                }
            }
        }
        return false;
    }
}
