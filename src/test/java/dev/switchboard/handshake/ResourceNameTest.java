package dev.switchboard.handshake;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResourceNameTest {

    @Test
    void lettersDigitsDotsUnderscoresAndDashesUpTo64AreValid() {
        assertTrue(ResourceName.isValid("lobby"));
        assertTrue(ResourceName.isValid("Room-1.b_c"));
        assertTrue(ResourceName.isValid("a".repeat(64)));
    }

    @Test
    void anythingElseIsInvalid() {
        assertFalse(ResourceName.isValid(""));
        assertFalse(ResourceName.isValid(null));
        assertFalse(ResourceName.isValid("a".repeat(65)));
        assertFalse(ResourceName.isValid("two words"));
        assertFalse(ResourceName.isValid("caf\u00e9"));
        assertFalse(ResourceName.isValid("a:b"));
    }

    @Test
    void dotAndDotDotAreInvalidWhileNamesMerelyContainingDotsAreValid() {
        assertFalse(ResourceName.isValid("."));
        assertFalse(ResourceName.isValid(".."));
        assertTrue(ResourceName.isValid("..."));
        assertTrue(ResourceName.isValid(".hidden"));
        assertTrue(ResourceName.isValid("a..b"));
    }
}
