package dev.switchboard.testing;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * Reads the deployed node's {@code /metrics}, so that a container test can wait for what the
 * server has done (a session admitted, a session released) instead of sleeping and hoping.
 */
public final class ServerMetrics {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ServerMetrics() {}

    /** The value of {@code name} on the series whose labels contain {@code labels}, e.g. {@code endpoint="chat"}. */
    public static double value(URL base, String name, String labels) throws Exception {
        URI metrics = URI.create(base.toString().replaceFirst("/?$", "/") + "metrics");
        String text = HTTP.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$").matcher(text);
        while (matcher.find()) {
            if (matcher.group(1).contains(labels)) {
                return Double.parseDouble(matcher.group(2));
            }
        }
        throw new AssertionError("no " + name + "{" + labels + "} in\n" + text);
    }

    /**
     * Waits until exactly {@code count} sessions are open on {@code endpoint} ({@code broadcast} counts
     * {@code /broadcast} and {@code /broadcast/{channel}} alike). A client's connect returns once the
     * handshake is answered, which may be before the server has run {@code @OnOpen}; a session is
     * counted there, in the same call that joins it to its room or channel. Exactly, not at least:
     * sessions of an earlier test may still be on their way out.
     */
    public static void awaitOpenConnections(URL base, String endpoint, int count) {
        await("open /" + endpoint + " sessions == " + count)
                .atMost(TestClient.WAIT)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> value(base, "switchboard_connections_open", "endpoint=\"" + endpoint + "\"") == count);
    }
}
