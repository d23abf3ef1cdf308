package dev.switchboard.echo;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MessageAssemblyTest {

    private final MessageAssembly assembly = new MessageAssembly(10);

    @Test
    void aMessageInOnePartIsReturnedAsIs() throws Exception {
        String part = "hello";
        assertSame(part, assembly.addText(part, true).text());
    }

    @Test
    void partsAreJoinedInOrder() throws Exception {
        assertNull(assembly.addText("hel", false));
        assertNull(assembly.addText("lo ", false));
        assertEquals("hello you", assembly.addText("you", true).text());
        assertEquals("next", assembly.addText("next", true).text());
    }

    @Test
    void exactlyTheCapIsAllowedAndOneByteMoreIsTooBig() throws Exception {
        assertNull(assembly.addText("01234", false));
        assertEquals("0123456789", assembly.addText("56789", true).text());
        assertNull(assembly.addText("01234", false));
        assertThrows(MessageAssembly.TooBig.class, () -> assembly.addText("567890", true));
    }

    @Test
    void theCapIsInUtf8Bytes() {
        assertThrows(MessageAssembly.TooBig.class, () -> assembly.addText("\u00e9".repeat(6), true)); // 12 bytes
    }

    @Test
    void aSurrogatePairSplitAcrossPartsCountsFourBytes() throws Exception {
        String emoji = "\uD83D\uDE00";
        MessageAssembly eight = new MessageAssembly(8);
        assertNull(eight.addText(emoji.substring(0, 1), false));
        assertEquals(emoji + emoji, eight.addText(emoji.substring(1) + emoji, true).text());
    }

    @Test
    void binaryPartsAreJoinedAndCapped() throws Exception {
        assertNull(assembly.addBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), false));
        ByteBuffer whole = assembly.addBinary(ByteBuffer.wrap(new byte[] {4, 5}), true).binary();
        assertEquals(5, whole.remaining());
        assertEquals(4, whole.get(3));
        assertNull(assembly.addBinary(ByteBuffer.wrap(new byte[6]), false));
        assertThrows(MessageAssembly.TooBig.class, () -> assembly.addBinary(ByteBuffer.wrap(new byte[5]), true));
    }

    @Test
    void theRestOfARefusedTextMessageIsNeverReturnedAndTheNextMessageIsWhole() throws Exception {
        assertNull(assembly.addText("0123456", false));
        assertThrows(MessageAssembly.TooBig.class, () -> assembly.addText("789ab", false));
        assertNull(assembly.addText("tail", false));
        assertNull(assembly.addText("end", true));
        assertEquals("next", assembly.addText("next", true).text());
    }

    @Test
    void theRestOfARefusedBinaryMessageIsNeverReturnedAndTheNextMessageIsWhole() throws Exception {
        assertNull(assembly.addBinary(ByteBuffer.wrap(new byte[7]), false));
        assertThrows(MessageAssembly.TooBig.class, () -> assembly.addBinary(ByteBuffer.wrap(new byte[5]), false));
        assertNull(assembly.addBinary(ByteBuffer.wrap(new byte[] {1}), true));
        assertEquals(2, assembly.addBinary(ByteBuffer.wrap(new byte[] {1, 2}), true).bytes());
    }
}
