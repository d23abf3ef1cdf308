package dev.switchboard.cluster;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Without {@code switchboard.redis.url} a node runs without the Redis client: it is built in a class
 * loader that cannot load Lettuce, Netty or Reactor, so touching any of them would fail here.
 */
class RedisOffTest {

    /** Loads Switchboard's own classes itself; refuses the Redis client and what it brings. */
    private static final class WithoutRedisClient extends ClassLoader {
        final List<String> refused = new ArrayList<>();

        WithoutRedisClient(ClassLoader parent) {
            super(parent);
        }

        @Override
        protected synchronized Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("io.lettuce.") || name.startsWith("io.netty.") || name.startsWith("reactor.")) {
                refused.add(name);
                throw new ClassNotFoundException(name);
            }
            if (!name.startsWith("dev.switchboard.")) {
                return super.loadClass(name, resolve);
            }
            Class<?> loaded = findLoadedClass(name);
            if (loaded != null) {
                return loaded;
            }
            String path = name.replace('.', '/') + ".class";
            try (InputStream in = getParent().getResourceAsStream(path)) {
                if (in == null) {
                    throw new ClassNotFoundException(name);
                }
                byte[] bytes = in.readAllBytes();
                return defineClass(name, bytes, 0, bytes.length);
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
        }
    }

    @Test
    void aNodeWithoutARedisUrlNeverLoadsTheRedisClient() throws Exception {
        WithoutRedisClient loader = new WithoutRedisClient(getClass().getClassLoader());
        Class<?> settingsType = loader.loadClass("dev.switchboard.config.Settings");
        Object settings = settingsType.getMethod("defaults").invoke(null);
        Class<?> nodeType = loader.loadClass("dev.switchboard.wiring.SwitchboardNode");
        Object node = nodeType.getConstructor(settingsType, String.class).newInstance(settings, "test");
        try {
            Object cluster = nodeType.getMethod("cluster").invoke(node);
            Method state = loader.loadClass("dev.switchboard.cluster.Cluster").getMethod("redisState");
            assertEquals("OFF", state.invoke(cluster));
            assertEquals(List.of(), loader.refused);
        } finally {
            nodeType.getMethod("shutdown").invoke(node);
        }
        assertEquals(List.of(), loader.refused);
    }
}
