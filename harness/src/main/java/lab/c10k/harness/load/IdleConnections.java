package lab.c10k.harness.load;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Many kept-alive connections that each made one request and then sit idle: what {@code c10k idle} holds open
 * while it measures what an idle connection costs the server.
 *
 * <p>Connections are opened in batches, each batch fully answered before the next starts, so the server's listen
 * backlog never overflows (an overflowing backlog drops SYNs and costs a second per retry). Confined to the thread
 * that opens them.
 */
public final class IdleConnections implements AutoCloseable {
    private static final int BATCH = 500;

    private final List<SocketChannel> channels = new ArrayList<>();
    private final Selector selector;

    private IdleConnections() throws IOException {
        this.selector = Selector.open();
    }

    /**
     * Opens {@code count} connections to {@code target}; each sends one keep-alive GET and reads the whole
     * response.
     *
     * @throws IOException when a connection fails, a response is not 2xx, or {@code timeout} passes for a batch
     */
    public static IdleConnections open(Target target, int count, Duration timeout) throws IOException {
        var idle = new IdleConnections();
        try {
            byte[] request = target.request(true);
            var address = target.address();
            ByteBuffer in = ByteBuffer.allocateDirect(64 * 1024);
            for (int opened = 0; opened < count; ) {
                int batch = Math.min(BATCH, count - opened);
                idle.batch(address, request, batch, in, timeout);
                opened += batch;
            }
            return idle;
        } catch (IOException | RuntimeException e) {
            idle.close();
            throw e;
        }
    }

    private record Pending(SocketChannel channel, ResponseReader reader, ByteBuffer request) {}

    private void batch(java.net.InetSocketAddress address, byte[] request, int n, ByteBuffer in, Duration timeout)
            throws IOException {
        int waiting = 0;
        for (int i = 0; i < n; i++) {
            SocketChannel ch = SocketChannel.open();
            channels.add(ch);
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            var pending = new Pending(ch, new ResponseReader(), ByteBuffer.wrap(request));
            ch.register(selector, ch.connect(address) ? SelectionKey.OP_WRITE : SelectionKey.OP_CONNECT, pending);
            waiting++;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (waiting > 0) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new IOException(waiting + " of " + n + " connections got no response within " + timeout);
            }
            selector.select(left);
            var keys = selector.selectedKeys().iterator();
            while (keys.hasNext()) {
                SelectionKey key = keys.next();
                keys.remove();
                var p = (Pending) key.attachment();
                if (key.isConnectable()) {
                    p.channel().finishConnect();
                    key.interestOps(SelectionKey.OP_WRITE);
                } else if (key.isWritable()) {
                    p.channel().write(p.request());
                    if (!p.request().hasRemaining()) {
                        key.interestOps(SelectionKey.OP_READ);
                    }
                } else if (key.isReadable()) {
                    in.clear();
                    if (p.channel().read(in) < 0) {
                        throw new IOException("the server closed a connection before its response");
                    }
                    in.flip();
                    if (p.reader().feed(in)) {
                        if (p.reader().status() / 100 != 2) {
                            throw new IOException(
                                    "the server answered " + p.reader().status());
                        }
                        if (p.reader().mustClose()) {
                            throw new IOException("the server closes the connection after a response");
                        }
                        key.cancel(); // idle from now on: nothing to wait for
                        waiting--;
                    }
                }
            }
        }
        selector.selectNow(); // flush the cancelled keys
    }

    /**
     * How many of them the server has closed so far (each is probed with a non-blocking read).
     */
    public int closedByServer() throws IOException {
        int closed = 0;
        ByteBuffer probe = ByteBuffer.allocate(1);
        for (SocketChannel ch : channels) {
            try {
                probe.clear();
                if (ch.read(probe) != 0) {
                    closed++;
                }
            } catch (IOException e) {
                closed++;
            }
        }
        return closed;
    }

    @Override
    public void close() {
        for (SocketChannel ch : channels) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        channels.clear();
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
