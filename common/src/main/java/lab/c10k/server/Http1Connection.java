package lab.c10k.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import lab.c10k.files.FileTransfer;
import lab.c10k.http.Body;
import lab.c10k.http.HttpException;
import lab.c10k.http.HttpVersion;
import lab.c10k.http.Method;
import lab.c10k.http.RequestHead;
import lab.c10k.http.RequestParser;
import lab.c10k.http.Response;
import lab.c10k.http.ResponseHead;
import lab.c10k.http.ResponseHead.ConnectionField;
import lab.c10k.http.Status;

/**
 * One HTTP/1.1 connection as a state machine: bytes in, then what the strategy must do next. Every protocol
 * decision of the server is made here, so that a strategy only moves bytes and keeps time.
 *
 * <pre>
 *            bytes of a request            request complete               response written
 *   IDLE ------------------------> READING -----------------> WRITING ---------------------> IDLE (keep-alive)
 *    |  \_______________________________________________________/|  \-----------------------> CLOSE
 *    |        (a whole request in one read)                      |   \----------------------> LINGERING -> CLOSE
 *    +-- keep-alive timeout, EOF, shutdown --> CLOSE             +-- write timeout, error --> CLOSE
 * </pre>
 *
 * <p>The strategy drives it with four calls and obeys the {@link Step} each returns:
 *
 * <ul>
 *   <li>{@link #onInput} with the bytes it read (all of them are consumed: bytes of a pipelined next request are
 *       kept here until the current response is written);
 *   <li>{@link #write} when the step is {@link Step#WRITE}: writes the pending response as far as the channel
 *       takes it, blocking or not;
 *   <li>{@link #onEof} when the client closed its side;
 *   <li>{@link #onTimeout} when {@link #deadline()} has passed.
 * </ul>
 *
 * <p>{@link Step#LINGER} asks for a lingering close after an error: shut down output, keep reading (and feeding
 * {@link #onInput}, which discards) until EOF or the deadline, then close, so that the client reads the error
 * response instead of a connection reset caused by its unread bytes.
 *
 * <p>Threading: confined to one thread at a time (the connection's thread, or its selector loop). Only {@link
 * #phase()}, {@link #deadline()} and {@link #shutdown()} may be used from other threads (a reaper, a shutdown
 * hook): they are volatile.
 */
public final class Http1Connection {

    /** What the strategy must do next. */
    public enum Step {
        /** Read from the socket and call {@link #onInput} (or {@link #onEof}). */
        READ,
        /** Call {@link #write} (again, once the socket is writable). */
        WRITE,
        /** Shut down output, read and discard until EOF or the deadline, then close. */
        LINGER,
        /** Close the socket, then call {@link #close()}. */
        CLOSE
    }

    /** Where the connection is; published for reapers and graceful shutdown. */
    public enum Phase {
        /** Waiting for the first byte of a request: safe to close on shutdown. */
        IDLE,
        /** Part of a request has arrived. */
        READING,
        /** A response is being written. */
        WRITING,
        /** After an error response: discarding input until the client closes. */
        LINGERING,
        /** Closed. */
        CLOSED
    }

    /**
     * The most bytes one {@link #write} call sends before it returns (2 MiB, as FileTransfer's chunk and nginx's
     * {@code sendfile_max_chunk}): one fast download must not keep an event loop from its other connections.
     */
    public static final long MAX_BYTES_PER_WRITE = 2L << 20;

    private static final System.Logger LOG = System.getLogger(Http1Connection.class.getName());

    private final ServerContext ctx;
    private final RequestParser parser;
    private final long headerNanos;
    private final long keepAliveNanos;
    private final long writeNanos;
    private final long lingerNanos;
    private final int maxRequests;

    private volatile Phase phase = Phase.IDLE;
    private volatile long deadline;
    private volatile boolean draining;

    /** Bytes after a complete request (pipelining), parsed once the current response is written. */
    private ByteBuffer stash;

    private int served;

    // The response being written.
    private int status;
    private ByteBuffer head;
    private ByteBuffer bytes;
    private FileTransfer transfer;
    private boolean closeAfter;
    private boolean lingerAfter;
    private boolean channelFull;

