package dev.switchboard.broadcast;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.switchboard.delivery.Utf8;

/**
 * A message's text escaped for a JSON envelope, ready before the channel's lock is taken. Escaping
 * (and measuring) a 16 KB text is a loop over every character; done under the lock it made 14
 * publishers queue behind each other on a freshly started server, whose loops still run
 * uncompiled (up to 168 ms waits, with drops for a subscriber that was reading). Under the lock
 * {@link BroadcastEventEncoder#envelope} only adds the envelope's few numbers around it.
 */
final class EnvelopeText {

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

    String escaped() {
        return escaped;
    }

    long escapedBytes() {
        return escapedBytes;
    }
}
