package dev.switchboard.testing.jetty;

import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.spi.client.container.LifecycleException;
import org.jboss.arquillian.container.spi.client.protocol.ProtocolDescription;
import org.jboss.arquillian.container.spi.client.protocol.metadata.HTTPContext;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.arquillian.container.spi.client.protocol.metadata.Servlet;
import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;

/**
 * A stock Jetty 12 distribution ({@code jetty-home}) as an Arquillian managed container. Jetty ships
 * no such adapter, so this one does what an operator does: a {@code jetty.base} with the modules
 * enabled, {@code java -jar start.jar}, and WARs dropped into (and removed from) {@code webapps/},
 * which Jetty's deployment scanner picks up. The server starts once for the whole test run.
 */
public class JettyDistributionContainer implements DeployableContainer<JettyDistributionConfiguration> {

    private JettyDistributionConfiguration config;
    private Process jetty;

    @Override
    public Class<JettyDistributionConfiguration> getConfigurationClass() {
        return JettyDistributionConfiguration.class;
    }

    @Override
    public ProtocolDescription getDefaultProtocol() {
        return new ProtocolDescription("Local"); // tests run as clients, never inside the server
    }

    @Override
    public void setup(JettyDistributionConfiguration config) {
        this.config = config;
    }

    @Override
    public void start() throws LifecycleException {
        Path base = Path.of(config.getJettyBase());
        try {
            if (!Files.isDirectory(base.resolve("start.d"))) {
                Files.createDirectories(base);
                int exit = startJar(base, List.of(), List.of("--add-modules=" + config.getModules()))
                        .waitFor();
                if (exit != 0) {
                    throw new LifecycleException("Jetty could not add modules " + config.getModules()
                            + " (exit " + exit + "), see " + base.resolve("logs/console.log"));
                }
            }
            Files.createDirectories(base.resolve("webapps"));
            List<String> jvm = new ArrayList<>(Arrays.asList(config.getJavaVmArguments().trim().split("\\s+")));
            jvm.removeIf(String::isEmpty);
            jetty = startJar(base, jvm, List.of(
                    "jetty.http.host=" + config.getBindAddress(),
                    "jetty.http.port=" + config.getHttpPort(),
                    "jetty.deploy.scanInterval=1"));
            awaitStatus("/", status -> status > 0, config.getStartupTimeoutInSeconds(), "start");
        } catch (IOException | DeploymentException e) {
            stop();
            throw new LifecycleException("Jetty did not start, see " + base.resolve("logs/console.log"), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LifecycleException("interrupted", e);
        }
    }

    private Process startJar(Path base, List<String> jvmArguments, List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArguments);
        command.add("-Djetty.home=" + config.getJettyHome());
        command.add("-Djetty.base=" + base);
        command.add("-jar");
        command.add(Path.of(config.getJettyHome(), "start.jar").toString());
        command.addAll(arguments);
        Files.createDirectories(base.resolve("logs"));
        return new ProcessBuilder(command)
                .directory(base.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(base.resolve("logs/console.log").toFile()))
                .start();
    }

    @Override
    public void stop() {
        if (jetty == null) {
            return;
        }
        jetty.destroy(); // SIGTERM: Jetty's shutdown hook stops the server gracefully
        try {
            if (!jetty.waitFor(60, TimeUnit.SECONDS)) {
                jetty.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        jetty = null;
    }

    @Override
    public ProtocolMetaData deploy(Archive<?> archive) throws DeploymentException {
        String contextRoot = contextRoot(archive);
        File war = webapp(archive);
        File upload = new File(war.getParentFile(), "." + war.getName()); // hidden: the scanner skips it
        archive.as(ZipExporter.class).exportTo(upload, true);
        if (!upload.renameTo(war)) {
            throw new DeploymentException("could not move " + upload + " to " + war);
        }
        awaitStatus(contextRoot + "/", status -> status != 404 && status != 503,
                config.getDeploymentTimeoutInSeconds(), "deploy " + archive.getName());
        HTTPContext context = new HTTPContext(config.getBindAddress(), config.getHttpPort());
        context.add(new Servlet("default", contextRoot));
        return new ProtocolMetaData().addContext(context);
    }

    @Override
    public void undeploy(Archive<?> archive) throws DeploymentException {
        File war = webapp(archive);
        if (war.exists() && !war.delete()) {
            throw new DeploymentException("could not delete " + war);
        }
        awaitStatus(contextRoot(archive) + "/", status -> status == 404,
                config.getDeploymentTimeoutInSeconds(), "undeploy " + archive.getName());
    }

    private File webapp(Archive<?> archive) {
        return Path.of(config.getJettyBase(), "webapps", archive.getName()).toFile();
    }

    private static String contextRoot(Archive<?> archive) {
        return "/" + archive.getName().replaceFirst("\\.war$", "");
    }

    /** Polls {@code path} until its HTTP status passes {@code done}; 0 stands for no answer at all. */
    private void awaitStatus(String path, IntPredicate done, int timeoutSeconds, String what)
            throws DeploymentException {
        URI uri = URI.create("http://" + config.getBindAddress() + ":" + config.getHttpPort() + path);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() < deadline) {
            if (jetty != null && !jetty.isAlive()) {
                throw new DeploymentException("Jetty exited (" + jetty.exitValue() + ") during " + what);
            }
            if (done.test(status(uri))) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeploymentException("interrupted during " + what, e);
            }
        }
        throw new DeploymentException("Jetty did not " + what + " within " + timeoutSeconds + " s");
    }

    private static int status(URI uri) {
        try {
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(5000);
            connection.setInstanceFollowRedirects(false);
            try {
                return connection.getResponseCode();
            } finally {
                connection.disconnect();
            }
        } catch (IOException notListeningYet) {
            return 0;
        }
    }
}
