package dev.switchboard.ops;

import dev.switchboard.testing.SwitchboardWar;
import dev.switchboard.testing.TestClient;
import jakarta.websocket.CloseReason;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Undeploying the WAR (on Payara Micro: stopping the server) closes every session with 1001. */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShutdownIT {

    private static final String DEPLOYMENT = "switchboard";

    @Deployment(name = DEPLOYMENT, managed = false, testable = false)
    static WebArchive war() {
        return SwitchboardWar.packaged();
    }

    @ArquillianResource
    private Deployer deployer;

    @Test
    @Order(1)
    void deploy() {
        deployer.deploy(DEPLOYMENT);
    }

    @Test
    @Order(2)
    void undeployClosesEverySessionWith1001(@ArquillianResource @OperateOnDeployment(DEPLOYMENT) URL base)
            throws Exception {
        List<TestClient> clients = List.of(
                TestClient.connect(SwitchboardWar.ws(base, "echo")),
                TestClient.connect(SwitchboardWar.ws(base, "chat/shutdown")),
                TestClient.connect(SwitchboardWar.ws(base, "broadcast/shutdown"), "json"));
        clients.get(1).nextOfType("userlist");
        deployer.undeploy(DEPLOYMENT);
        for (TestClient client : clients) {
            CloseReason reason = client.awaitClose();
            assertEquals(1001, reason.getCloseCode().getCode(), "closed with " + reason);
        }
    }
}
