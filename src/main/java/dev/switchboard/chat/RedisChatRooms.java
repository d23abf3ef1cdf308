package dev.switchboard.chat;

import dev.switchboard.cluster.ClusterBus;
import dev.switchboard.cluster.LuaScript;
import dev.switchboard.delivery.Outbox;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Rooms that span every node sharing one Redis (docs/protocol.md §7). Names, user lists and history
 * live in Redis, changed only by Lua scripts that number each event and publish it in one step;
 * each node applies a room's events in that order ({@link ClusterChatRoom}). User lists are read
 * from Redis, never gathered by asking other nodes.
 *
 * <p>While Redis is away each node's rooms go on with the members it has; when Redis is back every
 * node re-asserts its members ({@code chat_resync.lua}), and a dead node's members are removed by
 * whichever node reaps it ({@code chat_reap.lua}).
 */
public final class RedisChatRooms implements ChatRooms, ClusterBus.Listener {

    static final LuaScript JOIN = LuaScript.load("chat_join", "chat_lib");
    static final LuaScript RENAME = LuaScript.load("chat_rename", "chat_lib");
    static final LuaScript POST = LuaScript.load("chat_post", "chat_lib");
    static final LuaScript LEAVE = LuaScript.load("chat_leave", "chat_lib");
    static final LuaScript RESYNC = LuaScript.load("chat_resync", "chat_lib");
    static final LuaScript LOG = LuaScript.load("chat_log", "chat_lib");
    private static final LuaScript REAP = LuaScript.load("chat_reap", "chat_lib");
    private static final LuaScript NODE_ROOMS = LuaScript.load("node_rooms");

    private final ConcurrentHashMap<String, ClusterChatRoom> rooms = new ConcurrentHashMap<>();
    private final ClusterBus bus;
    private final int historySize;
    private final LongSupplier clock;
    private final ChatEventEncoder encoder;

    public RedisChatRooms(ClusterBus bus, int historySize, LongSupplier clock, ChatEventEncoder encoder) {
        this.encoder = encoder;
        this.bus = bus;
        this.historySize = historySize;
        this.clock = clock;
        bus.addListener(this);
    }

    /**
     * No room work runs inside the map's {@code compute}: a join can send frames, a send can make the
     * container close another member on the same thread, and that member's leave would re-enter the
     * map from inside its own update. A room that empties retires itself; a joiner that finds a
     * retired room takes a fresh one.
     */
    @Override
    public void join(String room, long id, Outbox outbox) {
        while (true) {
            ClusterChatRoom target = rooms.computeIfAbsent(room, this::open);
            if (target.join(id, outbox)) {
                return;
            }
            rooms.remove(room, target);
        }
    }

    private ClusterChatRoom open(String room) {
        ClusterChatRoom created = new ClusterChatRoom(room, bus, historySize, clock, encoder);
        created.subscribe();
        return created;
    }

    @Override
    public void rename(String room, long id, String requested) {
        ClusterChatRoom target = rooms.get(room);
        if (target != null) {
            target.rename(id, requested);
        }
    }

    @Override
    public void post(String room, long id, String text) {
        ClusterChatRoom target = rooms.get(room);
        if (target != null) {
            target.post(id, text);
        }
    }

    @Override
    public void leave(String room, long id) {
        ClusterChatRoom target = rooms.get(room);
        if (target != null && target.leave(id)) {
            rooms.remove(room, target);
            target.unsubscribe();
        }
    }

    // --- ClusterBus.Listener

    @Override
    public void down() {
        rooms.values().forEach(ClusterChatRoom::serveLocally);
    }

    /** Re-asserts the members of every room this node has, or had before Redis went away. */
    @Override
    public CompletableFuture<?> up() {
        return bus.run(NODE_ROOMS, List.of(bus.node(), "rooms")).thenCompose(listed -> {
            Set<String> names = new HashSet<>(rooms.keySet());
            for (Object room : (List<?>) listed) {
                names.add(String.valueOf(room));
            }
            List<CompletableFuture<?>> resyncs = new ArrayList<>();
            for (String name : names) {
                ClusterChatRoom room = rooms.get(name);
                resyncs.add(room != null ? room.resync()
                        : bus.run(RESYNC, List.of(name, bus.node(), Long.toString(clock.getAsLong()), "[]")));
            }
            return CompletableFuture.allOf(resyncs.toArray(CompletableFuture[]::new));
        });
    }

    @Override
    public CompletableFuture<?> reap(String node) {
        return bus.run(REAP, List.of(node, Long.toString(clock.getAsLong())));
    }
}
