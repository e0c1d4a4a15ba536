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
 * #phase()}, {@link #deadline()} and {@link #shutdown()} may be used from other threads (a deadline scanner, a shutdown
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

    /** Where the connection is; published for deadline scanners and graceful shutdown. */
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

    /**
     * The most responses one {@link #write} call completes: responses to pipelined requests follow each other in
     * one call, up to this many, so that a client pipelining hundreds of small requests gets its turn, not the
     * loop.
     */
    public static final int MAX_RESPONSES_PER_WRITE = 16;

    private static final System.Logger LOG = System.getLogger(Http1Connection.class.getName());

    /** The head of a response that has been written whole. */
    private static final ByteBuffer SENT = ByteBuffer.allocate(0);

    private final ServerContext ctx;
    /**
     * The parser of the request being received; null between requests. An idle keep-alive connection holds no
     * parser (nor any buffer): it is made when the first byte of a request arrives and dropped once the request
     * is parsed, in nginx's spirit of allocating on demand and releasing promptly.
     */
    private RequestParser parser;

    private volatile Phase phase = Phase.IDLE;
    private volatile long deadline;
    private volatile boolean draining;

    /** Bytes after a complete request (pipelining), parsed once the current response is written. */
    private ByteBuffer stash;

    private int served;

    // The response being written: until its first write, the response (head == null); then the unsent bytes
    // of the head, or of head and body when they were gathered into one write.
    private int status;
    private Response response;
    private ConnectionField connectionField;
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
        // The first request of a connection gets the header timeout, as nginx's client_header_timeout.
        this.deadline = now + timeouts().header().toNanos();
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
     * Writes the pending response as far as {@code out} takes it now, then the responses to pipelined requests
     * already received, within a budget of about {@value #MAX_BYTES_PER_WRITE} bytes and {@value
     * #MAX_RESPONSES_PER_WRITE} responses per call. A blocking caller calls again while the step is {@link
     * Step#WRITE}; a non-blocking one waits for writability first when {@link #channelFull()}, and otherwise
     * lets its other connections have their turn before it calls again.
     *
     * @return {@link Step#WRITE} when bytes remain: the channel is full ({@link #channelFull()}), or this call
     *     spent its budget; otherwise the step after the last response written
     * @throws IOException when writing fails or the file shrank under the transfer: close the connection
     */
    public Step write(WritableByteChannel out, long now) throws IOException {
        return write(out, now, null);
    }

    /**
     * {@link #write(WritableByteChannel, long)}, with the caller's buffer for the start of a response: the head is
     * encoded into {@code scratch} (no allocation), and a body that fits behind it (a small file, an error page)
     * is read into it too, so that head and body leave in one write and one TCP segment; of a larger file, the
     * part that fits leaves with the head, and the rest follows by the file-io mode. Only the bytes the
     * channel did not take are copied into a buffer of the connection's own, so a connection holds no buffer
     * between responses. The buffer may be shared by every connection of one thread: its content is not needed
     * after the call returns.
     *
     * @param scratch a buffer, preferably direct, or null for none
     */
    public Step write(WritableByteChannel out, long now, ByteBuffer scratch) throws IOException {
        if (phase != Phase.WRITING) {
            throw new IllegalStateException("write while " + phase);
        }
        channelFull = false;
        long total = 0;
        int responses = 0;
        while (true) {
            long progress = 0;
            if (head == null) {
                progress += start(out, scratch);
            } else if (head.hasRemaining()) {
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
                deadline = ctx.nanoTime() + timeouts().write().toNanos();
            }
            total += progress;
            if (!head.hasRemaining()
                    && (bytes == null || !bytes.hasRemaining())
                    && (transfer == null || transfer.done())) {
                Step next = complete(now);
                if (next != Step.WRITE || ++responses == MAX_RESPONSES_PER_WRITE || total >= MAX_BYTES_PER_WRITE) {
                    return next;
                }
                continue; // the response to a pipelined request is ready: start it in this call
            }
            if (progress == 0) {
                channelFull = true;
                return Step.WRITE;
            }
            if (total >= MAX_BYTES_PER_WRITE) {
                return Step.WRITE;
            }
        }
    }

    /**
     * Encodes the head of the pending response; with a scratch buffer, also gathers a small body behind it and
     * writes both at once.
     *
     * @return the bytes written
     */
    private long start(WritableByteChannel out, ByteBuffer scratch) throws IOException {
        Response r = response;
        response = null;
        byte[] date = ctx.date().now();
        if (scratch == null || !ResponseHead.encode(r, date, connectionField, scratch.clear())) {
            head = ByteBuffer.wrap(ResponseHead.encode(r, date, connectionField));
            return out.write(head);
        }
        if (bytes != null && bytes.remaining() <= scratch.remaining()) {
            scratch.put(bytes);
        } else if (transfer != null) {
            transfer.readTo(scratch); // all of a small file, the first segment of a large one
        }
        int written = out.write(scratch.flip());
        head = scratch.hasRemaining()
                ? ByteBuffer.allocate(scratch.remaining()).put(scratch).flip()
                : SENT;
        return written;
    }

    /**
     * Whether the last {@link #write} stopped because the channel took no more bytes (a full non-blocking socket):
     * wait until it is writable before writing again. False when it returned {@link Step#WRITE} with the channel
     * still taking bytes, having spent its budget, so that an event loop can serve its other connections first.
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

    /**
     * Whether the response being written is the connection's last: it carries {@code Connection: close}, or the
     * server is draining. A strategy may set socket options for the responses that follow (TCP_NODELAY) only when
     * there will be some.
     */
    public boolean lastResponse() {
        return closeAfter || draining;
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
        parser = null;
        stash = null;
        ctx.counters().connectionClosed();
    }

    private Step parse(ByteBuffer in, long now) {
        RequestHead request;
        if (parser == null) {
            parser = new RequestParser(ctx.config().limits());
        }
        try {
            boolean wasInProgress = parser.inProgress();
            request = parser.parse(in);
            if (request == null) {
                if (!wasInProgress && parser.inProgress()) {
                    phase = Phase.READING;
                    deadline = now + timeouts().header().toNanos();
                }
                return Step.READ;
            }
            // The parser never reads past the request it returns: it holds nothing of the next one.
            parser = null;
        } catch (HttpException e) {
            parser = null;
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
                && (ctx.config().maxRequestsPerConnection() == 0
                        || served < ctx.config().maxRequestsPerConnection());
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
        // The head is encoded by the first write: into the caller's buffer when there is one.
        this.response = response;
        this.connectionField = connection;
        switch (response.body()) {
            case Body.Bytes b -> bytes = ByteBuffer.wrap(b.bytes());
            case Body.FileRegion f -> transfer = FileTransfer.of(ctx.config().fileIo(), f);
            case Body.Withheld w -> {}
            case Body.Absent a -> {}
        }
        closeAfter = connection == ConnectionField.CLOSE;
        lingerAfter = linger;
        phase = Phase.WRITING;
        deadline = now + timeouts().write().toNanos();
        return Step.WRITE;
    }

    private Step complete(long now) {
        ctx.counters().responseCompleted(status);
        releaseResponse();
        if (closeAfter || draining) {
            if (lingerAfter || stash != null) {
                phase = Phase.LINGERING;
                deadline = now + timeouts().linger().toNanos();
                stash = null;
                return Step.LINGER;
            }
            return Step.CLOSE;
        }
        phase = Phase.IDLE;
        deadline = now + timeouts().keepAlive().toNanos();
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

    /** Whether a request is being parsed: only then does the connection hold a parser. */
    boolean parsing() {
        return parser != null;
    }

    private ServerConfig.Timeouts timeouts() {
        return ctx.config().timeouts();
    }

    private void releaseResponse() {
        response = null;
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
