package dev.switchboard.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.awaitility.Awaitility.await;

/** What the cluster tests ask of a node over HTTP: its health, its metrics. */
final class Nodes {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private Nodes() {}

    static HttpResponse<String> get(URL base, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(base.toString().replaceFirst("/?$", "/") + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode health(URL base) {
        try {
            return JSON.readTree(get(base, "health").body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String redis(URL base) {
        return health(base).path("redis").asText();
    }

    /** Both nodes report {@code "redis":"UP"}: the cluster is usable. */
    static void awaitRedisUp(URL tomcat) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> redis(tomcat).equals("UP") && redis(ClusterNodes.payara()).equals("UP"));
    }
}
