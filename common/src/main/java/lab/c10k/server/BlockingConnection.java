package lab.c10k.server;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import lab.c10k.server.Http1Connection.Phase;
import lab.c10k.server.Http1Connection.Step;

/**
 * Serves one connection with blocking I/O on the calling thread: the loop shared by the thread strategies (one
 * thread per connection) and the process strategy's workers (one connection per process at a time).
 *
 * <p>Reads block without a socket timeout: a timed blocking read costs extra system calls on every read (the JDK
 * switches the socket to non-blocking mode and polls). Deadlines are enforced from outside instead, by a {@link
 * DeadlineScanner} that scans the live connections a few times per second: at a read deadline it shuts down the
 * socket's input, which wakes the blocked read with end-of-stream; at a write deadline it closes the socket, which
 * aborts the blocked write. So a thread per connection costs one thread, not two.
 *
 * <p>This class does socket I/O although it lives in the core: it is the one blocking loop both blocking
 * strategies need, and it only moves bytes; every decision comes from {@link Http1Connection}.
 *
 * <p>Threading: {@link #run()} on the connection's own thread; {@link #check}, {@link #shutdown} and {@link
 * #abort} from the deadline scanner or a shutdown thread.
 */
public final class BlockingConnection implements Runnable {
    /** The read buffer: a request head fits in one read; a larger one continues in the parser. */
    static final int READ_BUFFER_BYTES = 8192;

    private final SocketChannel channel;
    private final ServerContext ctx;
    private final DeadlineScanner deadlineScanner;
    private final Http1Connection connection;

    /**
     * Takes over {@code channel}, a freshly accepted socket (switched to blocking mode, TCP_NODELAY set), and
     * registers with {@code deadlineScanner}.
     */
    public BlockingConnection(SocketChannel channel, ServerContext ctx, DeadlineScanner deadlineScanner)
            throws IOException {
        this.channel = channel;
        this.ctx = ctx;
        this.deadlineScanner = deadlineScanner;
        channel.configureBlocking(true);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        this.connection = new Http1Connection(ctx, ctx.nanoTime());
        deadlineScanner.register(this);
    }

    /** Serves the connection until it closes; never throws. */
    @Override
    public void run() {
        ByteBuffer buffer = ByteBuffer.allocate(READ_BUFFER_BYTES);
        try {
            Step step = Step.READ;
            while (step != Step.CLOSE) {
                step = switch (step) {
                    case READ -> read(buffer);
                    case WRITE -> connection.write(channel, ctx.nanoTime());
                    case LINGER -> linger(buffer);
                    case CLOSE -> throw new AssertionError();
                };
            }
        } catch (IOException e) {
            // The client went away, or the deadline scanner aborted a stalled write: nothing left to answer.
        } finally {
            closeChannel();
            connection.close();
            deadlineScanner.unregister(this);
        }
    }

    private Step read(ByteBuffer buffer) throws IOException {
        buffer.clear();
        int n = channel.read(buffer);
        long now = ctx.nanoTime();
        if (n < 0) {
            // End of stream: the client closed, or the deadline scanner shut our input because the deadline passed.
            return now - connection.deadline() >= 0 ? connection.onTimeout(now) : connection.onEof(now);
        }
        return connection.onInput(buffer.flip(), now);
    }

    private Step linger(ByteBuffer buffer) throws IOException {
        if (!channel.socket().isOutputShutdown()) {
            channel.shutdownOutput();
        }
        return read(buffer);
    }

    /**
     * Called by the deadline scanner with the current time: wakes or aborts the connection when its deadline has
     * passed, or when the server drains and the connection is idle.
     */
    void check(long now, boolean draining) {
        Phase phase = connection.phase();
        boolean expired = now - connection.deadline() >= 0;
        if (draining) {
            connection.shutdown();
        }
        if (!expired && !(draining && phase == Phase.IDLE)) {
            return;
        }
        switch (phase) {
            case IDLE, READING -> shutdownInput();
            case WRITING, LINGERING -> closeChannel();
            case CLOSED -> {}
        }
    }

    /** Graceful shutdown: the response in progress is the last. */
    void shutdown() {
        connection.shutdown();
    }

    /** Closes the socket now, whatever the connection is doing. */
    void abort() {
        closeChannel();
    }

    private void shutdownInput() {
        try {
            channel.shutdownInput();
        } catch (IOException e) {
            closeChannel();
        }
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing a socket cannot lose our data: every response was written or abandoned already
        }
    }
}
