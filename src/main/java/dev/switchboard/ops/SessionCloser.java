package dev.switchboard.ops;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;

import java.io.IOException;

/** Closes a session with a code and reason, treating an already-gone peer as closed. */
public final class SessionCloser {

    private static final System.Logger LOG = System.getLogger(SessionCloser.class.getName());

    private SessionCloser() {}

    public static void close(Session session, CloseReason.CloseCode code, String reason) {
        try {
            if (session.isOpen()) {
                session.close(new CloseReason(code, reason));
            }
        } catch (IOException | IllegalStateException e) {
            LOG.log(System.Logger.Level.DEBUG, "Closing session {0} with {1}: peer already gone ({2})",
                    session.getId(), code.getCode(), e.toString());
        }
    }
}
