package dev.switchboard.cluster;

import dev.switchboard.testing.RedisServer;
import dev.switchboard.testing.SwitchboardWar;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The two-node cluster of the container tests, started once for all of them: one Redis of the
 * tests' own, the Tomcat node (Arquillian deploys the WAR from {@link #war()}) and a Payara Micro
 * node that this class runs as a second process with the same packaged WAR and settings. The
 * Payara node can be SIGKILLed (the last test does), Redis killed and restarted.
 */
public final class ClusterNodes {

    public static final String TOKEN = "cluster-token";

    private static RedisServer redis;
    private static Process payara;
    private static int payaraPort;

    private ClusterNodes() {}

    public static synchronized RedisServer redis() {
        if (redis == null) {
            redis = RedisServer.start();
            Runtime.getRuntime().addShutdownHook(new Thread(ClusterNodes::stopAll));
        }
        return redis;
    }

    /** The packaged WAR with the cluster's settings, as both nodes run it. */
    public static WebArchive war() {
        return SwitchboardWar.packagedWith(Map.of(
                "switchboard.redis.url", redis().url(),
                "switchboard.publishToken", TOKEN,
                "switchboard.broadcast.channelRate", "5",
                "switchboard.broadcast.channelBurst", "10"));
    }

    /** {@code http://127.0.0.1:PORT/switchboard/} on the Payara node, started on first use. */
    public static synchronized URL payara() {
        if (payara == null) {
            startPayara();
        }
        try {
            return URI.create("http://127.0.0.1:" + payaraPort + "/switchboard/").toURL();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static synchronized boolean payaraAlive() {
        return payara != null && payara.isAlive();
    }

    /** SIGKILL: the node gets no chance to leave its rooms. */
    public static synchronized void killPayara() {
        payara.destroyForcibly();
        try {
            payara.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void startPayara() {
        File jar = new File(System.getProperty("switchboard.test.payaraMicroJar", "target/payara-micro.jar"));
        File warFile = new File("target/cluster-node.war");
        war().as(ZipExporter.class).exportTo(warFile, true);
        payaraPort = freePort();
        try {
            payara = new ProcessBuilder(List.of("java", "-Xmx768m", "-jar", jar.getAbsolutePath(),
                    "--deploy", warFile.getAbsolutePath(), "--contextroot", "switchboard",
                    "--port", Integer.toString(payaraPort), "--nocluster"))
                    .redirectErrorStream(true).redirectOutput(new File("target/cluster-payara.log")).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Payara Micro from " + jar, e);
        }
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
        while (System.nanoTime() < deadline) {
            if (!payara.isAlive()) {
                throw new IllegalStateException("Payara Micro exited: see target/cluster-payara.log");
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + payaraPort + "/switchboard/health"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(1000);
        }
        throw new IllegalStateException("Payara Micro did not serve /health within 300 s: see target/cluster-payara.log");
    }

    private static synchronized void stopAll() {
        if (payara != null) {
            payara.destroyForcibly();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
