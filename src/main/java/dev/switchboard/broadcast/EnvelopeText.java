package dev.switchboard.broadcast;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.switchboard.delivery.Frame;
import dev.switchboard.delivery.Utf8;

/**
 * A message's text escaped for a JSON envelope, ready before the channel's lock is taken. Escaping
 * (and measuring) a 16 KB text is a loop over every character; done under the lock it made 14
 * publishers queue behind each other on a freshly started server, whose loops still run
 * uncompiled (up to 168 ms waits, with drops for a subscriber that was reading). Under the lock
 * only the envelope's few numbers are added around the escaped text, as Jackson would write them
 * ({@code ChannelsTest} checks the exact output).
 */
final class EnvelopeText {

    private static final String PREFIX = "{\"type\":\"broadcast\",\"channel\":";

    private final String escaped; // the JSON string literal, quotes included
    private final long escapedBytes;

    private EnvelopeText(String escaped) {
        this.escaped = escaped;
        this.escapedBytes = Utf8.length(escaped);
    }

    static EnvelopeText of(String text) {
        return new EnvelopeText(quote(text));
    }

    static String quote(String text) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + '"';
    }

    /** {@code quotedChannel} is {@link #quote}d once per channel; names are ASCII, so its chars are its bytes. */
    Frame frame(String quotedChannel, long seq, long from, long date) {
        String head = PREFIX + quotedChannel + ",\"seq\":" + seq + ",\"from\":" + from + ",\"text\":";
        String tail = ",\"date\":" + date + "}";
        String json = head + escaped + tail;
        return new Frame(json, null, (int) (head.length() + escapedBytes + tail.length()));
    }
}
