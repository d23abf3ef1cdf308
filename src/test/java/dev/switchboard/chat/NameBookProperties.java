package dev.switchboard.chat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Members join, rename and leave in any order with any requested names. */
class NameBookProperties {

    @Provide
    Arbitrary<String> requests() {
        return Arbitraries.oneOf(
                Arbitraries.of("", "alice", "Alice", "ALICE", "alice1", "guest1", " <b>bob</b> ", "\uD83D\uDE00"),
                Arbitraries.strings().ofMaxLength(40),
                Arbitraries.strings().withChars("aA1<> ").ofMaxLength(40),
                Arbitraries.strings().withChars('x').ofLength(32).map(name -> name + "Z"));
    }

    @Property
    void namesStayUniqueIgnoringCaseNonEmptyTagFreeAndWithin32CodePoints(
            @ForAll @Size(max = 40) List<@net.jqwik.api.constraints.IntRange(min = 1, max = 8) Integer> ids,
            @ForAll @Size(max = 40) List<@From("requests") String> requested) {
        NameBook book = new NameBook();
        Set<Long> members = new HashSet<>();
        for (int i = 0; i < Math.min(ids.size(), requested.size()); i++) {
            long id = ids.get(i);
            if (members.contains(id) && i % 3 == 0) {
                book.remove(id);
                members.remove(id);
            } else {
                String assigned = book.assign(id, requested.get(i));
                book.put(id, assigned);
                members.add(id);
            }
            List<String> names = book.inJoinOrder();
            assertEquals(members.size(), names.size());
            Set<String> keys = new HashSet<>();
            for (String name : names) {
                assertFalse(name.isEmpty());
                assertTrue(name.codePointCount(0, name.length()) <= NameBook.MAX_NAME_CODE_POINTS, name);
                assertFalse(name.matches("(?s).*<[^>]*>.*"), name);
                assertTrue(keys.add(name.toLowerCase(Locale.ROOT)), "two members called " + name + " in " + names);
            }
        }
    }
}
