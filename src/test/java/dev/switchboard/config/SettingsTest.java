package dev.switchboard.config;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingsTest {

    private final Map<String, String> properties = new HashMap<>();
    private final Map<String, String> environment = new HashMap<>();
    private final Map<String, String> contextParams = new HashMap<>();

    private Settings load() {
        return Settings.load(SettingSource.layered(properties::get, environment::get, contextParams::get));
    }

    @Test
    void everySettingHasTheContractDefault() {
        Settings settings = load();
        assertEquals(List.of(), settings.allowedOrigins());
        assertFalse(settings.anyOrigin());
        assertFalse(settings.requireOrigin());
        assertEquals(20_000, settings.maxConnections());
        assertEquals(30, settings.heartbeatSeconds());
        assertEquals(90, settings.idleTimeoutSeconds());
        assertEquals(Optional.empty(), settings.publishToken());
        assertEquals(Optional.empty(), settings.redisUrl());
        assertEquals(new Settings.Echo(1_048_576), settings.echo());
        assertEquals(new Settings.Hello(5_000), settings.hello());
        assertEquals(new Settings.Chat(50, 2_000, 10, 20, 16_384, 1_048_576), settings.chat());
        assertEquals(new Settings.Broadcast(20, 40, 1_000, 2_000, 1_048_576, SlowConsumerPolicy.DROP, 16_384, 100, 300, 1_000),
                settings.broadcast());
    }

    @Test
    void systemPropertyBeatsEnvironmentBeatsContextParam() {
        contextParams.put("switchboard.chat.rate", "3");
        assertEquals(3, load().chat().rate());
        environment.put("SWITCHBOARD_CHAT_RATE", "4");
        assertEquals(4, load().chat().rate());
        properties.put("switchboard.chat.rate", "5");
        assertEquals(5, load().chat().rate());
    }

    @Test
    void environmentNamesTurnDotsAndCamelHumpsIntoUnderscores() {
        assertEquals("SWITCHBOARD_CHAT_MAX_TEXT_LENGTH", SettingSource.environmentName("switchboard.chat.maxTextLength"));
        assertEquals("SWITCHBOARD_REDIS_URL", SettingSource.environmentName("switchboard.redis.url"));
        environment.put("SWITCHBOARD_BROADCAST_MAX_PENDING_BYTES", "2048");
        assertEquals(2048, load().broadcast().maxPendingBytes());
    }

    @Test
    void chatHasAPendingBoundOfItsOwnApartFromBroadcasts() {
        properties.put("switchboard.chat.maxPendingBytes", "65536");
        Settings settings = load();
        assertEquals(65_536, settings.chat().maxPendingBytes());
        assertEquals(1_048_576, settings.broadcast().maxPendingBytes());
    }

    @Test
    void aMalformedNumberNamesTheSettingAndWhereItCameFrom() {
        environment.put("SWITCHBOARD_CHAT_BURST", "lots");
        InvalidSettingException error = assertThrows(InvalidSettingException.class, this::load);
        assertTrue(error.getMessage().contains("switchboard.chat.burst"), error.getMessage());
        assertTrue(error.getMessage().contains("SWITCHBOARD_CHAT_BURST"), error.getMessage());
    }

    @Test
    void zeroOrNegativeLimitsAreRefused() {
        properties.put("switchboard.maxConnections", "0");
        assertThrows(InvalidSettingException.class, this::load);
        properties.put("switchboard.maxConnections", "-5");
        assertThrows(InvalidSettingException.class, this::load);
    }

    @Test
    void booleansAreTrueOrFalseAndNothingElse() {
        properties.put("switchboard.requireOrigin", "TRUE");
        assertTrue(load().requireOrigin());
        properties.put("switchboard.requireOrigin", "yes");
        InvalidSettingException error = assertThrows(InvalidSettingException.class, this::load);
        assertTrue(error.getMessage().contains("switchboard.requireOrigin"));
    }

    @Test
    void allowedOriginsAreACommaSeparatedListOfExactOrigins() {
        properties.put("switchboard.allowedOrigins", "https://app.example.com, http://localhost:3000");
        assertEquals(List.of("https://app.example.com", "http://localhost:3000"), load().allowedOrigins());
    }

    @Test
    void aStarAllowsEveryOrigin() {
        properties.put("switchboard.allowedOrigins", "*");
        assertTrue(load().anyOrigin());
    }

    @Test
    void anOriginWithAPathIsRefused() {
        properties.put("switchboard.allowedOrigins", "https://app.example.com/chat");
        InvalidSettingException error = assertThrows(InvalidSettingException.class, this::load);
        assertTrue(error.getMessage().contains("switchboard.allowedOrigins"));
    }

    @Test
    void slowConsumerPolicyIsDropOrDisconnect() {
        properties.put("switchboard.broadcast.slowConsumer", "disconnect");
        assertEquals(SlowConsumerPolicy.DISCONNECT, load().broadcast().slowConsumer());
        properties.put("switchboard.broadcast.slowConsumer", "ignore");
        InvalidSettingException error = assertThrows(InvalidSettingException.class, this::load);
        assertTrue(error.getMessage().contains("drop, disconnect"), error.getMessage());
    }

    @Test
    void broadcastHistoryAndRetentionAcceptZeroButNotNegativesOrWords() {
        properties.put("switchboard.broadcast.history", "0");
        properties.put("switchboard.broadcast.retainSeconds", "0");
        properties.put("switchboard.broadcast.maxRetainedChannels", "0");
        Settings.Broadcast broadcast = load().broadcast();
        assertEquals(List.of(0, 0, 0), List.of(broadcast.history(), broadcast.retainSeconds(), broadcast.maxRetainedChannels()));
        for (String name : List.of("switchboard.broadcast.history", "switchboard.broadcast.retainSeconds",
                "switchboard.broadcast.maxRetainedChannels")) {
            properties.put(name, "-1");
            InvalidSettingException negative = assertThrows(InvalidSettingException.class, this::load);
            assertTrue(negative.getMessage().contains(name), negative.getMessage());
            properties.put(name, "five");
            InvalidSettingException word = assertThrows(InvalidSettingException.class, this::load);
            assertTrue(word.getMessage().contains(name), word.getMessage());
            properties.put(name, "0");
        }
    }

    @Test
    void redisUrlMustBeARedisUrl() {
        properties.put("switchboard.redis.url", "redis://cache:6379");
        assertEquals("cache", load().redisUrl().orElseThrow().getHost());
        properties.put("switchboard.redis.url", "cache:6379");
        assertThrows(InvalidSettingException.class, this::load);
    }

    @Test
    void redisUrlTakesUserPasswordDatabaseAndTls() {
        properties.put("switchboard.redis.url", "rediss://app:pw@cache.internal:6380/3");
        URI url = load().redisUrl().orElseThrow();
        assertEquals("rediss", url.getScheme());
        assertEquals("app:pw", url.getUserInfo());
        assertEquals(6380, url.getPort());
        assertEquals("/3", url.getPath());
    }

    @Test
    void aMalformedRedisUrlNamesTheSettingButNotThePassword() {
        properties.put("switchboard.redis.url", "redis://app:hunter2@cache:6379/db?x=1");
        InvalidSettingException error = assertThrows(InvalidSettingException.class, this::load);
        assertTrue(error.getMessage().contains("switchboard.redis.url"), error.getMessage());
        assertFalse(error.getMessage().contains("hunter2"), error.getMessage());
    }

    @Test
    void secretsNeverAppearWhenSettingsArePrinted() {
        properties.put("switchboard.publishToken", "s3cret-token");
        properties.put("switchboard.redis.url", "redis://:hunter2@cache:6379");
        String printed = load().toString();
        assertFalse(printed.contains("s3cret-token"), printed);
        assertFalse(printed.contains("hunter2"), printed);
    }
}
