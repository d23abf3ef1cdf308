package dev.switchboard.ops;

import dev.switchboard.testing.SwitchboardWar;
import dev.switchboard.testing.TestClient;
import dev.switchboard.testing.ServerMetrics;
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
        try (TestClient echo = TestClient.connect(SwitchboardWar.ws(base, "echo"));
             TestClient chat = TestClient.connect(SwitchboardWar.ws(base, "chat"));
             TestClient broadcast = TestClient.connect(SwitchboardWar.ws(base, "broadcast"))) {
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
}
