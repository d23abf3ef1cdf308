package dev.switchboard.config;

import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where raw setting values come from. The contract's precedence is JVM system property,
 * then environment variable, then {@code web.xml} context-param; {@link #layered} builds that
 * chain, and tests build one from a map.
 */
@FunctionalInterface
public interface SettingSource {

    /** The raw value of {@code name} with a description of where it was found, if any. */
    Optional<RawSetting> find(String name);

    /** A value as found, with its origin so that an error message can point at it. */
    record RawSetting(String value, String origin) {}

    static SettingSource layered(UnaryOperator<String> systemProperties,
                                 UnaryOperator<String> environment,
                                 UnaryOperator<String> contextParams) {
        return name -> {
            String value = systemProperties.apply(name);
            if (value != null) {
                return Optional.of(new RawSetting(value, "system property " + name));
            }
            String variable = environmentName(name);
            value = environment.apply(variable);
            if (value != null) {
                return Optional.of(new RawSetting(value, "environment variable " + variable));
            }
            value = contextParams.apply(name);
            if (value != null) {
                return Optional.of(new RawSetting(value, "context-param " + name));
            }
            return Optional.empty();
        };
    }

    /** {@code switchboard.chat.maxTextLength} → {@code SWITCHBOARD_CHAT_MAX_TEXT_LENGTH}. */
    static String environmentName(String name) {
        StringBuilder out = new StringBuilder(name.length() + 8);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '.') {
                out.append('_');
            } else if (Character.isUpperCase(c)) {
                out.append('_').append(c);
            } else {
                out.append(Character.toUpperCase(c));
            }
        }
        return out.toString();
    }
}
