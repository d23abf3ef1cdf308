package loadgen;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Switchboard's WebSocket load generator, JDK only: raw NIO sockets, one selector thread,
 * hand-written RFC 6455 framing (client frames masked), so that the generator costs little CPU per
 * message and never becomes the bottleneck. This class only dispatches the commands:
 *
 * <pre>
 * java -cp bench/target/classes loadgen.LoadGen suite --name NAME --base ws://127.0.0.1:PORT/ctx --pid SERVER_PID --out FILE [options]
 * java -cp bench/target/classes loadgen.LoadGen echo-server PORT          the calibration server: raw NIO echo, no framework
 * java -cp bench/target/classes loadgen.LoadGen idle-client URL COUNT     holds COUNT idle connections until stdin closes
 * java -cp bench/target/classes loadgen.LoadGen table FILE...            one table from suite result files
 * java -cp bench/target/classes loadgen.LoadGen container-table WS CONTAINER...   one column per server (bench/containers.sh)
 * java -cp bench/target/classes loadgen.LoadGen jfr-top FILE             the hottest frames of a JFR recording
 * </pre>
 *
 * <p>The package: {@link Engine}, {@link Connection} and {@link Handler} are the client engine;
 * {@link Suite} runs the scenarios ({@link EchoScenario}, {@link BroadcastScenario},
 * {@link IdleScenario} with {@link IdleClient}) and measures with {@link Samples}, {@link CpuWindow}
 * and {@link ServerProcess}; {@link Table} and {@link ContainerTable} print the results; {@link RawEchoServer} is the
 * calibration server; {@link JfrTop} summarises a JFR recording.
 */
public final class LoadGen {

    private LoadGen() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: loadgen.LoadGen suite|echo-server|idle-client|table|container-table|jfr-top ...");
            System.exit(2);
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "suite" -> Suite.run(Options.parse(rest));
            case "echo-server" -> RawEchoServer.run(Integer.parseInt(rest[0]), rest.length > 1 && rest[1].equals("batched"));
            case "idle-client" -> IdleClient.runChild(rest[0], Integer.parseInt(rest[1]));
            case "table" -> Table.print(rest, System.out);
            case "container-table" -> ContainerTable.print(rest, System.out);
            case "jfr-top" -> JfrTop.print(Path.of(rest[0]), rest.length > 1 ? Integer.parseInt(rest[1]) : 25);
            default -> {
                System.err.println("unknown command " + args[0]);
                System.exit(2);
            }
        }
    }
}
