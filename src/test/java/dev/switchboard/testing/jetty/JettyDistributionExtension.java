package dev.switchboard.testing.jetty;

import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.core.spi.LoadableExtension;

/**
 * Registers {@link JettyDistributionContainer}, only in the {@code jetty} failsafe run: it is on every
 * run's test classpath, and Arquillian refuses to choose between two container adapters.
 */
public class JettyDistributionExtension implements LoadableExtension {

    @Override
    public void register(ExtensionBuilder builder) {
        if ("jetty".equals(System.getProperty("arquillian.launch"))) {
            builder.service(DeployableContainer.class, JettyDistributionContainer.class);
        }
    }
}
