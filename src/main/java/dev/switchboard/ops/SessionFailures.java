package dev.switchboard.ops;

import dev.switchboard.handshake.RemoteAddressFilter;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;

import java.io.IOException;

/**
 * What an endpoint does with an error the container reports for one session. A peer that
 * vanished (an I/O error) is ordinary and only logged; anything else is a server fault in this
 * session alone, which closes it with 1011 and leaves every other session untouched.
 *
 * <p>One instance per node, made at deployment: a container can report an error while the
 * application is being stopped, when its class loader no longer loads classes.
 */
public final class SessionFailures {

    private static final System.Logger LOG = System.getLogger(SessionFailures.class.getName());

    private final SessionCloser closer;

    public SessionFailures(SessionCloser closer) {
        this.closer = closer;
    }

    public void handle(String endpoint, Session session, Throwable error) {
        String from = RemoteAddressFilter.of(session);
        if (isPeerGone(error)) {
            LOG.log(System.Logger.Level.DEBUG, "{0} session {1} from {2}: connection lost ({3})",
                    endpoint, session.getId(), from, error.toString());
            return;
        }
        LOG.log(System.Logger.Level.WARNING, endpoint + " session " + session.getId() + " from " + from
                + ": unexpected error, closing with 1011", error);
        closer.closeAhead(session, CloseReason.CloseCodes.UNEXPECTED_CONDITION, "server error");
    }

    private static boolean isPeerGone(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}
