package dev.switchboard.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Calls the server-side publish API, {@code POST /api/broadcast/{channel}}. */
public final class PublishClient {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final URL base;
    private final String token;

    public PublishClient(URL base, String token) {
        this.base = base;
        this.token = token;
    }

    public HttpResponse<String> publish(String channel, String text) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(base.toString().replaceFirst("/?$", "/") + "api/broadcast/" + channel))
                .header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(text));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
