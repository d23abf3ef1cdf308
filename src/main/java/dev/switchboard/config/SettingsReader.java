package dev.switchboard.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Typed, validated reads from a {@link SettingSource}; every failure names the setting. */
final class SettingsReader {

    private final SettingSource source;

    SettingsReader(SettingSource source) {
        this.source = source;
    }

    int positiveInt(String name, int fallback) {
        return intAtLeast(name, fallback, 1, "a positive whole number");
    }

    int nonNegativeInt(String name, int fallback) {
        return intAtLeast(name, fallback, 0, "a whole number, zero or more");
    }

    private int intAtLeast(String name, int fallback, int min, String expected) {
        return source.find(name).map(raw -> {
            try {
                int value = Integer.parseInt(raw.value().trim());
                if (value >= min) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // reported below, with the setting's name
            }
            throw new InvalidSettingException(name, raw, expected);
        }).orElse(fallback);
    }

    boolean bool(String name, boolean fallback) {
        return source.find(name).map(raw -> switch (raw.value().trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidSettingException(name, raw, "true or false");
        }).orElse(fallback);
    }

    Optional<String> text(String name) {
        return source.find(name).map(raw -> raw.value().trim()).filter(value -> !value.isEmpty());
    }

    <E extends Enum<E>> E choice(String name, E fallback) {
        return source.find(name).map(raw -> {
            for (E candidate : fallback.getDeclaringClass().getEnumConstants()) {
                if (candidate.name().equalsIgnoreCase(raw.value().trim())) {
                    return candidate;
                }
            }
            throw new InvalidSettingException(name, raw, "one of " + lowerCaseNames(fallback));
        }).orElse(fallback);
    }

    /**
     * {@code redis://[user:password@]host[:port][/db]} or {@code rediss://…} (TLS). The error
     * message never repeats the value: it may hold a password.
     */
    Optional<URI> redisUrl(String name) {
        return source.find(name).filter(raw -> !raw.value().isBlank()).map(raw -> {
            try {
                URI uri = new URI(raw.value().trim());
                String path = uri.getRawPath();
                if (("redis".equals(uri.getScheme()) || "rediss".equals(uri.getScheme())) && uri.getHost() != null
                        && (path == null || path.isEmpty() || path.equals("/") || path.matches("/\\d{1,5}"))
                        && uri.getRawQuery() == null && uri.getRawFragment() == null) {
                    return uri;
                }
            } catch (URISyntaxException e) {
                // reported below, with the setting's name
            }
            throw new InvalidSettingException(name, new SettingSource.RawSetting(masked(raw.value()), raw.origin()),
                    "a URL like redis://[user:password@]host:6379[/db] or rediss://…");
        });
    }

    /** The value with anything between {@code //} and {@code @} hidden. */
    static String masked(String value) {
        return value.replaceFirst("//[^@/]*@", "//***@");
    }

    /** Comma-separated exact origins ({@code scheme://host[:port]}), or {@code *}; empty when unset. */
    List<String> origins(String name) {
        return source.find(name).map(raw -> {
            List<String> origins = new ArrayList<>();
            for (String part : raw.value().split(",")) {
                String origin = part.trim();
                if (origin.isEmpty()) {
                    continue;
                }
                if (!origin.equals("*") && !isOrigin(origin)) {
                    throw new InvalidSettingException(name, raw,
                            "'*' or comma-separated origins like https://example.com:8443 (no path), but '"
                                    + origin + "' is not one");
                }
                origins.add(origin);
            }
            if (origins.contains("*") && origins.size() > 1) {
                throw new InvalidSettingException(name, raw, "either '*' alone or a list of origins");
            }
            return List.copyOf(origins);
        }).orElse(List.of());
    }

    private static boolean isOrigin(String origin) {
        try {
            URI uri = new URI(origin);
            return uri.getScheme() != null && uri.getHost() != null
                    && (uri.getRawPath() == null || uri.getRawPath().isEmpty())
                    && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static String lowerCaseNames(Enum<?> any) {
        List<String> names = new ArrayList<>();
        for (Enum<?> candidate : any.getDeclaringClass().getEnumConstants()) {
            names.add(candidate.name().toLowerCase(Locale.ROOT));
        }
        return String.join(", ", names);
    }
}
