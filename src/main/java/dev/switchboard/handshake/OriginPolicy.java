package dev.switchboard.handshake;

import dev.switchboard.config.Settings;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/**
 * Decides which pages may open a WebSocket. Browsers let any page connect anywhere, so
 * without this check a malicious site could act through a visitor's cookies
 * (cross-site WebSocket hijacking). Allowed origins are compared exactly; by default only
 * loopback pages are trusted. A handshake without {@code Origin} comes from a non-browser
 * client and passes unless {@code requireOrigin} is set.
 */
public final class OriginPolicy {

    private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");

    private final Set<String> allowed;
    private final boolean any;
    private final boolean requireOrigin;

    public OriginPolicy(Settings settings) {
        this.allowed = Set.copyOf(settings.allowedOrigins());
        this.any = settings.anyOrigin();
        this.requireOrigin = settings.requireOrigin();
    }

    public boolean allows(String origin) {
        if (origin == null || origin.isEmpty()) {
            return !requireOrigin;
        }
        if (any) {
            return true;
        }
        return allowed.isEmpty() ? isLoopback(origin) : allowed.contains(origin);
    }

    private static boolean isLoopback(String origin) {
        try {
            URI uri = new URI(origin);
            String scheme = uri.getScheme();
            String host = uri.getHost();
            return scheme != null && host != null
                    && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    && LOOPBACK_HOSTS.contains(host.toLowerCase(Locale.ROOT))
                    && (uri.getRawPath() == null || uri.getRawPath().isEmpty())
                    && uri.getRawUserInfo() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
