package dev.switchboard.session;

import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A container's session reduced to what the node touches: id, user properties, close, which can be
 * made to stall, and pings, which can be made to fail.
 */
final class FakeSession {

    final String id;
    final Map<String, Object> userProperties = new ConcurrentHashMap<>();
    final List<String> closes = new CopyOnWriteArrayList<>();
    final List<String> closeThreads = new CopyOnWriteArrayList<>();
    volatile CountDownLatch stall; // non-null: close blocks until released, like a full socket
    volatile boolean open = true;
    volatile IOException pingFailure; // non-null: sendPing throws it, like a write to a vanished peer
    final List<String> pingThreads = new CopyOnWriteArrayList<>();
    final Session session;

    FakeSession(String id) {
        this.id = id;
        this.session = (Session) Proxy.newProxyInstance(Session.class.getClassLoader(), new Class<?>[] {Session.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getId" -> id;
                    case "getUserProperties" -> userProperties;
                    case "isOpen" -> open;
                    case "getAsyncRemote" -> asyncRemote();
                    case "close" -> {
                        close((CloseReason) args[0]);
                        yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "session " + id;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private RemoteEndpoint.Async asyncRemote() {
        return (RemoteEndpoint.Async) Proxy.newProxyInstance(RemoteEndpoint.class.getClassLoader(),
                new Class<?>[] {RemoteEndpoint.Async.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("sendPing")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    pingThreads.add(Thread.currentThread().getName());
                    IOException failure = pingFailure;
                    if (failure != null) {
                        throw failure;
                    }
                    return null;
                });
    }

    private void close(CloseReason reason) throws InterruptedException {
        closeThreads.add(Thread.currentThread().getName());
        CountDownLatch latch = stall;
        if (latch != null) {
            latch.await();
        }
        closes.add(reason.getCloseCode().getCode() + " " + reason.getReasonPhrase());
        open = false;
    }
}
