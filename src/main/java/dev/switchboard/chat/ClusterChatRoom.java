package dev.switchboard.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.switchboard.cluster.ClusterBus;
import dev.switchboard.cluster.LuaScript;
import dev.switchboard.delivery.FanOut;
import dev.switchboard.delivery.Frame;
import dev.switchboard.delivery.Outbox;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * This node's side of one cluster-wide room: its own members' outboxes, and the room's events
 * applied in {@code seq} order as Redis numbered them. An event ahead of the next expected
 * {@code seq} waits while the missing ones are fetched from the room's log; one already applied is
 * dropped. So every member on every node sees the room's events in one order.
 *
 * <p>While the cluster is down (or before it first comes up) the room is served from this node
 * alone, like {@link ChatRoom}: names unique among this node's members, history from what this node
 * has seen. Nothing here waits on Redis: scripts run asynchronously, and a script that fails falls
 * back to the local path.
 */
final class ClusterChatRoom {

    private static final System.Logger LOG = System.getLogger(ClusterChatRoom.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long LIVE = 0;

    private static final class Member {
        final long id;
        final Outbox outbox;
        final long joined;
        String name;
        long claimed;
        long startSeq = -1; // -1: its join's seq is not known yet, frames are held in pending
        List<Held> pending = new ArrayList<>();

        Member(long id, Outbox outbox, long joined) {
            this.id = id;
            this.outbox = outbox;
            this.joined = joined;
            this.claimed = joined;
        }
    }

    private record Held(long seq, Frame frame) {}

    private final String room;
    private final ClusterBus bus;
    private final int historySize;
    private final LongSupplier clock;
    private final ChatEventEncoder encoder;
    private final Map<Long, Member> members = new LinkedHashMap<>();
    private final java.util.function.Consumer<String> listener = this::received;
    private final ArrayDeque<ChatEvent.Message> history = new ArrayDeque<>(); // what this node has seen
    private final TreeMap<Long, JsonNode> waiting = new TreeMap<>(); // events ahead of the cursor
    private boolean clustered;
    private boolean retired; // emptied and taken out of the map: joiners take a fresh room
    private boolean subscribed = true; // false until Redis confirms the subscription; scripts wait in order
    private final List<Runnable> unsent = new ArrayList<>();
    private FanOut queued = new FanOut(); // frames queued under the lock, flushed once it is released
    private long cursor = -1; // the last seq applied; -1 when not known yet
    private String incarnation;
    private boolean filling;
    private long lastCursor = -1; // where the room stood when the cluster went down, to catch up
    private String lastIncarnation;

    ClusterChatRoom(String room, ClusterBus bus, int historySize, LongSupplier clock, ChatEventEncoder encoder) {
        this.encoder = encoder;
        this.room = room;
        this.bus = bus;
        this.historySize = historySize;
        this.clock = clock;
        this.clustered = bus.isUp();
    }

    String channel() {
        return "sb:chat:" + room;
    }

    /**
     * Scripts wait until Redis has confirmed the subscription (an event published before it would be
     * missed), and then run in the order they were called: one connection keeps them in order.
     */
    synchronized void subscribe() {
        subscribed = false;
        bus.subscribe(channel(), listener).whenComplete((confirmed, error) -> {
            synchronized (this) {
                subscribed = true;
                unsent.forEach(Runnable::run);
                unsent.clear();
            }
        });
    }

    private synchronized CompletableFuture<Object> send(LuaScript script, List<String> args) {
        bus.countCrossNode(false);
        if (subscribed) {
            return bus.run(script, args);
        }
        CompletableFuture<Object> result = new CompletableFuture<>();
        unsent.add(() -> bus.run(script, args).whenComplete((value, error) -> {
            if (error == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(error);
            }
        }));
        return result;
    }

    // --- commands from this node's members

    /** False when the room has retired (emptied meanwhile): the caller takes a fresh one. */
    boolean join(long id, Outbox outbox) {
        try {
            synchronized (this) {
                if (retired) {
                    return false;
                }
                Member member = new Member(id, outbox, clock.getAsLong());
                members.put(id, member);
                if (!clustered) {
                    joinLocally(member);
                    return true;
                }
                String guest = "guest" + id;
                send(RedisChatRooms.JOIN, List.of(room, Long.toString(id), guest, guest,
                                Long.toString(member.joined), bus.node(), Integer.toString(historySize)))
                        .whenComplete((result, error) -> {
                            try {
                                joined(member, result, error);
                            } catch (RuntimeException e) {
                                LOG.log(System.Logger.Level.WARNING, "Joining room " + room + " failed", e);
                            } finally {
                                flushQueued();
                            }
                        });
                return true;
            }
        } finally {
            flushQueued();
        }
    }

    private synchronized void joined(Member member, Object result, Throwable error) {
        if (members.get(member.id) != member || member.startSeq != -1) {
            return; // left meanwhile, or the cluster went down and it was joined locally
        }
        if (error != null) {
            LOG.log(System.Logger.Level.WARNING, "Joining room {0} through Redis failed ({1}): member {2} joins on this node alone",
                    room, error.getMessage(), member.id);
            joinLocally(member);
            if (cursor < 0 && !waiting.isEmpty()) {
                cursor = waiting.firstKey() - 1;
                drain();
            }
            return;
        }
        List<?> reply = (List<?>) result;
        long seq = ((Number) reply.get(0)).longValue();
        member.name = String.valueOf(reply.get(1));
        if (cursor < 0) {
            cursor = seq - 1;
        }
        for (Object stored : (List<?>) reply.get(2)) {
            JsonNode message = parse(String.valueOf(stored));
            if (message != null) {
                queued.enqueue(member.outbox, encoder.frame(new ChatEvent.Message(message.path("id").asLong(),
                        message.path("name").asText(), message.path("text").asText(), message.path("date").asLong(), true)));
            }
        }
        member.startSeq = seq;
        for (Held held : member.pending) {
            if (held.seq() >= seq) {
                queued.enqueue(member.outbox, held.frame());
            }
        }
        member.pending = null;
        drain();
    }

    void rename(long id, String requested) {
        act(id, member -> renameLocally(member, requested), member -> {
            String base = ChatText.cut(ChatText.clean(requested), NameBook.MAX_NAME_CODE_POINTS);
            if (base.isEmpty()) {
                base = "guest" + id;
            }
            return new ScriptCall(RedisChatRooms.RENAME, List.of(room, Long.toString(id), base, key(base), requested,
                    Long.toString(clock.getAsLong()), bus.node()));
        });
    }

    void post(long id, String text) {
        act(id, member -> postLocally(member, text), member -> new ScriptCall(RedisChatRooms.POST,
                List.of(room, Long.toString(id), text, Long.toString(clock.getAsLong()), Integer.toString(historySize),
                        bus.node())));
    }

    private record ScriptCall(LuaScript script, List<String> args) {}

    /**
     * What a member does, under the room's lock and flushed after it: on this node alone while the
     * cluster is down; otherwise through Redis, falling back to this node alone if Redis fails the
     * script (unless the member has left by then).
     */
    private void act(long id, Consumer<Member> locally, Function<Member, ScriptCall> viaRedis) {
        try {
            synchronized (this) {
                Member member = members.get(id);
                if (member == null) {
                    return;
                }
                if (!clustered) {
                    locally.accept(member);
                    return;
                }
                ScriptCall call = viaRedis.apply(member);
                send(call.script(), call.args()).whenComplete((result, error) -> {
                    if (error != null) {
                        synchronized (this) {
                            if (members.get(member.id) == member) {
                                locally.accept(member);
                            }
                        }
                        flushQueued();
                    }
                });
            }
        } finally {
            flushQueued();
        }
    }

    /** Answers true when this node has no member left in the room: it is then retired. */
    boolean leave(long id) {
        try {
            synchronized (this) {
                Member member = members.remove(id);
                if (member != null) {
                    if (clustered) {
                        // a failure is repaired when this node re-asserts its members
                        send(RedisChatRooms.LEAVE, List.of(room, Long.toString(id), Long.toString(clock.getAsLong()), bus.node()));
                    } else {
                        sendUserList(Long.MAX_VALUE);
                    }
                }
                retired = members.isEmpty();
                return retired;
            }
        } finally {
            flushQueued();
        }
    }

    /** After retiring: this room's listener stops; a fresh room for the same name subscribes its own. */
    void unsubscribe() {
        bus.unsubscribe(channel(), listener);
    }

    // --- the cluster's events, in seq order

    private void received(String payload) {
        JsonNode event = parse(payload);
        if (event == null) {
            return;
        }
        if (!bus.node().equals(event.path("node").asText())) {
            bus.countCrossNode(true);
        }
        synchronized (this) {
            if (!clustered) {
                return; // caught up from the log when the cluster is back
            }
            long seq = event.path("seq").asLong();
            if (cursor < 0) {
                waiting.put(seq, event); // the cursor is set by the join or resync under way
                return;
            }
            if (!event.path("inc").asText().equals(incarnation) && incarnation != null) {
                return; // from before Redis was emptied: the resync under way realigns the room
            }
            if (seq <= cursor) {
                return;
            }
            waiting.put(seq, event);
            drain();
        }
        flushQueued();
    }

    /** Applies waiting events in order; a gap is filled from the room's log first. */
    private void drain() {
        while (!waiting.isEmpty()) {
            long first = waiting.firstKey();
            if (first <= cursor) {
                waiting.pollFirstEntry();
            } else if (first == cursor + 1) {
                apply(waiting.pollFirstEntry().getValue());
            } else {
                fillGap();
                return;
            }
        }
    }

    private void fillGap() {
        if (filling) {
            return;
        }
        filling = true;
        bus.run(RedisChatRooms.LOG, List.of(room)).whenComplete((log, error) -> {
            synchronized (this) {
                filling = false;
                if (error == null && clustered) {
                    for (Object stored : (List<?>) log) {
                        JsonNode event = parse(String.valueOf(stored));
                        if (event != null && event.path("seq").asLong() > cursor && !waiting.isEmpty()
                                && event.path("seq").asLong() < waiting.firstKey()) {
                            waiting.put(event.path("seq").asLong(), event);
                        }
                    }
                }
                if (!waiting.isEmpty() && waiting.firstKey() > cursor + 1) {
                    cursor = waiting.firstKey() - 1; // no longer retained anywhere: go on past it
                }
                drain();
            }
            flushQueued();
        });
    }

    private void apply(JsonNode event) {
        long seq = event.path("seq").asLong();
        cursor = seq;
        incarnation = event.path("inc").asText();
        long date = event.path("date").asLong();
        switch (event.path("kind").asText()) {
            case "message" -> {
                ChatEvent.Message message = new ChatEvent.Message(event.path("id").asLong(), event.path("name").asText(),
                        event.path("text").asText(), date, null);
                remember(message);
                sendAll(seq, encoder.frame(message));
            }
            case "join" -> {
                Member member = members.get(event.path("id").asLong());
                if (member != null) {
                    member.name = event.path("name").asText();
                }
                sendUserList(seq, event, date);
            }
            case "leave" -> sendUserList(seq, event, date);
            case "rename" -> {
                renamed(seq, event.path("id").asLong(), event.path("name").asText(), event.path("rejected").asBoolean(), date);
                sendUserList(seq, event, date);
            }
            case "sync" -> {
                for (JsonNode rename : event.path("renames")) {
                    renamed(seq, rename.path(0).asLong(), rename.path(1).asText(), rename.path(2).asBoolean(), date);
                }
                sendUserList(seq, event, date);
            }
            default -> { } // a newer node's event: nothing for this one to show
        }
    }

    private void renamed(long seq, long id, String name, boolean rejected, long date) {
        Member member = members.get(id);
        if (member != null) {
            member.name = name;
            member.claimed = date;
            if (rejected) {
                offer(member, seq, encoder.frame(new ChatEvent.RejectUsername(id, name, date)));
            }
        }
        sendAll(seq, encoder.frame(new ChatEvent.Username(id, name, date)));
    }

    private void sendUserList(long seq, JsonNode event, long date) {
        List<String> users = new ArrayList<>();
        for (JsonNode user : event.path("users")) { // cjson writes an empty list as {}: no elements either way
            users.add(user.asText());
        }
        sendAll(seq, encoder.frame(new ChatEvent.UserList(List.copyOf(users), date)));
    }

    /** Queues {@code frame} to every member, over a snapshot of the members taken under the lock. */
    private void sendAll(long seq, Frame frame) {
        for (Member member : List.copyOf(members.values())) {
            offer(member, seq, frame);
        }
    }

    private void offer(Member member, long seq, Frame frame) {
        if (member.startSeq == -1) {
            member.pending.add(new Held(seq, frame));
        } else if (seq >= member.startSeq) {
            queued.enqueue(member.outbox, frame);
        }
    }

    /**
     * Starts the writes queued under the lock ({@link FanOut}) once it is released: every way into
     * the room that may queue frames ends here. A call made while the lock is still held (a nested
     * one) leaves them to the outermost.
     */
    private void flushQueued() {
        if (Thread.holdsLock(this)) {
            return;
        }
        FanOut toFlush;
        synchronized (this) {
            toFlush = queued;
            queued = new FanOut();
        }
        toFlush.flush();
    }

    // --- the cluster goes down and comes back

    /** Redis is away: from now on this node serves the room on its own. */
    void serveLocally() {
        try {
            synchronized (this) {
                if (!clustered) {
                    return;
                }
                clustered = false;
                if (cursor >= 0) {
                    lastCursor = cursor;
                    lastIncarnation = incarnation;
                }
                cursor = -1;
                waiting.clear();
                for (Member member : List.copyOf(members.values())) {
                    if (member.startSeq == -1 && members.get(member.id) == member) {
                        joinLocally(member);
                    }
                }
                sendUserList(Long.MAX_VALUE);
            }
        } finally {
            flushQueued();
        }
    }

    /**
     * Re-asserts this node's members in Redis and catches up on what the room's log still holds
     * from while this node was away (nothing, if Redis came back empty).
     */
    CompletableFuture<?> resync() {
        ArrayNode listed = JsonNodeFactory.instance.arrayNode();
        synchronized (this) {
            clustered = true;
            cursor = -1;
            waiting.clear();
            for (Member member : members.values()) {
                if (member.name == null) {
                    continue;
                }
                listed.addArray().add(member.id).add(member.name).add(key(member.name)).add(member.joined).add(member.claimed);
            }
        }
        return bus.run(RedisChatRooms.RESYNC, List.of(room, bus.node(), Long.toString(clock.getAsLong()), listed.toString()))
                .thenAccept(result -> {
                    resynced((List<?>) result);
                    flushQueued();
                });
    }

    private synchronized void resynced(List<?> reply) {
        long seq = ((Number) reply.get(0)).longValue();
        if (lastCursor >= 0) {
            for (Object stored : (List<?>) reply.get(1)) {
                JsonNode event = parse(String.valueOf(stored));
                if (event != null && event.path("inc").asText().equals(lastIncarnation)
                        && event.path("seq").asLong() > lastCursor && event.path("seq").asLong() < seq) {
                    apply(event);
                }
            }
        }
        lastCursor = -1;
        cursor = seq - 1;
        incarnation = null;
        for (Member member : members.values()) {
            if (member.startSeq != -1) {
                member.startSeq = LIVE;
            }
        }
        drain();
    }

    // --- serving from this node alone

    private void joinLocally(Member member) {
        NameBook names = localNames(member.id);
        member.name = names.assign(member.id, "");
        member.startSeq = LIVE;
        member.pending = null;
        for (ChatEvent.Message message : history) {
            queued.enqueue(member.outbox, encoder.frame(message.asReplay()));
        }
        sendUserList(Long.MAX_VALUE);
    }

    private void renameLocally(Member member, String requested) {
        String assigned = localNames(member.id).assign(member.id, requested);
        member.name = assigned;
        member.claimed = clock.getAsLong();
        long now = clock.getAsLong();
        if (!assigned.equals(requested)) {
            queued.enqueue(member.outbox, encoder.frame(new ChatEvent.RejectUsername(member.id, assigned, now)));
        }
        sendAll(Long.MAX_VALUE, encoder.frame(new ChatEvent.Username(member.id, assigned, now)));
        sendUserList(Long.MAX_VALUE);
    }

    private void postLocally(Member member, String text) {
        ChatEvent.Message message = new ChatEvent.Message(member.id, member.name, text, clock.getAsLong(), null);
        remember(message);
        sendAll(Long.MAX_VALUE, encoder.frame(message));
    }

    private NameBook localNames(long except) {
        NameBook names = new NameBook();
        for (Member other : members.values()) {
            if (other.id != except && other.name != null) {
                names.put(other.id, other.name);
            }
        }
        return names;
    }

    private void sendUserList(long seq) {
        List<String> users = new ArrayList<>();
        for (Member member : members.values()) {
            if (member.name != null) {
                users.add(member.name);
            }
        }
        sendAll(seq, encoder.frame(new ChatEvent.UserList(List.copyOf(users), clock.getAsLong())));
    }

    private void remember(ChatEvent.Message message) {
        if (historySize > 0) {
            if (history.size() == historySize) {
                history.removeFirst();
            }
            history.addLast(message);
        }
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
