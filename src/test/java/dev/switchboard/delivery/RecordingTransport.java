package dev.switchboard.delivery;

import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;

import java.util.ArrayList;
import java.util.List;

/** A transport whose sends complete at once, recording every frame and the close, for room tests. */
public class RecordingTransport implements Outbox.Transport {

    public final List<String> sent = new ArrayList<>();
    public String closedWith;
    public Throwable lostWith;

    @Override
    public synchronized void sendText(String text, SendHandler handler) {
        sent.add(text);
        handler.onResult(new SendResult());
    }

    @Override
    public synchronized void sendBinary(java.nio.ByteBuffer data, SendHandler handler) {
        sent.add("binary:" + data.remaining());
        handler.onResult(new SendResult());
    }

    @Override
    public synchronized void close(int code, String reason) {
        closedWith = code + " " + reason;
    }

    @Override
    public synchronized void lost(Throwable cause) {
        lostWith = cause;
    }

    public Outbox outbox() {
        return new Outbox(this, Long.MAX_VALUE, dev.switchboard.config.SlowConsumerPolicy.DISCONNECT, null,
                null, new Outbox.Listener() {});
    }

    public synchronized String last() {
        return sent.get(sent.size() - 1);
    }
}