    /**
     * A connection accepted at {@code now} (monotonic nanoseconds). Counts itself as opened; {@link #close()}
     * counts it as closed.
     */
    public Http1Connection(ServerContext ctx, long now) {
        this.ctx = ctx;
        ServerConfig config = ctx.config();
        this.parser = new RequestParser(config.limits());
        ServerConfig.Timeouts t = config.timeouts();
        this.headerNanos = t.header().toNanos();
        this.keepAliveNanos = t.keepAlive().toNanos();
        this.writeNanos = t.write().toNanos();
        this.lingerNanos = t.linger().toNanos();
        this.maxRequests = config.maxRequestsPerConnection();
        // The first request of a connection gets the header timeout, as nginx's client_header_timeout.
        this.deadline = now + headerNanos;
        ctx.counters().connectionOpened();
    }

    /**
     * Consumes every byte of {@code in} (a heap buffer). Call it when {@link Step#READ} or {@link Step#LINGER}
     * was the last step.
     */
    public Step onInput(ByteBuffer in, long now) {
        return switch (phase) {
            case IDLE, READING -> parse(in, now);
            case LINGERING -> {
                in.position(in.limit());
                yield Step.LINGER;
            }
            case WRITING, CLOSED -> throw new IllegalStateException("input while " + phase);
        };
    }

    /** The client closed its side (a read returned -1). */
    public Step onEof(long now) {
        if (phase == Phase.WRITING) {
            throw new IllegalStateException("EOF while writing: a strategy reads only when asked to");
        }
        // A partial request is dropped silently: there is nobody left to answer.
        return Step.CLOSE;
    }

    /** {@link #deadline()} has passed. */
    public Step onTimeout(long now) {
        if (phase == Phase.READING) {
            // Slowloris, or a body that never comes: answer 408 and close.
            return respond(
                    Response.text(Status.REQUEST_TIMEOUT, "the request did not arrive in time"),
                    ConnectionField.CLOSE,
                    true,
                    now);
        }
        return Step.CLOSE;
    }

    /**
     * Writes the pending response as far as {@code out} takes it now, and at most about {@value
     * #MAX_BYTES_PER_WRITE} bytes: a blocking caller calls again while the step is {@link Step#WRITE}, a
     * non-blocking one also waits for writability when {@link #channelFull()}.
     *
     * @return {@link Step#WRITE} when bytes remain (the channel is full, see {@link #channelFull()}, or this call
     *     sent {@value #MAX_BYTES_PER_WRITE} bytes); otherwise the step after the response (which may be {@link
     *     Step#WRITE} again, for a pipelined request that was already here)
     * @throws IOException when writing fails or the file shrank under the transfer: close the connection
     */
    public Step write(WritableByteChannel out, long now) throws IOException {
        if (phase != Phase.WRITING) {
            throw new IllegalStateException("write while " + phase);
        }
        channelFull = false;
        long total = 0;
        long progress;
        do {
            progress = 0;
            if (head.hasRemaining()) {
                progress += out.write(head);
            }
            if (!head.hasRemaining()) {
                if (bytes != null && bytes.hasRemaining()) {
                    progress += out.write(bytes);
                } else if (transfer != null && !transfer.done()) {
                    progress += transfer.writeTo(out);
                }
            }
            if (progress > 0) {
                ctx.counters().bytesWritten(progress);
                deadline = ctx.nanoTime() + writeNanos;
            }
            if (!head.hasRemaining()
                    && (bytes == null || !bytes.hasRemaining())
                    && (transfer == null || transfer.done())) {
                return complete(now);
            }
            total += progress;
            if (total >= MAX_BYTES_PER_WRITE) {
                return Step.WRITE;
            }
        } while (progress > 0);
        channelFull = true;
        return Step.WRITE;
    }

    /**
     * Whether the last {@link #write} stopped because the channel took no more bytes (a full non-blocking socket):
     * wait until it is writable before writing again. False when it returned {@link Step#WRITE} with the channel
     * still taking bytes: a response of {@value #MAX_BYTES_PER_WRITE} bytes or more yields after that many, so
     * that an event loop can serve its other connections, or the response to a pipelined request is ready to
     * start.
     */
    public boolean channelFull() {
        return channelFull;
    }

    /**
     * When the current wait ends (monotonic nanoseconds): the header timeout while a request arrives, the
     * keep-alive timeout while idle, the write timeout while a response makes no progress, the linger timeout.
     */
    public long deadline() {
        return deadline;
    }

