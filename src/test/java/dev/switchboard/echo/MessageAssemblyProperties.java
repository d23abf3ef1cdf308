package dev.switchboard.echo;

import dev.switchboard.delivery.Frame;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Any message, cut into parts anywhere (between the two chars of a surrogate pair too), against any cap. */
class MessageAssemblyProperties {

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.integers().between(0, 0x10FFFF)
                .filter(codePoint -> codePoint < Character.MIN_SURROGATE || codePoint > Character.MAX_SURROGATE)
                .list().ofMaxSize(60)
                .map(codePoints -> {
                    StringBuilder text = new StringBuilder();
                    codePoints.forEach(text::appendCodePoint);
                    return text.toString();
                });
    }

    private static List<String> split(String text, long seed) {
        Random random = new Random(seed);
        List<String> parts = new ArrayList<>();
        int from = 0;
        while (from < text.length()) {
            int to = Math.min(text.length(), from + 1 + random.nextInt(8));
            parts.add(text.substring(from, to));
            from = to;
        }
        if (parts.isEmpty() || random.nextInt(4) == 0) {
            parts.add(""); // containers may end a message with an empty last part
        }
        return parts;
    }

    @Property
    void aTextMessageComesOutWholeIffItsUtf8SizeIsWithinTheCapAndNothingOfARefusedOneEverComesOut(
            @ForAll("texts") String text, @ForAll long seed, @ForAll @IntRange(min = 0, max = 200) int cap) {
        MessageAssembly assembly = new MessageAssembly(cap);
        int utf8 = text.getBytes(StandardCharsets.UTF_8).length;
        List<String> parts = split(text, seed);
        Frame whole = null;
        int refusals = 0;
        for (int i = 0; i < parts.size(); i++) {
            try {
                Frame frame = assembly.addText(parts.get(i), i == parts.size() - 1);
                if (i < parts.size() - 1) {
                    assertNull(frame);
                }
                whole = frame;
            } catch (MessageAssembly.TooBig e) {
                refusals++;
            }
        }
        if (utf8 <= cap) {
            assertEquals(0, refusals);
            assertEquals(text, whole.text());
            assertEquals(utf8, whole.bytes());
        } else {
            assertEquals(1, refusals);
            assertNull(whole);
        }
        try {
            assertEquals("next", assembly.addText("next", true).text(), "the next message starts afresh");
        } catch (MessageAssembly.TooBig e) {
            assertEquals(true, cap < 4);
        }
    }

    @Property
    void aBinaryMessageComesOutWholeIffItFitsAndARefusedOneNeverComesOut(
            @ForAll @Size(max = 300) byte[] data, @ForAll long seed, @ForAll @IntRange(min = 0, max = 300) int cap) {
        MessageAssembly assembly = new MessageAssembly(cap);
        Random random = new Random(seed);
        List<byte[]> parts = new ArrayList<>();
        for (int from = 0; from < data.length; ) {
            int to = Math.min(data.length, from + 1 + random.nextInt(40));
            byte[] part = new byte[to - from];
            System.arraycopy(data, from, part, 0, part.length);
            parts.add(part);
            from = to;
        }
        if (parts.isEmpty()) {
            parts.add(new byte[0]);
        }
        Frame whole = null;
        int refusals = 0;
        for (int i = 0; i < parts.size(); i++) {
            try {
                whole = assembly.addBinary(ByteBuffer.wrap(parts.get(i)), i == parts.size() - 1);
            } catch (MessageAssembly.TooBig e) {
                refusals++;
            }
        }
        if (data.length <= cap) {
            byte[] out = new byte[whole.binary().remaining()];
            whole.binary().duplicate().get(out);
            assertArrayEquals(data, out);
            assertEquals(0, refusals);
        } else {
            assertEquals(1, refusals);
            assertNull(whole);
        }
    }
}
