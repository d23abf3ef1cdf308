package dev.switchboard.config;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * Every Switchboard setting, read once at deployment and handed down; nothing else looks
 * settings up. Names and defaults are those of docs/protocol.md §7.
 *
 * @param allowedOrigins exact origins allowed to open a WebSocket; empty means loopback only
 * @param anyOrigin      {@code allowedOrigins=*}: every origin is allowed
 */
public record Settings(
        List<String> allowedOrigins,
        boolean anyOrigin,
        boolean requireOrigin,
        int maxConnections,
        int heartbeatSeconds,
        int idleTimeoutSeconds,
        Optional<String> publishToken,
        Optional<URI> redisUrl,
        Echo echo,
        Hello hello,
        Chat chat,
        Broadcast broadcast) {

    public record Echo(int maxMessageBytes) {}

    public record Hello(long closeDelayMillis) {}

    /**
     * @param maxPendingBytes outbound bytes a chat client may leave unread before it is closed as a
     *                        slow consumer: memory is what a client that stops reading costs
     */
    public record Chat(int history, int maxTextLength, int rate, int burst, int maxMessageBytes,
                       int maxPendingBytes) {}

    /**
     * @param history             envelopes a channel keeps for clients that resume ({@code since}/{@code epoch})
     * @param retainSeconds       how long a channel's seq, epoch and history outlive its last subscriber
     * @param maxRetainedChannels channels without subscribers kept at once; past it the one emptied
     *                            longest ago is forgotten early, so that memory stays bounded
     */
    public record Broadcast(int rate, int burst, int channelRate, int channelBurst,
                            int maxPendingBytes, SlowConsumerPolicy slowConsumer, int maxMessageBytes,
                            int history, int retainSeconds, int maxRetainedChannels) {

        /**
         * The most one resuming client's replay may queue: half its outbound bound, leaving the other
         * half for live messages, so that a replay never makes its own client a slow consumer.
         */
        public long replayBytes() {
            return maxPendingBytes / 2L;
        }
    }

    /** Secrets (the publish token, a Redis password) are never printed, so settings can be logged. */
    @Override
    public String toString() {
        return "Settings[allowedOrigins=" + (anyOrigin ? "*" : allowedOrigins.isEmpty() ? "loopback" : allowedOrigins)
                + ", requireOrigin=" + requireOrigin + ", maxConnections=" + maxConnections
                + ", heartbeatSeconds=" + heartbeatSeconds + ", idleTimeoutSeconds=" + idleTimeoutSeconds
                + ", publishToken=" + (publishToken.isPresent() ? "(set)" : "(unset: publish API off)")
                + ", redis=" + redisUrl.map(Settings::describe).orElse("off")
                + ", " + echo + ", " + hello + ", " + chat + ", " + broadcast + "]";
    }

    /** A Redis URL without its user and password, for logs. */
    public static String describe(URI redis) {
        return redis.getScheme() + "://" + redis.getHost() + ":" + (redis.getPort() < 0 ? 6379 : redis.getPort())
                + (redis.getRawPath() == null ? "" : redis.getRawPath());
    }

    public static Settings defaults() {
        return load(name -> Optional.empty());
    }

    /** Reads every setting from {@code source}; a malformed value throws {@link InvalidSettingException}. */
    public static Settings load(SettingSource source) {
        SettingsReader read = new SettingsReader(source);
        List<String> origins = read.origins("switchboard.allowedOrigins");
        boolean any = origins.equals(List.of("*"));
        return new Settings(
                any ? List.of() : origins,
                any,
                read.bool("switchboard.requireOrigin", false),
                read.positiveInt("switchboard.maxConnections", 20_000),
                read.positiveInt("switchboard.heartbeatSeconds", 30),
                read.positiveInt("switchboard.idleTimeoutSeconds", 90),
                read.text("switchboard.publishToken"),
                read.redisUrl("switchboard.redis.url"),
                new Echo(read.positiveInt("switchboard.echo.maxMessageBytes", 1_048_576)),
                new Hello(read.nonNegativeInt("switchboard.hello.closeDelayMillis", 5_000)),
                new Chat(
                        read.nonNegativeInt("switchboard.chat.history", 50),
                        read.positiveInt("switchboard.chat.maxTextLength", 2_000),
                        read.positiveInt("switchboard.chat.rate", 10),
                        read.positiveInt("switchboard.chat.burst", 20),
                        read.positiveInt("switchboard.chat.maxMessageBytes", 16_384),
                        read.positiveInt("switchboard.chat.maxPendingBytes", 1_048_576)),
                new Broadcast(
                        read.positiveInt("switchboard.broadcast.rate", 20),
                        read.positiveInt("switchboard.broadcast.burst", 40),
                        read.positiveInt("switchboard.broadcast.channelRate", 1_000),
                        read.positiveInt("switchboard.broadcast.channelBurst", 2_000),
                        read.positiveInt("switchboard.broadcast.maxPendingBytes", 1_048_576),
                        read.choice("switchboard.broadcast.slowConsumer", SlowConsumerPolicy.DROP),
                        read.positiveInt("switchboard.broadcast.maxMessageBytes", 16_384),
                        read.nonNegativeInt("switchboard.broadcast.history", 100),
                        read.nonNegativeInt("switchboard.broadcast.retainSeconds", 300),
                        read.nonNegativeInt("switchboard.broadcast.maxRetainedChannels", 1_000)));
    }
}