    /** Where the connection is. */
    public Phase phase() {
        return phase;
    }

    /**
     * Graceful shutdown: the response in progress, if any, is the last one. An idle connection should be closed
     * by the strategy at once (see {@link #phase()}). Callable from any thread.
     */
    public void shutdown() {
        draining = true;
    }

    /** Releases what the connection holds (an open file) and counts it closed. Idempotent. */
    public void close() {
        if (phase == Phase.CLOSED) {
            return;
        }
        phase = Phase.CLOSED;
        releaseResponse();
        stash = null;
        ctx.counters().connectionClosed();
    }

    private Step parse(ByteBuffer in, long now) {
        RequestHead request;
        try {
            boolean wasInProgress = parser.inProgress();
            request = parser.parse(in);
            if (request == null) {
                if (!wasInProgress && parser.inProgress()) {
                    phase = Phase.READING;
                    deadline = now + headerNanos;
                }
                return Step.READ;
            }
        } catch (HttpException e) {
            return respond(Response.text(e.status(), e.detail()), ConnectionField.CLOSE, true, now);
        }
        if (in.hasRemaining() && in != stash) {
            stash = ByteBuffer.allocate(in.remaining()).put(in).flip();
        }
        return answer(request, now);
    }

    private Step answer(RequestHead request, long now) {
        served++;
        Response response;
        boolean failed = false;
        try {
            response = ctx.handler().handle(request);
        } catch (HttpException e) {
            response = Response.text(e.status(), e.detail());
            failed = true;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "internal error answering a request", e);
            response = Response.text(Status.INTERNAL_SERVER_ERROR, "the server failed to answer");
            failed = true;
        }
        if (request.method() == Method.HEAD) {
            response = withoutBody(response);
        }
        boolean keep = request.keepAlive()
                && !failed
                && !request.bodyUnread()
                && !draining
                && (maxRequests == 0 || served < maxRequests);
        ConnectionField connection = !keep
                ? ConnectionField.CLOSE
                : request.version() == HttpVersion.HTTP_1_0 ? ConnectionField.KEEP_ALIVE : ConnectionField.NONE;
        return respond(response, connection, failed || request.bodyUnread(), now);
    }

    private static Response withoutBody(Response response) {
        if (response.body() instanceof Body.FileRegion region) {
            // The handler answers HEAD without opening the file; should a region come anyway, do not leak it.
            closeQuietly(region);
            return new Response(response.status(), response.fields(), new Body.Withheld(region.count()));
        }
        return response.withoutBody();
    }

    private Step respond(Response response, ConnectionField connection, boolean linger, long now) {
        status = response.status().code();
        head = ByteBuffer.wrap(ResponseHead.encode(response, ctx.date().now(), connection));
        switch (response.body()) {
            case Body.Bytes b -> bytes = ByteBuffer.wrap(b.bytes());
            case Body.FileRegion f -> transfer = FileTransfer.of(ctx.config().fileIo(), f);
            case Body.Withheld w -> {}
            case Body.Absent a -> {}
        }
        closeAfter = connection == ConnectionField.CLOSE;
        lingerAfter = linger;
        phase = Phase.WRITING;
        deadline = now + writeNanos;
        return Step.WRITE;
    }

    private Step complete(long now) {
        ctx.counters().responseCompleted(status);
        releaseResponse();
        if (closeAfter || draining) {
            if (lingerAfter || stash != null) {
                phase = Phase.LINGERING;
                deadline = now + lingerNanos;
                stash = null;
                return Step.LINGER;
            }
            return Step.CLOSE;
        }
        phase = Phase.IDLE;
        deadline = now + keepAliveNanos;
        if (stash != null) {
            ByteBuffer pending = stash;
            Step next = parse(pending, now);
            if (!pending.hasRemaining() && stash == pending) {
                stash = null;
            }
            return next;
        }
        return Step.READ;
    }

    private void releaseResponse() {
        head = null;
        bytes = null;
        if (transfer != null) {
            transfer.close();
            transfer = null;
        }
    }

    private static void closeQuietly(Body.FileRegion region) {
        try {
            region.channel().close();
        } catch (IOException e) {
            // nothing was read from it; closing a read-only file cannot lose data
        }
    }
}
