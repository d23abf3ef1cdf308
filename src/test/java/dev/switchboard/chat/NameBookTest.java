package dev.switchboard.chat;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NameBookTest {

    private final NameBook names = new NameBook();

    private String take(long id, String requested) {
        String name = names.assign(id, requested);
        names.put(id, name);
        return name;
    }

    @Test
    void aFreeNameIsGivenAsRequested() {
        assertEquals("alice", take(1, "alice"));
    }

    @Test
    void aTakenNameGetsTheSmallestFreeSuffix() {
        take(1, "alice");
        assertEquals("alice1", take(2, "alice"));
        assertEquals("alice2", take(3, "alice"));
        names.remove(2);
        assertEquals("alice1", take(4, "alice"));
    }

    @Test
    void namesAreUniqueIgnoringCase() {
        take(1, "Alice");
        assertEquals("ALICE1", take(2, "ALICE"));
    }

    @Test
    void keepingYourOwnNameIsNotACollision() {
        take(1, "alice");
        assertEquals("alice", take(1, "ALICE".toLowerCase()));
    }

    @Test
    void anEmptyNameBecomesGuestWithTheId() {
        assertEquals("guest7", take(7, ""));
        assertEquals("guest8", take(8, "  <b></b> "));
    }

    @Test
    void tagsAreStrippedAndWhitespaceTrimmed() {
        assertEquals("bob", take(1, "  <script>bob</script> "));
    }

    @Test
    void namesAreCutTo32CodePointsSuffixIncluded() {
        String emoji = "\uD83D\uDE00";
        assertEquals(emoji.repeat(32), take(1, emoji.repeat(40)));
        assertEquals(emoji.repeat(31) + "1", take(2, emoji.repeat(40)));
    }

    @Test
    void theListKeepsJoinOrderThroughRenames() {
        take(1, "a");
        take(2, "b");
        take(3, "c");
        take(1, "z");
        assertEquals(List.of("z", "b", "c"), names.inJoinOrder());
    }
}
