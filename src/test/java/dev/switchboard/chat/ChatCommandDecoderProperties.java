package dev.switchboard.chat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.delivery.Utf8;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Whatever a client sends, the decoder answers a command (an error for the client at worst) and never throws. */
class ChatCommandDecoderProperties {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX = 4096;

    @Property
    void anyTextDecodesToACommandAndNeverThrows(@ForAll String text) {
        ChatFrame frame = new ChatCommandDecoder().decode(text);
        assertNotNull(frame.command());
        assertEquals(Utf8.length(text), frame.bytes());
        if (Utf8.length(text) > MAX) {
            assertInstanceOf(ChatCommand.TooBig.class, frame.within(MAX));
        }
    }

    @Property
    void anyJsonLookingTextDecodesToACommandAndNeverThrows(@ForAll String key, @ForAll String value, @ForAll String tail) {
        String text = "{\"type\":\"message\",\"" + key + "\":\"" + value + "\"" + tail;
        assertNotNull(new ChatCommandDecoder().decode(text).within(MAX));
    }

    @Property
    void aMessageCommandCarriesItsTextExactly(@ForAll String text) throws Exception {
        String json = JSON.writeValueAsString(Map.of("type", "message", "text", text));
        ChatCommand command = new ChatCommandDecoder().decode(json).command();
        assertEquals(new ChatCommand.Post(text), command);
    }

    @Property
    void aUsernameCommandCarriesItsNameExactly(@ForAll String name) throws Exception {
        String json = JSON.writeValueAsString(Map.of("type", "username", "name", name));
        assertEquals(new ChatCommand.Rename(name), new ChatCommandDecoder().decode(json).command());
    }
}
