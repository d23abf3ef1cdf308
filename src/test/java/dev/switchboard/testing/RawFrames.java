package dev.switchboard.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Reads server frames off a bare socket, reassembling fragmented messages. Server frames are unmasked. */
public final class RawFrames {

    public record Message(int opcode, byte[] payload) {
        public boolean isClose() {
            return opcode == 0x8;
        }

        public boolean isPing() {
            return opcode == 0x9;
        }

        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
        }
    }

    private final DataInputStream in;
    private final java.io.OutputStream out;

    public RawFrames(Socket socket) throws IOException {
        this.in = new DataInputStream(socket.getInputStream());
        this.out = new java.io.BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
    }

    /** Sends one text frame, masked as a client must. */
    public void sendText(byte[] utf8) throws IOException {
        sendFrame(0x81, utf8, true);
    }

    /**
     * Sends one frame with the given first byte (FIN, reserved bits, opcode), masked or not: a test
     * can break RFC 6455 on purpose.
     */
    public void sendFrame(int firstByte, byte[] utf8, boolean mask) throws IOException {
        int maskBit = mask ? 0x80 : 0;
        out.write(firstByte);
        if (utf8.length < 126) {
            out.write(maskBit | utf8.length);
        } else if (utf8.length < 65_536) {
            out.write(maskBit | 126);
            out.write(utf8.length >>> 8);
            out.write(utf8.length);
        } else {
            out.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) ((long) utf8.length >>> shift));
            }
        }
        if (!mask) {
            out.write(utf8);
            out.flush();
            return;
        }
        byte[] key = {0x12, 0x34, 0x56, 0x78};
        out.write(key);
        byte[] masked = new byte[utf8.length];
        for (int i = 0; i < utf8.length; i++) {
            masked[i] = (byte) (utf8[i] ^ key[i & 3]);
        }
        out.write(masked);
        out.flush();
    }

    /**
     * Sends one frame exactly as given: {@code first} is the FIN/RSV/opcode byte, {@code length} the
     * length to announce (which may lie about the payload), masked or not. For fuzzing.
     */
    public void sendFrame(int first, byte[] payload, long length, boolean masked) throws IOException {
        out.write(first);
        int maskBit = masked ? 0x80 : 0;
        if (length < 126) {
            out.write(maskBit | (int) length);
        } else if (length < 65_536) {
            out.write(maskBit | 126);
            out.write((int) (length >>> 8));
            out.write((int) length);
        } else {
            out.write(maskBit | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (length >>> shift));
            }
        }
        byte[] mask = {0x12, 0x34, 0x56, 0x78};
        if (masked) {
            out.write(mask);
        }
        byte[] body = payload.clone();
        if (masked) {
            for (int i = 0; i < body.length; i++) {
                body[i] = (byte) (body[i] ^ mask[i & 3]);
            }
        }
        out.write(body);
        out.flush();
    }

    /** A whole, masked frame with the given FIN/RSV/opcode byte. */
    public void sendFrame(int first, byte[] payload) throws IOException {
        sendFrame(first, payload, payload.length, true);
    }

    /** Bytes straight onto the socket. */
    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next whole data message or close frame; pings and pongs are skipped. */
    public Message next() throws IOException {
        return next(true);
    }

    /** The next whole data message, close frame, or (unless skipped) ping or pong. */
    public Message next(boolean skipControl) throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        int messageOpcode = -1;
        while (true) {
            int first = in.readUnsignedByte();
            boolean fin = (first & 0x80) != 0;
            int opcode = first & 0x0F;
            long length = in.readUnsignedByte() & 0x7F;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            if (opcode == 0x8) {
                return new Message(opcode, payload);
            }
            if (opcode == 0x9 || opcode == 0xA) {
                if (skipControl) {
                    continue;
                }
                return new Message(opcode, payload);
            }
            if (opcode != 0x0) {
                messageOpcode = opcode;
            }
            message.write(payload);
            if (fin) {
                return new Message(messageOpcode, message.toByteArray());
            }
        }
    }
}
