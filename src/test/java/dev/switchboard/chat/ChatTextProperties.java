package dev.switchboard.chat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChatTextProperties {

    private static final Pattern TAG = Pattern.compile("<[^>]*>");

    @Property
    void cleanTextHasNoTagNoOuterWhitespaceAndCleaningAgainChangesNothing(@ForAll String text) {
        String clean = ChatText.clean(text);
        assertFalse(TAG.matcher(clean).find(), clean);
        assertEquals(clean.strip(), clean);
        assertEquals(clean, ChatText.clean(clean));
    }

    @Property
    void cutKeepsAtMostMaxCodePointsAsAPrefixAndNeverSplitsAPair(@ForAll String text, @ForAll @IntRange(max = 40) int max) {
        String cut = ChatText.cut(text, max);
        assertTrue(text.startsWith(cut));
        assertEquals(Math.min(max, ChatText.codePoints(text)), ChatText.codePoints(cut));
        if (!cut.isEmpty() && cut.length() < text.length()) {
            assertFalse(Character.isHighSurrogate(cut.charAt(cut.length() - 1))
                    && Character.isLowSurrogate(text.charAt(cut.length())), "a surrogate pair was split");
        }
    }
}
