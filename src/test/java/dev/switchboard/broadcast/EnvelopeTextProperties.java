package dev.switchboard.broadcast;

import dev.switchboard.delivery.Frame;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The envelope the encoder assembles around a pre-escaped text is exactly what it encodes through Jackson, bytes included. */
class EnvelopeTextProperties {

    private final BroadcastEventEncoder encoder = new BroadcastEventEncoder();

    @Property
    void anEnvelopeIsByteForByteWhatJacksonWrites(@ForAll String text,
                                                  @ForAll @AlphaChars @NumericChars @StringLength(min = 1, max = 64) String channel,
                                                  @ForAll long seq, @ForAll long from, @ForAll long date) {
        Frame ours = encoder.envelope(EnvelopeText.of(text), EnvelopeText.quote(channel), seq, from, date);
        Frame jackson = encoder.frame(new BroadcastEvent.Envelope(channel, seq, from, text, date));
        assertEquals(jackson.text(), ours.text());
        assertEquals(jackson.bytes(), ours.bytes());
    }
}
