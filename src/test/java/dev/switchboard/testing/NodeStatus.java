package dev.switchboard.testing;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a node says about itself over HTTP: {@code /health} and {@code /metrics}. */
public final class NodeStatus {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private NodeStatus() {}

    public static String get(URL base, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(base.toString().replaceFirst("/?$", "/") + path)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The open connection count {@code /health} reports. */
    public static int connections(URL base) {
        try {
            return JSON.readTree(get(base, "health")).get("connections").asInt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One sample of {@code /metrics}, e.g. {@code metric(base, "switchboard_connections_open", "endpoint=\"chat\"")}. */
    public static double metric(URL base, String name, String labels) {
        String text = get(base, "metrics");
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$").matcher(text);
        while (matcher.find()) {
            if (matcher.group(1).contains(labels)) {
                return Double.parseDouble(matcher.group(2));
            }
        }
        throw new AssertionError("no " + name + "{" + labels + "} in\n" + text);
    }
}
