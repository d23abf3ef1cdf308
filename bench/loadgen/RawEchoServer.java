package loadgen;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code LoadGen echo-server}: the calibration server, the least a WebSocket echo server can do (raw
 * NIO, no framework), to show what the generator and one core can do on their own.
 */
final class RawEchoServer {

    private RawEchoServer() {
    }
    /**
     * Echoes every frame. By default each echoed frame is its own write, as Tomcat and ws send each
     * message; "batched" answers everything one read brought in with a single write.
     */
    static void run(int port, boolean batched) throws Exception {
        Selector selector = Selector.open();
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress("127.0.0.1", port), 1024);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
        System.out.println("raw NIO echo server on 127.0.0.1:" + port + (batched ? ", batched writes" : ", one write per message"));
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        ByteBuffer outBuf = ByteBuffer.allocateDirect(1 << 20);
        while (true) {
            selector.select();
            for (SelectionKey key : selector.selectedKeys()) {
                try {
                    if (key.isAcceptable()) {
                        SocketChannel ch = server.accept();
                        if (ch != null) {
                            ch.configureBlocking(false);
                            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                            ch.register(selector, SelectionKey.OP_READ, new Object[] {ByteBuffer.allocateDirect(65536),
                                    Boolean.FALSE});
                        }
                        continue;
                    }
                    Object[] st = (Object[]) key.attachment();
                    ByteBuffer in = (ByteBuffer) st[0];
                    SocketChannel ch = (SocketChannel) key.channel();
                    if (ch.read(in) < 0) {
                        key.cancel();
                        ch.close();
                        continue;
                    }
                    in.flip();
                    outBuf.clear();
                    if (st[1] == Boolean.FALSE) {
                        String head = StandardCharsets.ISO_8859_1.decode(in.duplicate()).toString();
                        int end = head.indexOf("\r\n\r\n");
                        if (end < 0) {
                            in.compact();
                            continue;
                        }
                        Matcher m = Pattern.compile("(?i)sec-websocket-key:\\s*(\\S+)").matcher(head);
                        m.find();
                        String accept = Base64.getEncoder().encodeToString(sha1.digest(
                                (m.group(1) + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII)));
                        outBuf.put(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                        in.position(in.position() + end + 4);
                        st[1] = Boolean.TRUE;
                    }
                    boolean close = false;
                    while (in.remaining() >= 2) {
                        int p = in.position();
                        int b0 = in.get(p) & 0xff, b1 = in.get(p + 1) & 0xff;
                        int len = b1 & 0x7f, hdr = 2;
                        if (len == 126) {
                            if (in.remaining() < 4) {
                                break;
                            }
                            len = in.getShort(p + 2) & 0xffff;
                            hdr = 4;
                        } else if (len == 127) {
                            throw new IOException("frame too large for the calibration server");
                        }
                        hdr += 4; // clients always mask
                        if (in.remaining() < hdr + len) {
                            break;
                        }
                        int mask = in.getInt(p + hdr - 4);
                        int opcode = b0 & 0x0f;
                        if (opcode == 0x8) {
                            close = true;
                        }
                        int replyOpcode = opcode == 0x9 ? 0xA : opcode;
                        if (opcode != 0xA) {
                            outBuf.put((byte) (0x80 | replyOpcode));
                            if (len < 126) {
                                outBuf.put((byte) len);
                            } else {
                                outBuf.put((byte) 126);
                                outBuf.putShort((short) len);
                            }
                            for (int i = 0; i < len; i++) {
                                outBuf.put((byte) (in.get(p + hdr + i) ^ (mask >>> (24 - 8 * (i & 3)))));
                            }
                        }
                        in.position(p + hdr + len);
                        if (!batched) {
                            writeAll(ch, outBuf);
                        }
                    }
                    in.compact();
                    writeAll(ch, outBuf);
                    if (close) {
                        key.cancel();
                        ch.close();
                    }
                } catch (IOException e) {
                    key.cancel();
                    key.channel().close();
                }
            }
            selector.selectedKeys().clear();
        }
    }

    static void writeAll(SocketChannel ch, ByteBuffer outBuf) throws IOException {
        outBuf.flip();
        while (outBuf.hasRemaining()) {
            if (ch.write(outBuf) == 0) {
                Thread.onSpinWait(); // a benchmark client always reads: spinning briefly is fine
            }
        }
        outBuf.clear();
    }
}
