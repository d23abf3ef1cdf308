package dev.switchboard.ops;

import dev.switchboard.SwitchboardNode;
import dev.switchboard.config.SettingSource;
import dev.switchboard.config.Settings;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Reads the settings once when the WAR is deployed (a malformed value fails the deployment)
 * and tears the node down when it is undeployed.
 */
@WebListener
public class SwitchboardLifecycle implements ServletContextListener {

    private static final System.Logger LOG = System.getLogger(SwitchboardLifecycle.class.getName());

    private SwitchboardNode node;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        Settings settings = Settings.load(
                SettingSource.layered(System::getProperty, System::getenv, context::getInitParameter));
        node = new SwitchboardNode(settings);
        SwitchboardNode.install(node);
        LOG.log(System.Logger.Level.INFO, "Switchboard started at {0} with {1}", context.getContextPath(), settings);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (node != null) {
            node.shutdown();
            SwitchboardNode.uninstall(node);
            LOG.log(System.Logger.Level.INFO, "Switchboard stopped");
        }
    }
}
