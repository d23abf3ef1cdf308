package dev.switchboard.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The project version, written into the WAR by the build. */
public final class BuildInfo {

    private BuildInfo() {}

    public static String version() {
        try (InputStream in = BuildInfo.class.getResourceAsStream("/dev/switchboard/build.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
