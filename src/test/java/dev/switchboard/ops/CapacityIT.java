package dev.switchboard.ops;

import dev.switchboard.testing.ServerMetrics;
import dev.switchboard.testing.SwitchboardWar;
import dev.switchboard.testing.TestClient;
import jakarta.websocket.CloseReason;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code switchboard.maxConnections}: deployed with a cap of 3, all endpoints together. */
@ExtendWith(ArquillianExtension.class)
class CapacityIT {

    @Deployment(testable = false)
    static WebArchive war() {
        return SwitchboardWar.packagedWith(Map.of("switchboard.maxConnections", "3"));
    }

    @ArquillianResource
    private URL base;

    @Test
    void aConnectionOverTheCapIsClosedWith1013AndTheCapFreesUpWhenOneLeaves() throws Exception {
        try (TestClient echo = admitted("echo");
             TestClient chat = admitted("chat");
             TestClient broadcast = admitted("broadcast")) {
            try (TestClient fourth = TestClient.connect(SwitchboardWar.ws(base, "echo"))) {
                CloseReason reason = fourth.awaitClose();
                assertEquals(1013, reason.getCloseCode().getCode());
                assertEquals("try again later", reason.getReasonPhrase());
            }
            echo.close();
            ServerMetrics.awaitOpenConnections(base, "echo", 0); // the server has released it
            try (TestClient again = TestClient.connect(SwitchboardWar.ws(base, "echo"))) {
                again.send("room again");
                assertEquals("room again", again.nextText());
            }
        }
    }

    /**
     * Connects to {@code endpoint} and waits until the server has admitted the session: a container
     * may run {@code @OnOpen} after the client's connect has returned (Jetty does), so connections
     * made one after another could otherwise be admitted in another order.
     */
    private TestClient admitted(String endpoint) throws Exception {
        TestClient client = TestClient.connect(SwitchboardWar.ws(base, endpoint));
        ServerMetrics.awaitOpenConnections(base, endpoint, 1);
        return client;
    }
}
