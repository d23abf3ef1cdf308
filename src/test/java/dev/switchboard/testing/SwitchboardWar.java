package dev.switchboard.testing;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.File;
import java.net.URI;
import java.net.URL;

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

    /** {@code http://host:port/switchboard/} → {@code ws://host:port/switchboard/path}. */
    public static URI ws(URL base, String path) {
        return URI.create(base.toString().replaceFirst("^http", "ws").replaceFirst("/?$", "/") + path);
    }
}
