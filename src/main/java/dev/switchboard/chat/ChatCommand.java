package dev.switchboard.chat;

/**
 * What a chat client can send (docs/protocol.md §4), as decoded from one text frame. Input that is not
 * a valid command decodes to {@link Invalid} rather than failing: the client is answered with an
 * {@code error} and the connection lives on, the same way on every container.
 */
public sealed interface ChatCommand {

    /** {@code {"type":"username","name":…}} */
    record Rename(String name) implements ChatCommand {}

    /** {@code {"type":"message","text":…}} */
    record Post(String text) implements ChatCommand {}

    /** A frame that is not a valid command; {@code code} is the contract's error code. */
    record Invalid(String code, String message) implements ChatCommand {}

    /** A frame over {@code switchboard.chat.maxMessageBytes}: the connection is closed with 1009. */
    record TooBig(long bytes) implements ChatCommand {}
}
