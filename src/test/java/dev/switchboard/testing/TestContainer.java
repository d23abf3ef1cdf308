package dev.switchboard.testing;

import java.util.Locale;

/**
 * The container a container test runs on, as the Maven profile named it ({@code arquillian.launch}).
 * Tests consult it only where a container deviates from RFC 6455 in a way no WAR can change, and
 * then assert that container's known behaviour exactly (README, "Container deviations").
 */
public enum TestContainer {
    TOMCAT, TOMCAT11, JETTY, PAYARA, GLASSFISH, WILDFLY, LIBERTY;

    public static TestContainer current() {
        String launch = System.getProperty("arquillian.launch");
        if (launch == null) {
            throw new IllegalStateException("arquillian.launch is not set: run container tests through a Maven profile");
        }
        return valueOf(launch.toUpperCase(Locale.ROOT));
    }

    /** Tyrus on Grizzly (Payara, GlassFish). */
    public boolean isTyrus() {
        return this == PAYARA || this == GLASSFISH;
    }

    /** Undertow (WildFly). */
    public boolean isUndertow() {
        return this == WILDFLY;
    }
}
