package dev.switchboard.testing.jetty;

import org.jboss.arquillian.container.spi.ConfigurationException;
import org.jboss.arquillian.container.spi.client.container.ContainerConfiguration;

/** Where the stock Jetty distribution is, where its base goes, and how to start it (arquillian.xml). */
public class JettyDistributionConfiguration implements ContainerConfiguration {

    private String jettyHome;
    private String jettyBase;
    private String modules = "http,ee10-deploy,ee10-websocket-jakarta";
    private String bindAddress = "127.0.0.1";
    private int httpPort;
    private String javaVmArguments = "";
    private int startupTimeoutInSeconds = 120;
    private int deploymentTimeoutInSeconds = 120;

    @Override
    public void validate() throws ConfigurationException {
        if (jettyHome == null || jettyBase == null || httpPort <= 0) {
            throw new ConfigurationException("jettyHome, jettyBase and httpPort are required");
        }
    }

    public String getJettyHome() { return jettyHome; }
    public void setJettyHome(String jettyHome) { this.jettyHome = jettyHome; }
    public String getJettyBase() { return jettyBase; }
    public void setJettyBase(String jettyBase) { this.jettyBase = jettyBase; }
    public String getModules() { return modules; }
    public void setModules(String modules) { this.modules = modules; }
    public String getBindAddress() { return bindAddress; }
    public void setBindAddress(String bindAddress) { this.bindAddress = bindAddress; }
    public int getHttpPort() { return httpPort; }
    public void setHttpPort(int httpPort) { this.httpPort = httpPort; }
    public String getJavaVmArguments() { return javaVmArguments; }
    public void setJavaVmArguments(String javaVmArguments) { this.javaVmArguments = javaVmArguments; }
    public int getStartupTimeoutInSeconds() { return startupTimeoutInSeconds; }
    public void setStartupTimeoutInSeconds(int seconds) { this.startupTimeoutInSeconds = seconds; }
    public int getDeploymentTimeoutInSeconds() { return deploymentTimeoutInSeconds; }
    public void setDeploymentTimeoutInSeconds(int seconds) { this.deploymentTimeoutInSeconds = seconds; }
}
