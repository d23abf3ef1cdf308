package dev.switchboard.ops;

import dev.switchboard.testing.RawHandshake;
import dev.switchboard.testing.SwitchboardWar;
import dev.switchboard.testing.TestClient;
import jakarta.websocket.CloseReason;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.IOException;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Undeploy stops and joins every thread the WAR started, whatever is in flight: deploys and
 * undeploys the WAR 20 times on Tomcat, each time with live sessions (chat, broadcast, echo, a hello
 * goodbye pending, a broadcast subscriber that stopped reading under a flood). Tomcat itself is
 * watched over JMX (threads, heap and loaded classes after a full GC) and through its log, where a
 * thread left behind shows as "started a thread named [...] but has failed to stop it".
 * Tomcat only: Payara Micro undeploys by stopping its JVM.
 */
@ExtendWith(ArquillianExtension.class)
class RedeployIT {

    private static final String DEPLOYMENT = "switchboard";
    private static final int CYCLES = 20;
    private static final int WARM_CYCLES = 5;

    @Deployment(name = DEPLOYMENT, managed = false, testable = false)
    static WebArchive war() {
        return SwitchboardWar.packagedWith(Map.of(
                "switchboard.broadcast.rate", "100000", "switchboard.broadcast.burst", "100000",
                "switchboard.broadcast.channelRate", "100000", "switchboard.broadcast.channelBurst", "100000"));
    }

    @ArquillianResource
    private Deployer deployer;

    @Test
    void twentyRedeploysWithLiveSessionsLeaveNoThreadNoLeakWarningAndAFlatHeap() throws Exception {
        URL base = new URL("http://127.0.0.1:" + System.getProperty("switchboard.test.httpPort") + "/switchboard/");
        Path logs = Path.of(System.getProperty("switchboard.test.tomcatHome"), "logs");
        Map<Path, Long> logSizes = logSizes(logs);
        JMXServiceURL jmx = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:"
                + System.getProperty("switchboard.test.jmxPort") + "/jmxrmi");
        try (JMXConnector connector = JMXConnectorFactory.connect(jmx)) {
            MBeanServerConnection tomcat = connector.getMBeanServerConnection();
            ThreadMXBean threads = ManagementFactory.newPlatformMXBeanProxy(tomcat, ManagementFactory.THREAD_MXBEAN_NAME, ThreadMXBean.class);
            MemoryMXBean memory = ManagementFactory.newPlatformMXBeanProxy(tomcat, ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
            ClassLoadingMXBean classes = ManagementFactory.newPlatformMXBeanProxy(tomcat, ManagementFactory.CLASS_LOADING_MXBEAN_NAME, ClassLoadingMXBean.class);
            long[] heapAfterGc = new long[CYCLES];
            int[] loadedClasses = new int[CYCLES];
            for (int cycle = 0; cycle < CYCLES; cycle++) {
                deployer.deploy(DEPLOYMENT);
                List<TestClient> clients = new ArrayList<>();
                Socket stalled = RawHandshake.open(base, "broadcast/redeploy",
                        Map.of("Origin", "http://localhost", "Sec-WebSocket-Protocol", "text"));
                stalled.setReceiveBufferSize(4096);
                try {
                    clients.add(TestClient.connect(SwitchboardWar.ws(base, "chat/redeploy")));
                    clients.get(0).nextOfType("userlist");
                    TestClient publisher = TestClient.connect(SwitchboardWar.ws(base, "broadcast/redeploy"), "json");
                    clients.add(publisher);
                    TestClient echo = TestClient.connect(SwitchboardWar.ws(base, "echo"));
                    clients.add(echo);
                    echo.send("ping");
                    assertEquals("ping", echo.nextText());
                    TestClient hello = TestClient.connect(SwitchboardWar.ws(base, "hello"));
                    clients.add(hello);
                    hello.send("redeploy");
                    hello.nextText(); // its goodbye is now pending on the timer
                    String flood = "x".repeat(16 * 1024 - 8); // under the 16 KiB cap with its number
                    for (int i = 0; i < 100; i++) {
                        publisher.send(i + ":" + flood); // fills the stalled subscriber's socket: a write stays in flight
                    }
                    while (!publisher.nextText().contains("\"text\":\"99:")) {
                        // relayed back to the publisher (older ones maybe dropped): only the stalled write is left in flight
                    }

                    deployer.undeploy(DEPLOYMENT);

                    List<String> paths = List.of("chat", "broadcast publisher", "echo", "hello");
                    for (int i = 0; i < clients.size(); i++) {
                        CloseReason reason = clients.get(i).awaitClose();
                        assertEquals(1001, reason.getCloseCode().getCode(), "cycle " + cycle + ", " + paths.get(i) + ": " + reason);
                    }
                } finally {
                    stalled.setSoLinger(true, 0);
                    stalled.close();
                    for (TestClient client : clients) {
                        client.close();
                    }
                }
                List<String> left = switchboardThreads(threads);
                assertEquals(List.of(), left, "cycle " + cycle + ": threads alive after undeploy");
                memory.gc();
                heapAfterGc[cycle] = memory.getHeapMemoryUsage().getUsed();
                loadedClasses[cycle] = classes.getLoadedClassCount();
            }
            String newLog = newLogText(logs, logSizes);
            // Tomcat's leak warnings: a thread left running, a ThreadLocal left set, a class loader pinned
            for (String warning : List.of("failed to stop it", "failed to remove it", "very likely to create a memory leak")) {
                assertFalse(newLog.contains(warning), "Tomcat warned \"" + warning + "\":\n" + newLog);
            }
            long heapGrowth = heapAfterGc[CYCLES - 1] - heapAfterGc[WARM_CYCLES - 1];
            int classGrowth = loadedClasses[CYCLES - 1] - loadedClasses[WARM_CYCLES - 1];
            String figures = "heap after GC by cycle " + java.util.Arrays.toString(heapAfterGc)
                    + ", loaded classes " + java.util.Arrays.toString(loadedClasses);
            System.out.println("RedeployIT: " + figures);
            // a WAR whose class loader stays pinned keeps its ~2,000 classes and several MB of heap per cycle
            assertTrue(classGrowth < 1_000, "loaded classes grew by " + classGrowth + ": " + figures);
            assertTrue(heapGrowth < 24L * 1024 * 1024, "heap after GC grew by " + heapGrowth + " bytes: " + figures);
        }
    }

    private static List<String> switchboardThreads(ThreadMXBean threads) {
        List<String> names = new ArrayList<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("switchboard-")) {
                names.add(info.getThreadName() + " " + info.getThreadState());
            }
        }
        return names;
    }

    private static Map<Path, Long> logSizes(Path logs) throws IOException {
        Map<Path, Long> sizes = new HashMap<>();
        if (Files.isDirectory(logs)) {
            try (Stream<Path> files = Files.list(logs)) {
                for (Path file : files.toList()) {
                    sizes.put(file, Files.size(file));
                }
            }
        }
        return sizes;
    }

    private static String newLogText(Path logs, Map<Path, Long> before) throws IOException {
        StringBuilder text = new StringBuilder();
        try (Stream<Path> files = Files.list(logs)) {
            for (Path file : files.toList()) {
                byte[] bytes = Files.readAllBytes(file);
                int from = (int) Math.min(bytes.length, before.getOrDefault(file, 0L));
                text.append(new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8));
            }
        }
        return text.toString();
    }
}
