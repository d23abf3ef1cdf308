package dev.switchboard.chat;

/**
 * One chat text frame as decoded: the command, and the frame's size in UTF-8 bytes, which the
 * endpoint counts and holds against {@code switchboard.chat.maxMessageBytes}. The size travels with
 * the command because the decoder is the only place that sees the frame's text, and a decoder is
 * made by the container, which hands it neither settings nor counters the same way everywhere.
 */
public record ChatFrame(ChatCommand command, long bytes) {

    /** The command, or {@link ChatCommand.TooBig} when the frame is over {@code maxMessageBytes}. */
    public ChatCommand within(int maxMessageBytes) {
        return bytes > maxMessageBytes ? new ChatCommand.TooBig(bytes) : command;
    }
}
