package dev.switchboard.testing;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The WAR exactly as Maven packaged it: container tests deploy this, not classes off the test classpath. */
public final class SwitchboardWar {

    private SwitchboardWar() {}

    public static WebArchive packaged() {
        File war = new File(System.getProperty("switchboard.war", "target/switchboard.war"));
        if (!war.isFile()) {
            throw new IllegalStateException("No packaged WAR at " + war.getAbsolutePath() + ": run mvn verify");
        }
        return ShrinkWrap.create(ZipImporter.class, "switchboard.war").importFrom(war).as(WebArchive.class);
    }

    /**
     * The packaged WAR with settings added as {@code web.xml} context-params, the way an operator
     * configures a deployment; everything else in the archive is untouched.
     */
    public static WebArchive packagedWith(Map<String, String> settings) {
        WebArchive war = packaged();
        String webXml;
        try (InputStream in = war.get("WEB-INF/web.xml").getAsset().openStream()) {
            webXml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringBuilder params = new StringBuilder();
        settings.forEach((name, value) -> params.append("  <context-param><param-name>").append(name)
                .append("</param-name><param-value>").append(value).append("</param-value></context-param>\n"));
        war.delete("WEB-INF/web.xml");
        war.setWebXML(new StringAsset(webXml.replace("</display-name>", "</display-name>\n" + params)));
        return war;
    }

    /** {@code http://host:port/switchboard/} → {@code ws://host:port/switchboard/path}. */
    public static URI ws(URL base, String path) {
        return URI.create(base.toString().replaceFirst("^http", "ws").replaceFirst("/?$", "/") + path);
    }
}
