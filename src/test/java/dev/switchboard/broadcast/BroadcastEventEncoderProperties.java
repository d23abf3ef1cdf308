package dev.switchboard.broadcast;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.delivery.Frame;
import dev.switchboard.delivery.JsonMappers;
import dev.switchboard.delivery.Utf8;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What the encoder writes reads back as the same event, through the contract's field names and
 * {@code type} tags, and the frame measures its own UTF-8 bytes. There is no event decoder in the
 * server (clients decode these), so Jackson, reading the event types' own annotations, stands in.
 */
class BroadcastEventEncoderProperties {

    private static final ObjectMapper JSON = JsonMappers.create();

    private final BroadcastEventEncoder encoder = new BroadcastEventEncoder();

    @Property
    void everyBroadcastEventReadsBackAsItself(@ForAll("events") BroadcastEvent event) throws Exception {
        Frame frame = encoder.frame(event);
        assertEquals(event, JSON.readValue(frame.text(), BroadcastEvent.class));
        assertEquals(Utf8.length(frame.text()), frame.bytes());
        assertEquals(frame.text(), encoder.encode(event));
    }

    @Provide
    Arbitrary<BroadcastEvent> events() {
        Arbitrary<Long> numbers = Arbitraries.longs().greaterOrEqual(0);
        Arbitrary<String> texts = Arbitraries.strings();
        return Arbitraries.oneOf(
                Combinators.combine(texts, numbers, texts).as(BroadcastEvent.Subscribed::new),
                Combinators.combine(texts, numbers, numbers, texts, numbers, Arbitraries.of(Boolean.TRUE).injectNull(0.5))
                        .as(BroadcastEvent.Envelope::new),
                numbers.map(BroadcastEvent.Dropped::new),
                Combinators.combine(texts, numbers.injectNull(0.5)).as(BroadcastEvent.Error::new));
    }
}
