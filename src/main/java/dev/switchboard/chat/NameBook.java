package dev.switchboard.chat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The names in one room, in order of joining, unique ignoring case. A taken name gets the smallest
 * numeric suffix that frees it ({@code alice} → {@code alice1}); names stay within 32 code points
 * with the suffix included. Not thread-safe: the room guards it.
 */
final class NameBook {

    static final int MAX_NAME_CODE_POINTS = 32;

    private final Map<Long, String> namesById = new LinkedHashMap<>();
    private final Map<String, Long> idsByKey = new HashMap<>();

    /** The name {@code id} would get for {@code requested}; {@code id}'s own current name does not count as taken. */
    String assign(long id, String requested) {
        String base = ChatText.cut(ChatText.clean(requested), MAX_NAME_CODE_POINTS);
        if (base.isEmpty()) {
            base = "guest" + id;
        }
        if (isFree(base, id)) {
            return base;
        }
        for (long suffix = 1; ; suffix++) {
            String digits = Long.toString(suffix);
            String candidate = ChatText.cut(base, MAX_NAME_CODE_POINTS - digits.length()) + digits;
            if (isFree(candidate, id)) {
                return candidate;
            }
        }
    }

    void put(long id, String name) {
        String previous = namesById.put(id, name); // a rename keeps the member's place in the join order
        if (previous != null) {
            idsByKey.remove(key(previous));
        }
        idsByKey.put(key(name), id);
    }

    void remove(long id) {
        String name = namesById.remove(id);
        if (name != null) {
            idsByKey.remove(key(name));
        }
    }

    String nameOf(long id) {
        return namesById.get(id);
    }

    List<String> inJoinOrder() {
        return List.copyOf(new ArrayList<>(namesById.values()));
    }

    private boolean isFree(String name, long id) {
        Long holder = idsByKey.get(key(name));
        return holder == null || holder == id;
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
