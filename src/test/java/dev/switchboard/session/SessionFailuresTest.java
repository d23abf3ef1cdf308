package dev.switchboard.session;

import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.io.UncheckedIOException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionFailuresTest {

    /** Shaped like Jetty's: a runtime exception whose superclass carries the close code. */
    static class CloseException extends RuntimeException {
    }

    static class ProtocolException extends CloseException {
    }

    static class MessageTooLargeException extends CloseException {
    }

    @Test
    void aVanishedPeerIsTheClientsSide() {
        assertTrue(SessionFailures.isClientSide(new UncheckedIOException(new EOFException())));
    }

    @Test
    void aClientsProtocolViolationIsTheClientsSide() {
        assertTrue(SessionFailures.isClientSide(new ProtocolException()));
        assertTrue(SessionFailures.isClientSide(new RuntimeException(new MessageTooLargeException())));
    }

    @Test
    void aBugInTheServerIsNotTheClientsSide() {
        assertFalse(SessionFailures.isClientSide(new IllegalStateException("failure forced by the test")));
    }

    @Test
    void aBugInTheServerThatJettyWrapsInACloseExceptionIsNotTheClientsSide() {
        assertFalse(SessionFailures.isClientSide(new CloseException().initCause(new IllegalStateException())));
    }
}
