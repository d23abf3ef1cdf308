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
 * makes endpoints silently stop answering while handshakes still succeed.
 */
class WarContentsIT {

    private static final Pattern FORBIDDEN = Pattern.compile(
            "WEB-INF/lib/(jakarta\\.[^/]*|javax\\.websocket[^/]*|tyrus[^/]*|grizzly[^/]*|tomcat[^/]*)\\.jar");

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
