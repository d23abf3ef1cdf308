package dev.switchboard;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged WAR bundles no container API or implementation: on Payara and GlassFish such a jar
 * makes endpoints silently stop answering while handshakes still succeed. The Redis client (Lettuce)
 * is bundled with its Netty and Reactor, which no container exposes to applications; what could
 * still clash is checked here: one version of each Netty module, and no native transport (a native
 * library loads once per JVM, so two applications bundling it fail on the second).
 */
class WarContentsIT {

    private static final Pattern FORBIDDEN = Pattern.compile(
            "WEB-INF/lib/(jakarta\\.[^/]*|javax\\.websocket[^/]*|tyrus[^/]*|grizzly[^/]*|tomcat[^/]*)\\.jar");

    @Test
    void theRedisClientIsBundledWithOneNettyAndNoNativeTransport() throws IOException {
        File war = new File(System.getProperty("switchboard.war", "target/switchboard.war"));
        try (ZipFile zip = new ZipFile(war)) {
            List<String> jars = zip.stream().map(entry -> entry.getName())
                    .filter(name -> name.startsWith("WEB-INF/lib/") && name.endsWith(".jar"))
                    .map(name -> name.substring("WEB-INF/lib/".length())).toList();
            assertTrue(jars.stream().anyMatch(jar -> jar.startsWith("lettuce-core-7.")), jars.toString());
            assertTrue(jars.stream().anyMatch(jar -> jar.startsWith("reactor-core-")), jars.toString());
            List<String> netty = jars.stream().filter(jar -> jar.startsWith("netty-")).toList();
            assertTrue(netty.stream().anyMatch(jar -> jar.startsWith("netty-handler-")), jars.toString());
            assertEquals(1, netty.stream().map(jar -> jar.replaceAll("^netty-.*?-(\\d+\\.\\d+\\.\\d+\\.Final)\\.jar$", "$1"))
                    .distinct().count(), "one Netty version: " + netty);
            assertEquals(List.of(), netty.stream().filter(jar -> jar.contains("native-epoll") || jar.contains("native-kqueue")
                    || jar.contains("io_uring") || jar.contains("tcnative")).toList());
        }
    }

    @Test
    void noContainerJarIsBundled() throws IOException {
        File war = new File(System.getProperty("switchboard.war", "target/switchboard.war"));
        assertTrue(war.isFile(), "no WAR at " + war);
        try (ZipFile zip = new ZipFile(war)) {
            List<String> forbidden = zip.stream().map(entry -> entry.getName())
                    .filter(name -> FORBIDDEN.matcher(name).matches()).toList();
            assertEquals(List.of(), forbidden);
            assertTrue(zip.stream().anyMatch(entry -> entry.getName().startsWith("WEB-INF/lib/jackson-databind")),
                    "the WAR should bundle its own Jackson");
        }
    }
}
