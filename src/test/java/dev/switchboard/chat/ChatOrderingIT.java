package dev.switchboard.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.SwitchboardWar;
import dev.switchboard.testing.TestClient;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * "Every client in a room sees the room's messages in the same order", under concurrent senders.
 * Deployed with the rate limit raised, so that every message is relayed.
 */
@ExtendWith(ArquillianExtension.class)
class ChatOrderingIT {

    private static final int SENDERS = 4;
    private static final int MESSAGES_EACH = 200;
    private static final int LISTENERS = 5;

    @Deployment(testable = false)
    static WebArchive war() {
        return SwitchboardWar.packagedWith(Map.of("switchboard.chat.rate", "100000", "switchboard.chat.burst", "100000"));
    }

    @ArquillianResource
    private URL base;

    @Test
    void everyListenerSeesEveryMessageInTheSameOrder() throws Exception {
        URI room = SwitchboardWar.ws(base, "chat/ordering");
        List<TestClient> listeners = new ArrayList<>();
        List<TestClient> senders = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(SENDERS + LISTENERS);
        try {
            for (int i = 0; i < LISTENERS; i++) {
                listeners.add(joined(room));
            }
            for (int i = 0; i < SENDERS; i++) {
                senders.add(joined(room));
            }
            List<Future<List<String>>> seen = new ArrayList<>();
            for (TestClient listener : listeners) {
                seen.add(pool.submit(() -> {
                    List<String> texts = new ArrayList<>();
                    while (texts.size() < SENDERS * MESSAGES_EACH) {
                        JsonNode message = listener.nextOfType("message");
                        texts.add(message.get("text").asText());
                    }
                    return texts;
                }));
            }
            List<Future<Object>> sending = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                int sender = s;
                sending.add(pool.submit((Callable<Object>) () -> {
                    for (int m = 0; m < MESSAGES_EACH; m++) {
                        senders.get(sender).send("{\"type\":\"message\",\"text\":\"s" + sender + "-m" + m + "\"}");
                    }
                    return null;
                }));
            }
            for (Future<Object> done : sending) {
                done.get();
            }
            List<String> reference = seen.get(0).get();
            assertEquals(SENDERS * MESSAGES_EACH, reference.size());
            assertEquals(SENDERS * MESSAGES_EACH, reference.stream().distinct().count());
            for (int s = 0; s < SENDERS; s++) {
                String prefix = "s" + s + "-";
                List<String> fromSender = reference.stream().filter(text -> text.startsWith(prefix)).toList();
                for (int m = 0; m < MESSAGES_EACH; m++) {
                    assertEquals(prefix + "m" + m, fromSender.get(m), "each sender's messages keep their order");
                }
            }
            for (int l = 1; l < LISTENERS; l++) {
                assertEquals(reference, seen.get(l).get(), "listener " + l + " saw a different order");
            }
        } finally {
            pool.shutdownNow();
            for (TestClient client : senders) {
                client.close();
            }
            for (TestClient client : listeners) {
                client.close();
            }
        }
    }

    /**
     * Connects and waits for the room's {@code id} event: a container may run {@code @OnOpen} (the
     * join) after the client's connect has returned (Jetty does), and a listener that has not joined
     * yet would miss the first messages.
     */
    private static TestClient joined(URI room) throws Exception {
        TestClient client = TestClient.connect(room);
        client.nextOfType("id");
        return client;
    }
}
