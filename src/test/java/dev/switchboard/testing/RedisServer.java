package dev.switchboard.testing;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A real {@code redis-server} of the test's own on a free loopback port, without persistence (so a
 * restart brings it back empty, like a Redis without persistence in production). Killed with
 * SIGKILL, restarted on the same port, stopped at the end.
 */
public final class RedisServer implements AutoCloseable {

    private final int port;
    private final List<String> extraArguments;
    private Process process;

    private RedisServer(int port, List<String> extraArguments) {
        this.port = port;
        this.extraArguments = extraArguments;
    }

    public static RedisServer start() {
        return start(List.of());
    }

    /** With more {@code redis-server} arguments, e.g. {@code --requirepass secret}. */
    public static RedisServer start(List<String> extraArguments) {
        RedisServer server = new RedisServer(freePort(), extraArguments);
        server.launch();
        return server;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    private void launch() {
        try {
            List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port),
                    "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"));
            command.addAll(extraArguments);
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true).redirectOutput(new File("target/redis-" + port + ".log"))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start redis-server (install Debian's redis-server)", e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        throw new IllegalStateException("redis-server did not start on port " + port);
    }

    /** SIGKILL: no goodbye to any client. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts again on the same port, empty. */
    public void restart() {
        launch();
    }

    /** Runs commands on a connection of the test's own, e.g. {@code FLUSHALL} or {@code CLIENT KILL}. */
    public <T> T call(Function<RedisCommands<String, String>, T> commands) {
        return call(url(), commands);
    }

    /** The same through {@code url}, e.g. with a password and a database. */
    public <T> T call(String url, Function<RedisCommands<String, String>, T> commands) {
        RedisClient client = RedisClient.create(url);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return commands.apply(connection.sync());
        } finally {
            client.shutdown();
        }
    }

    @Override
    public void close() {
        if (process != null) {
            kill();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
