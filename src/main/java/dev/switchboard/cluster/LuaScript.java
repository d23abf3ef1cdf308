package dev.switchboard.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A Lua script kept beside the classes as {@code dev/switchboard/cluster/NAME.lua}, with the shared
 * prelude ({@code prelude.lua}: the incarnation check and helpers) and any libraries in front of it.
 */
public record LuaScript(String name, String body) {

    public static LuaScript load(String name, String... libraries) {
        StringBuilder body = new StringBuilder(read("prelude")).append('\n');
        for (String library : libraries) {
            body.append(read(library)).append('\n');
        }
        return new LuaScript(name, body.append(read(name)).toString());
    }

    /** A script that runs whatever the incarnation (the heartbeat, which establishes it). */
    public static LuaScript withoutPrelude(String name) {
        return new LuaScript(name, read(name));
    }

    private static String read(String name) {
        String path = "/dev/switchboard/cluster/" + name + ".lua";
        try (InputStream in = LuaScript.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing script " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
