package lab.c10k.strategy.selector;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A client process that holds many keep-alive connections at once: it connects them all, then in each round
 * sends one request on every connection and reads every response with one selector, checking status and length.
 * Afterwards it keeps the connections open, idle, until its standard input says {@code close} (or ends).
 *
 * <p>It runs in a JVM of its own so that a test can hold 10,000 connections without the test JVM needing 20,000
 * descriptors (the server's ends and the client's). It prints one line per phase, which the test reads:
 *
 * <pre>
 *   connected N
 *   round R ok N errors E
 *   idle
 *   closed
 * </pre>
 *
 * Usage: {@code KeepAliveLoad HOST PORT CONNECTIONS ROUNDS PATH EXPECTED_LENGTH}.
 */
final class KeepAliveLoad {
    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);

    /** One connection's response in progress. */
    private static final class Reader {
        final SocketChannel channel;
        final StringBuilder head = new StringBuilder();
        long bodyLeft = -1;
        boolean failed;

        Reader(SocketChannel channel) {
            this.channel = channel;
        }

        void reset() {
            head.setLength(0);
            bodyLeft = -1;
            failed = false;
        }

        /** Consumes bytes; true once the response is complete. */
        boolean consume(ByteBuffer in, long expectedLength) {
            while (in.hasRemaining()) {
                if (bodyLeft < 0) {
                    head.append((char) (in.get() & 0xff));
                    int n = head.length();
                    if (n >= 4
                            && head.charAt(n - 1) == '\n'
                            && head.substring(n - 4).equals("\r\n\r\n")) {
                        String text = head.toString();
                        failed = !text.startsWith("HTTP/1.1 200 ")
                                || !text.contains("\r\nContent-Length: " + expectedLength + "\r\n")
                                || text.contains("\r\nConnection: close");
                        bodyLeft = expectedLength;
                    }
                } else {
                    int take = (int) Math.min(bodyLeft, in.remaining());
                    in.position(in.position() + take);
                    bodyLeft -= take;
                }
                if (bodyLeft == 0) {
                    if (in.hasRemaining()) {
                        failed = true; // nothing was asked for beyond this response
                    }
                    return true;
                }
            }
            return false;
        }
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        var address = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        int connections = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
        String path = args[4];
        long expectedLength = Long.parseLong(args[5]);
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: load\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

        List<Reader> readers = new ArrayList<>(connections);
        try (Selector selector = Selector.open()) {
            for (int i = 0; i < connections; i++) {
                SocketChannel c = SocketChannel.open();
                c.setOption(StandardSocketOptions.TCP_NODELAY, true);
                c.connect(address);
                c.configureBlocking(false);
                var reader = new Reader(c);
                c.register(selector, 0, reader);
                readers.add(reader);
            }
            System.out.println("connected " + readers.size());
            ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
            for (int round = 0; round < rounds; round++) {
                for (Reader r : readers) {
                    r.reset();
                    ByteBuffer out = ByteBuffer.wrap(request);
                    while (out.hasRemaining()) {
                        if (r.channel.write(out) == 0) {
                            Thread.onSpinWait();
                        }
                    }
                    r.channel.keyFor(selector).interestOps(SelectionKey.OP_READ);
                }
                int pending = readers.size();
                int ok = 0;
                int errors = 0;
                long deadline = System.nanoTime() + TIMEOUT_NANOS;
                while (pending > 0 && System.nanoTime() - deadline < 0) {
                    selector.select(1000);
                    for (var it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                        SelectionKey key = it.next();
                        it.remove();
                        Reader r = (Reader) key.attachment();
                        buffer.clear();
                        int n = r.channel.read(buffer);
                        boolean done;
                        if (n < 0) {
                            r.failed = true;
                            done = true;
                        } else {
                            done = r.consume(buffer.flip(), expectedLength);
                        }
                        if (done) {
                            key.interestOps(0);
                            pending--;
                            if (r.failed) {
                                errors++;
                            } else {
                                ok++;
                            }
                        }
                    }
                }
                System.out.println("round " + round + " ok " + ok + " errors " + (errors + pending));
            }
            System.out.println("idle");
            var stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = stdin.readLine()) != null && !line.equals("close")) {
                // wait for the test to say so
            }
            for (Reader r : readers) {
                r.channel.close();
            }
            System.out.println("closed");
        }
    }
}
