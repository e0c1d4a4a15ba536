package lab.c10k.strategy.selector;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import lab.c10k.server.Http1Connection;
import lab.c10k.server.Http1Connection.Phase;
import lab.c10k.server.Http1Connection.Step;

/**
 * One connection of an {@link EventLoop}: moves bytes between a non-blocking socket and the core's {@link
 * Http1Connection}, and turns each {@link Step} into the readiness it waits for.
 *
 * <ul>
 *   <li>{@link Step#READ}: interest in OP_READ; when readable, read into the loop's buffer and hand the bytes over.
 *   <li>{@link Step#WRITE}: write at once (the socket buffer is almost always empty when a response starts, so a
 *       response usually leaves in the same turn as its request arrived); interest in OP_WRITE only when the
 *       socket is full, until it drains; after a turn's budget with the socket not full, wait in the loop's
 *       queue instead (see {@link EventLoop#resumeLater}).
 *   <li>{@link Step#LINGER}: shut down output, then read and discard until EOF or the deadline.
 *   <li>{@link Step#CLOSE}: close.
 * </ul>
 *
 * <p>It holds no buffer of its own: reads go to the loop's read buffer, whose bytes {@link
 * Http1Connection#onInput} consumes entirely; a response starts in the loop's scratch buffer (head and a small
 * body, one write), and only what a full socket did not take is kept by the core until the socket drains. It is
 * also the connection's entry in the loop's {@link DeadlineWheel}.
 *
 * <p>Confined to its loop's thread.
 */
final class NonBlockingConnection extends DeadlineWheel.Entry {

    /**
     * Reads per readiness event, at most: a client that keeps sending (pipelining, a large request body being
     * discarded) gets a fair share of the loop, not all of it.
     */
    static final int MAX_READS_PER_EVENT = 4;

    private final EventLoop loop;
    private final SocketChannel channel;
    private final Http1Connection http;
    private SelectionKey key;
    /** What the connection waits for. Null once closed. */
    private Step step = Step.READ;
    /**
     * The interest set registered: OP_READ for {@link Step#READ} and {@link Step#LINGER}, OP_WRITE while a
     * response waits for a full socket to drain, and left as it was while the connection waits in the loop's
     * queue (a byte: an idle connection is counted in bytes).
     */
    private byte interest = SelectionKey.OP_READ;
    /** Whether it is in the loop's queue of connections to resume, having yielded with bytes to write. */
    private boolean posted;
    /**
     * Whether TCP_NODELAY is set: before the first response that is not the connection's last, as nginx sets it
     * when a connection is kept alive. A response that ends the connection leaves in full at the close, which
     * sends what Nagle's algorithm holds back, so a connection with one response saves the system call.
     */
    private boolean noDelay;

    NonBlockingConnection(EventLoop loop, SocketChannel channel, Http1Connection http) {
        this.loop = loop;
        this.channel = channel;
        this.http = http;
    }

    /**
     * Starts a freshly accepted connection: reads at once, because the first request usually arrives with the end
     * of the handshake and is already there. Only a connection that has to wait for the socket registers with the
     * selector, so one that is served and closed in this call (a request with {@code Connection: close}) costs no
     * {@code epoll_ctl} at all, neither the ADD nor the DEL.
     */
    void start(long now) {
        ready(now);
    }

    /** Whether it is registered with the selector: false until it first waits for the socket. */
    boolean registered() {
        return key != null;
    }

    @Override
    long deadline() {
        return http.deadline();
    }

    /** The socket is ready for what the connection waits for. */
    void ready(long now) {
        if (step == null) {
            return;
        }
        try {
            drive(step == Step.WRITE ? http.write(channel, now, loop.scratch()) : read(now), now, step == Step.WRITE);
        } catch (IOException e) {
            // The client went away (reset, broken pipe) or the file shrank under its transfer.
            close();
        }
    }

    /** The deadline has passed. */
    void expired(long now) {
        if (step == null) {
            return;
        }
        try {
            drive(http.onTimeout(now), now, false);
        } catch (IOException e) {
            close();
        }
    }

    /** Its turn after yielding: writes on, if it still has something to write. */
    void resume(long now) {
        posted = false;
        if (step == Step.WRITE) {
            ready(now);
        }
    }

    /** Whether the connection waits for a request and may be closed by a graceful shutdown. */
    boolean idle() {
        return http.phase() == Phase.IDLE && step == Step.READ;
    }

    /** Graceful shutdown: the response in progress is the last; an idle connection closes now. */
    void shutdown() {
        http.shutdown();
        if (idle()) {
            close();
        }
    }

    private Step read(long now) throws IOException {
        ByteBuffer buffer = loop.readBuffer();
        Step next = step;
        for (int i = 0; i < MAX_READS_PER_EVENT; i++) {
            int n = channel.read(buffer.clear());
            if (n == 0) {
                return next;
            }
            if (n < 0) {
                return http.onEof(now);
            }
            next = http.onInput(buffer.flip(), now);
            if ((next != Step.READ && next != Step.LINGER) || n < buffer.capacity()) {
                // Something to write, or the socket had no more than that to give.
                return next;
            }
        }
        return next;
    }

    /**
     * Follows the steps until the connection has to wait for the socket or a deadline, or has had its turn: one
     * {@link Http1Connection#write} call per event (which may cover several pipelined responses).
     */
    private void drive(Step next, long now, boolean wrote) throws IOException {
        Step s = next;
        boolean written = wrote;
        while (true) {
            switch (s) {
                case READ -> {
                    await(Step.READ, SelectionKey.OP_READ);
                    return;
                }
                case LINGER -> {
                    if (step != Step.LINGER) {
                        channel.shutdownOutput();
                    }
                    await(Step.LINGER, SelectionKey.OP_READ);
                    return;
                }
                case WRITE -> {
                    if (!written) {
                        written = true;
                        if (!noDelay && !http.lastResponse()) {
                            // Responses follow: none may wait for the acknowledgement of the one before.
                            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                            noDelay = true;
                        }
                        s = http.write(channel, now, loop.scratch());
                    } else if (http.channelFull()) {
                        // Wait for the socket to drain: the one case for OP_WRITE.
                        await(Step.WRITE, SelectionKey.OP_WRITE);
                        return;
                    } else {
                        // The turn's budget is spent and the socket takes more: go on after the other connections,
                        // from the loop's queue, without asking the selector.
                        step = Step.WRITE;
                        loop.deadlines().schedule(this);
                        if (!posted) {
                            posted = true;
                            loop.resumeLater(this);
                        }
                        return;
                    }
                }
                case CLOSE -> {
                    close();
                    return;
                }
            }
        }
    }

    private void await(Step s, int ops) throws IOException {
        if (key == null) {
            key = channel.register(loop.selector(), ops, this);
            interest = (byte) ops;
        } else if (ops != interest) {
            key.interestOps(ops);
            interest = (byte) ops;
        }
        step = s;
        loop.deadlines().schedule(this);
    }

    /**
     * Closes the connection, and the socket once the selector has let go of it (see {@link
     * EventLoop#closeSocket}); idempotent.
     */
    void close() {
        if (step == null) {
            return;
        }
        step = null;
        loop.deadlines().cancel(this);
        http.close();
        loop.closeSocket(channel, key);
    }
}
