package dev.switchboard.testing.timing;

import org.jboss.arquillian.core.spi.LoadableExtension;

/** Registers {@link ContainerTimings} for every container test run. */
public class ContainerTimingsExtension implements LoadableExtension {

    @Override
    public void register(ExtensionBuilder builder) {
        builder.observer(ContainerTimings.class);
    }
}
