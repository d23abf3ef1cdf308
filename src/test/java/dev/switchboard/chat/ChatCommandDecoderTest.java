package dev.switchboard.chat;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ChatCommandDecoderTest {

    private static ChatCommand decode(String text) {
        return new ChatCommandDecoder().decode(text).command();
    }

    @Test
    void aMessageCommandCarriesItsTextAndIgnoresOtherFields() {
        assertEquals(new ChatCommand.Post("hi"), decode("{\"type\":\"message\",\"text\":\"hi\",\"id\":5,\"date\":1}"));
    }

    @Test
    void aUsernameCommandCarriesTheName() {
        assertEquals(new ChatCommand.Rename("bob"), decode("{\"type\":\"username\",\"name\":\"bob\"}"));
    }

    @Test
    void textThatIsNotAJsonObjectIsBadJson() {
        assertEquals("bad-json", ((ChatCommand.Invalid) decode("hello")).code());
        assertEquals("bad-json", ((ChatCommand.Invalid) decode("[1,2]")).code());
        assertEquals("bad-json", ((ChatCommand.Invalid) decode("{\"type\":")).code());
        assertEquals("bad-json", ((ChatCommand.Invalid) decode("{} {}")).code());
        assertEquals("bad-json", ((ChatCommand.Invalid) decode("")).code());
    }

    @Test
    void anUnknownOrMissingTypeIsUnknownType() {
        assertEquals("unknown-type", ((ChatCommand.Invalid) decode("{\"type\":\"dance\"}")).code());
        assertEquals("unknown-type", ((ChatCommand.Invalid) decode("{\"text\":\"hi\"}")).code());
        assertEquals("unknown-type", ((ChatCommand.Invalid) decode("{\"type\":7}")).code());
    }

    @Test
    void aTextOrNameThatIsNotAStringIsAnInvalidField() {
        assertEquals("invalid-field", ((ChatCommand.Invalid) decode("{\"type\":\"message\",\"text\":42}")).code());
        assertEquals("invalid-field", ((ChatCommand.Invalid) decode("{\"type\":\"message\"}")).code());
        assertEquals("invalid-field", ((ChatCommand.Invalid) decode("{\"type\":\"username\",\"name\":null}")).code());
    }

    @Test
    void aFrameOverTheByteLimitIsTooBigEvenWhenItsCharactersAreFewer() {
        ChatFrame frame = new ChatCommandDecoder().decode("\u00e9".repeat(10));
        assertEquals(20, frame.bytes());
        assertEquals(new ChatCommand.TooBig(20), frame.within(19));
    }
}
