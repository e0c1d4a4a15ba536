package lab.c10k.strategy.selector;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
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
 *       response usually leaves in the same turn as its request arrived); interest in OP_WRITE only when bytes
 *       remain, until the socket is writable again.
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

    /**
     * Calls of {@link Http1Connection#write} per readiness event, at most. One call sends up to {@value
     * Http1Connection#MAX_BYTES_PER_WRITE} bytes; the next ones serve pipelined requests whose responses follow.
     */
    static final int MAX_WRITES_PER_EVENT = 4;

    private final EventLoop loop;
    private final SocketChannel channel;
    private final Http1Connection http;
    private SelectionKey key;
    /** What the connection waits for; its interest set follows from it. Null once closed. */
    private Step step = Step.READ;

    NonBlockingConnection(EventLoop loop, SocketChannel channel, Http1Connection http) {
        this.loop = loop;
        this.channel = channel;
        this.http = http;
    }

    /** Registers with the loop's selector, for reading the first request. */
    void register(Selector selector) throws IOException {
        key = channel.register(selector, SelectionKey.OP_READ, this);
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
            Step next = step == Step.WRITE ? http.write(channel, now, loop.scratch()) : read(now);
            drive(next, now, step == Step.WRITE ? 1 : 0);
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
            drive(http.onTimeout(now), now, 0);
        } catch (IOException e) {
            close();
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

    /** Follows the steps until the connection has to wait for the socket or a deadline. */
    private void drive(Step next, long now, int writes) throws IOException {
        Step s = next;
        int written = writes;
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
                    if (written > 0 && (http.channelFull() || written == MAX_WRITES_PER_EVENT)) {
                        // The socket is full, or this connection had its share of the turn: the selector says
                        // when to go on, at once when the socket is not full (readiness is level-triggered).
                        await(Step.WRITE, SelectionKey.OP_WRITE);
                        return;
                    }
                    written++;
                    s = http.write(channel, now, loop.scratch());
                }
                case CLOSE -> {
                    close();
                    return;
                }
            }
        }
    }

    private void await(Step s, int ops) {
        if (ops != interestOf(step)) {
            key.interestOps(ops);
        }
        step = s;
        loop.deadlines().schedule(this);
    }

    /** The readiness a connection waiting for {@code s} is registered for. */
    private static int interestOf(Step s) {
        return s == Step.WRITE ? SelectionKey.OP_WRITE : SelectionKey.OP_READ;
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
