package dev.switchboard.chat;

import java.util.regex.Pattern;

/**
 * The contract's text rules for names and messages. Tags are stripped because the MDN client
 * renders with {@code innerHTML}; lengths are in code points, so an emoji counts once.
 */
final class ChatText {

    private static final Pattern TAG = Pattern.compile("<[^>]*>");

    private ChatText() {}

    /** Tags removed, then whitespace trimmed. */
    static String clean(String text) {
        return TAG.matcher(text).replaceAll("").strip();
    }

    static int codePoints(String text) {
        return text.codePointCount(0, text.length());
    }

    /** At most {@code max} code points, never splitting a surrogate pair. */
    static String cut(String text, int max) {
        if (codePoints(text) <= max) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, max));
    }
}
