package dev.switchboard.handshake;

import java.util.regex.Pattern;

/**
 * Room and channel names as the contract allows them: {@code [A-Za-z0-9._-]{1,64}}, except {@code .}
 * and {@code ..}, which a path-based store or proxy would read as this or the parent directory. Names
 * become keys in shared state (and in Redis), so anything else is refused before it gets there.
 */
public final class ResourceName {

    public static final String INVALID_REASON = "invalid name";

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private ResourceName() {}

    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches() && !name.equals(".") && !name.equals("..");
    }
}
