package dev.switchboard.testing.timing;

import org.jboss.arquillian.container.spi.event.container.AfterDeploy;
import org.jboss.arquillian.container.spi.event.container.AfterStart;
import org.jboss.arquillian.container.spi.event.container.AfterStop;
import org.jboss.arquillian.container.spi.event.container.AfterUnDeploy;
import org.jboss.arquillian.container.spi.event.container.BeforeDeploy;
import org.jboss.arquillian.container.spi.event.container.BeforeStart;
import org.jboss.arquillian.container.spi.event.container.BeforeStop;
import org.jboss.arquillian.container.spi.event.container.BeforeUnDeploy;
import org.jboss.arquillian.core.api.annotation.Observes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Measures how long the container takes to start, deploy and undeploy, whatever the adapter, and
 * appends one line per event to {@code switchboard.test.timings} (test.sh sums them per container).
 * Payara Micro's adapter starts a server inside each deployment, so there its deployments are its
 * start-ups.
 */
public class ContainerTimings {

    private long startNanos;
    private long deployNanos;
    private long undeployNanos;
    private long stopNanos;

    public void beforeStart(@Observes BeforeStart event) {
        startNanos = System.nanoTime();
    }

    public void afterStart(@Observes AfterStart event) {
        record("start", startNanos);
    }

    public void beforeDeploy(@Observes BeforeDeploy event) {
        deployNanos = System.nanoTime();
    }

    public void afterDeploy(@Observes AfterDeploy event) {
        record("deploy", deployNanos);
    }

    public void beforeUndeploy(@Observes BeforeUnDeploy event) {
        undeployNanos = System.nanoTime();
    }

    public void afterUndeploy(@Observes AfterUnDeploy event) {
        record("undeploy", undeployNanos);
    }

    public void beforeStop(@Observes BeforeStop event) {
        stopNanos = System.nanoTime();
    }

    public void afterStop(@Observes AfterStop event) {
        record("stop", stopNanos);
    }

    private static void record(String what, long sinceNanos) {
        String file = System.getProperty("switchboard.test.timings");
        if (file == null) {
            return;
        }
        String line = String.format(Locale.ROOT, "%s %.1f%n", what, (System.nanoTime() - sinceNanos) / 1e9);
        try {
            Files.writeString(Path.of(file), line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
