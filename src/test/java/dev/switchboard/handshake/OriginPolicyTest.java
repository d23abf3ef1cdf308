package dev.switchboard.handshake;

import dev.switchboard.config.Settings;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OriginPolicyTest {

    private static OriginPolicy policy(Map<String, String> values) {
        return new OriginPolicy(Settings.load(name -> Optional.ofNullable(values.get(name))
                .map(value -> new dev.switchboard.config.SettingSource.RawSetting(value, "test"))));
    }

    @Test
    void byDefaultLoopbackPagesOnAnyPortAreAllowed() {
        OriginPolicy policy = policy(Map.of());
        assertTrue(policy.allows("http://localhost:8080"));
        assertTrue(policy.allows("https://localhost"));
        assertTrue(policy.allows("http://127.0.0.1:3000"));
        assertTrue(policy.allows("http://[::1]:8080"));
    }

    @Test
    void byDefaultEveryOtherOriginIsRefused() {
        OriginPolicy policy = policy(Map.of());
        assertFalse(policy.allows("http://evil.example"));
        assertFalse(policy.allows("http://localhost.evil.example"));
        assertFalse(policy.allows("ftp://localhost"));
        assertFalse(policy.allows("null"));
    }

    @Test
    void aMissingOriginIsANonBrowserClientAndAllowedUnlessRequired() {
        assertTrue(policy(Map.of()).allows(null));
        assertFalse(policy(Map.of("switchboard.requireOrigin", "true")).allows(null));
        assertFalse(policy(Map.of("switchboard.requireOrigin", "true")).allows(""));
    }

    @Test
    void configuredOriginsAreComparedExactlyAndReplaceTheLoopbackDefault() {
        OriginPolicy policy = policy(Map.of("switchboard.allowedOrigins", "https://app.example.com"));
        assertTrue(policy.allows("https://app.example.com"));
        assertFalse(policy.allows("http://app.example.com"));
        assertFalse(policy.allows("https://app.example.com:8443"));
        assertFalse(policy.allows("http://localhost:8080"));
    }

    @Test
    void aStarAllowsAnyOrigin() {
        OriginPolicy policy = policy(Map.of("switchboard.allowedOrigins", "*"));
        assertTrue(policy.allows("http://evil.example"));
        assertTrue(policy.allows(null));
    }
}
