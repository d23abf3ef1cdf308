package dev.switchboard.chat;

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

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What the encoder writes reads back as the same event, through the contract's field names and
 * {@code type} tags, and the frame measures its own UTF-8 bytes. There is no event decoder in the
 * server (clients decode these), so Jackson, reading the event types' own annotations, stands in.
 */
class ChatEventEncoderProperties {

    private static final ObjectMapper JSON = JsonMappers.create();

    private final ChatEventEncoder encoder = new ChatEventEncoder();

    @Property
    void everyChatEventReadsBackAsItself(@ForAll("events") ChatEvent event) throws Exception {
        Frame frame = encoder.frame(event);
        assertEquals(event, JSON.readValue(frame.text(), ChatEvent.class));
        assertEquals(Utf8.length(frame.text()), frame.bytes());
        assertEquals(frame.text(), encoder.encode(event));
    }

    @Provide
    Arbitrary<ChatEvent> events() {
        Arbitrary<Long> ids = Arbitraries.longs().greaterOrEqual(0);
        Arbitrary<Long> dates = Arbitraries.longs().greaterOrEqual(0);
        Arbitrary<String> texts = Arbitraries.strings();
        Arbitrary<Boolean> replays = Arbitraries.of(Boolean.TRUE).injectNull(0.5);
        return Arbitraries.oneOf(
                Combinators.combine(ids, dates).as(ChatEvent.Id::new),
                Combinators.combine(ids, texts, texts, dates, replays).as(ChatEvent.Message::new),
                Combinators.combine(ids, texts, dates).as(ChatEvent.Username::new),
                Combinators.combine(ids, texts, dates).as(ChatEvent.RejectUsername::new),
                Combinators.combine(texts.list().ofMaxSize(5).map(List::copyOf), dates).as(ChatEvent.UserList::new),
                Combinators.combine(texts, texts, Arbitraries.longs().greaterOrEqual(0).injectNull(0.5))
                        .as(ChatEvent.Error::new));
    }
}
