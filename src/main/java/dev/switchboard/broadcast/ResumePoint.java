package dev.switchboard.broadcast;

import java.util.List;
import java.util.Map;

/**
 * Where a json client got to before it reconnected: {@code ?since=N&epoch=E} on the handshake.
 *
 * <p>A malformed resume point (a {@code since} that is not a whole number from 0 up, an empty or
 * overlong {@code epoch}, either one missing or repeated) is treated as none: nothing is replayed,
 * and {@code subscribed} tells the client the numbering it now follows, exactly as for a wrong epoch.
 * Closing with 1008 instead would leave a client with a bad memory unable to subscribe at all.
 */
public record ResumePoint(long since, String epoch) {

    /** Longer than any epoch this server makes; a longer one cannot match, so it is not even compared. */
    static final int MAX_EPOCH_LENGTH = 64;

    /** The resume point in a handshake's query parameters, or null when there is none or it is malformed. */
    public static ResumePoint fromQuery(Map<String, List<String>> parameters) {
        List<String> since = parameters.get("since");
        List<String> epoch = parameters.get("epoch");
        if (since == null || epoch == null || since.size() != 1 || epoch.size() != 1) {
            return null;
        }
        String digits = since.get(0);
        String name = epoch.get(0);
        if (name == null || name.isEmpty() || name.length() > MAX_EPOCH_LENGTH
                || digits == null || digits.isEmpty() || digits.length() > 19 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        try {
            return new ResumePoint(Long.parseLong(digits), name);
        } catch (NumberFormatException overLongMax) {
            return null;
        }
    }
}
