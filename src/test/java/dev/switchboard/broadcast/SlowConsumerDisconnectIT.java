package dev.switchboard.broadcast;

import dev.switchboard.testing.RawFrames;
import dev.switchboard.testing.SwitchboardWar;
import dev.switchboard.testing.TestClient;
import dev.switchboard.testing.ServerMetrics;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.Socket;
import java.net.URL;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code slowConsumer=disconnect}: the stalled client is closed with 1008 and the others carry on. */
@ExtendWith(ArquillianExtension.class)
class SlowConsumerDisconnectIT {

    @Deployment(testable = false)
    static WebArchive war() {
        return SwitchboardWar.packagedWith(SlowConsumers.settings("disconnect"));
    }

    @ArquillianResource
    private URL base;

    @Test
    void aStalledClientIsClosedWith1008AndTheOthersGetEverything() throws Exception {
        String channel = "slow-disconnect";
        try (Socket stalled = SlowConsumers.stalledSubscriber(base, channel);
             TestClient fast = SlowConsumers.fastSubscriber(base, channel)) {
            ServerMetrics.awaitOpenConnections(base, "broadcast", 2);
            SlowConsumers.publishWhileFastClientKeepsUp(base, channel, fast);

            RawFrames frames = new RawFrames(stalled);
            RawFrames.Message message = frames.next();
            while (!message.isClose()) {
                message = frames.next();
            }
            assertEquals(1008, message.closeCode());
            assertEquals("slow consumer", new String(message.payload(), 2, message.payload().length - 2,
                    java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
