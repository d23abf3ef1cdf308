package dev.switchboard.testing;

import dev.switchboard.wiring.SwitchboardConfigurator;
import dev.switchboard.wiring.SwitchboardNode;
import dev.switchboard.broadcast.AllChannelEndpoint;
import dev.switchboard.broadcast.BroadcastEndpoint;
import dev.switchboard.chat.ChatEndpoint;
import dev.switchboard.chat.LobbyChatEndpoint;
import dev.switchboard.config.SettingSource;
import dev.switchboard.config.Settings;
import dev.switchboard.echo.EchoEndpoint;
import dev.switchboard.hello.HelloEndpoint;
import jakarta.websocket.DeploymentException;
import org.glassfish.tyrus.server.Server;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.awaitility.Awaitility.await;

/**
 * The endpoint classes on Tyrus's own server (Grizzly) inside the test's JVM: no WAR, no servlet
 * container, started in milliseconds. The tier between unit tests and the container tests, which
 * remain the judge of the packaged WAR.
 *
 * <p>Without a servlet container no {@code ServletContextListener} runs, so this fixture does what
 * the lifecycle listener does at deployment: it builds a {@link SwitchboardNode} from the given
 * settings (defaults for the rest) and installs it, and at {@link #close()} shuts it down and removes
 * it. What it leaves out, because it needs a servlet container: the remote-address filter (logs say
 * {@code unknown}), the HTTP servlets (health, metrics, publish API), the container's default buffer
 * sizes. The server listens on a port the system picks. A JUnit 5 extension: one server per test class.
 */
public final class InProcessSwitchboard implements BeforeAllCallback, AfterAllCallback {

    private static final String CONTEXT = "/switchboard";

    private final Map<String, String> settings;
    private SwitchboardNode node;
    private Server server;

    private InProcessSwitchboard(Map<String, String> settings) {
        this.settings = Map.copyOf(settings);
    }

    /**
     * Every endpoint of the WAR, with {@code settings} over the defaults, for the test class that
     * registers it: {@code @RegisterExtension static final InProcessSwitchboard server = ...}.
     */
    public static InProcessSwitchboard with(Map<String, String> settings) {
        return new InProcessSwitchboard(settings);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws DeploymentException {
        SettingSource source = name -> Optional.ofNullable(settings.get(name))
                .map(value -> new SettingSource.RawSetting(value, "test setting " + name));
        node = new SwitchboardNode(Settings.load(source), "in-process-test");
        SwitchboardConfigurator.install(node);
        server = new Server("localhost", -1, CONTEXT, Map.of(), Set.of(
                EchoEndpoint.class, HelloEndpoint.class, ChatEndpoint.class, LobbyChatEndpoint.class,
                BroadcastEndpoint.class, AllChannelEndpoint.class));
        server.start();
    }

    /**
     * Stops the server, then does what the lifecycle listener does at undeploy. Server first: a
     * handshake answered just before the end of the last test may still be on its way to
     * {@code @OnOpen}, which must find the node installed.
     */
    @Override
    public void afterAll(ExtensionContext context) {
        server.stop();
        node.shutdown();
        SwitchboardConfigurator.uninstall(node);
    }

    /** {@code ws://localhost:PORT/switchboard/path}. */
    public URI ws(String path) {
        return URI.create("ws://localhost:" + server.getPort() + CONTEXT + "/" + path);
    }

    /** {@code http://localhost:PORT/switchboard/}, for raw handshakes. */
    public URL base() throws MalformedURLException {
        return URI.create("http://localhost:" + server.getPort() + CONTEXT + "/").toURL();
    }

    /**
     * Waits until exactly {@code count} sessions are open on the node. A client's connect returns when
     * the handshake is answered, possibly before {@code @OnOpen} has joined the session to its room or
     * channel; the session is counted in that same call. Exactly, because sessions of an earlier test
     * may still be on their way out.
     */
    public void awaitOpenConnections(int count) {
        await("open sessions == " + count).atMost(TestClient.WAIT)
                .until(() -> node.connections().openCount() == count);
    }
}
