package dev.switchboard.ops;

import dev.switchboard.testing.SwitchboardWar;
import dev.switchboard.testing.TestClient;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Switchboard's heartbeat and idle timeout decide when a quiet connection is cut, not the
 * container's own idle timeout (Jetty's default closes a WebSocket after 30 s without traffic).
 * Deployed with heartbeats every 60 s, so the 40 s below pass without a single frame.
 */
@ExtendWith(ArquillianExtension.class)
class ContainerIdleTimeoutIT {

    @Deployment(testable = false)
    static WebArchive war() {
        return SwitchboardWar.packagedWith(Map.of(
                "switchboard.heartbeatSeconds", "60", "switchboard.idleTimeoutSeconds", "120"));
    }

    @ArquillianResource
    private URL base;

    @Test
    void aQuietConnectionOutlivesTheContainersDefaultIdleTimeout() throws Exception {
        try (TestClient client = TestClient.connect(SwitchboardWar.ws(base, "echo"))) {
            await().during(Duration.ofSeconds(40)).atMost(Duration.ofSeconds(45)).until(client::isOpen);
            client.send("still here");
            assertEquals("still here", client.nextText());
        }
    }
}
