package dev.switchboard.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.ToDoubleFunction;

/**
 * This node's metrics, exposed in the Prometheus text format by Micrometer. Counting happens in
 * {@link EndpointMetrics} and the handshake counters here; the registry only reads them on scrape.
 */
public final class Metrics {

    /** Why a WebSocket was refused at or right after the handshake. */
    public enum Refusal {
        ORIGIN("origin"), CAPACITY("capacity"), INVALID_NAME("invalid-name");

        final String label;

        Refusal(String label) {
            this.label = label;
        }
    }

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<EndpointKind, EndpointMetrics> endpoints = new EnumMap<>(EndpointKind.class);
    private final Map<Refusal, LongAdder> refusals = new EnumMap<>(Refusal.class);
    private final LongAdder crossNodeIn = new LongAdder();
    private final LongAdder crossNodeOut = new LongAdder();
    private volatile BooleanSupplier redisUp = () -> false;

    public Metrics(String version, String jacksonVersion) {
        for (EndpointKind kind : EndpointKind.values()) {
            EndpointMetrics metrics = new EndpointMetrics();
            endpoints.put(kind, metrics);
            Tags tags = Tags.of("endpoint", kind.label());
            Gauge.builder("switchboard.connections.open", metrics.open, Number::doubleValue)
                    .description("Open WebSocket connections").tags(tags).register(registry);
            counter("switchboard.messages.in", "Messages received", tags, metrics.messagesIn);
            counter("switchboard.messages.out", "Messages sent", tags, metrics.messagesOut);
            counter("switchboard.bytes.in", "Message bytes received", tags, metrics.bytesIn);
            counter("switchboard.bytes.out", "Message bytes sent", tags, metrics.bytesOut);
            counter("switchboard.rate.limited", "Messages refused by a rate limit", tags, metrics.rateLimited);
            counter("switchboard.dropped", "Messages dropped for slow consumers", tags, metrics.dropped);
        }
        for (Refusal refusal : Refusal.values()) {
            LongAdder count = new LongAdder();
            refusals.put(refusal, count);
            counter("switchboard.handshakes.refused", "WebSocket handshakes refused or closed at opening",
                    Tags.of("reason", refusal.label), count);
        }
        Gauge.builder("switchboard.redis.up", () -> redisUp.getAsBoolean() ? 1 : 0)
                .description("1 while Redis is usable (pub/sub proven by a round trip), 0 when down or not configured")
                .register(registry);
        counter("switchboard.cluster.messages", "Room and channel events exchanged with other nodes through Redis",
                Tags.of("direction", "in"), crossNodeIn);
        counter("switchboard.cluster.messages", "Room and channel events exchanged with other nodes through Redis",
                Tags.of("direction", "out"), crossNodeOut);
        Gauge.builder("switchboard.build.info", () -> 1)
                .description("Build information; jackson is the version actually loaded")
                .tags("version", version, "jackson", jacksonVersion).register(registry);
    }

    private void counter(String name, String description, Tags tags, LongAdder source) {
        FunctionCounter.builder(name, source, (ToDoubleFunction<LongAdder>) LongAdder::doubleValue)
                .description(description).tags(tags).register(registry);
    }

    public EndpointMetrics endpoint(EndpointKind kind) {
        return endpoints.get(kind);
    }

    /** Cross-node messages received from other nodes. */
    public LongAdder crossNodeIn() {
        return crossNodeIn;
    }

    /** Messages this node published for other nodes. */
    public LongAdder crossNodeOut() {
        return crossNodeOut;
    }

    public void redisUp(BooleanSupplier up) {
        this.redisUp = up;
    }

    public void refused(Refusal refusal) {
        refusals.get(refusal).increment();
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }
}
