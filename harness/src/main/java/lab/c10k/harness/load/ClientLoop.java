package lab.c10k.harness.load;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import org.HdrHistogram.Histogram;

/**
 * One I/O thread of the generator: a selector, its share of the connections, its own histograms and counters.
 * Everything here is confined to the loop's thread, except {@link #wakeup()} and the fields read after the
 * thread has been joined.
 */
final class ClientLoop implements Runnable {
    /** The largest latency the histograms hold: an hour, in nanoseconds. */
    static final long HIGHEST_NANOS = 3_600_000_000_000L;

    private static final long SCAN_NANOS = 50_000_000L;
    private static final long CONNECT_BACKOFF_NANOS = 20_000_000L;
    private static final int READ_BUFFER_BYTES = 128 * 1024;
    private static final int MAX_READS_PER_EVENT = 32;
    /** Open loop: a request begun later than this after its due time counts as started late. */
    static final long LATE_NANOS = 1_000_000L;
    /** Status codes are three digits: one counter for each. */
    static final int STATUS_CODES = 1000;

    private enum State {
        /** Waiting for the time to begin a request (open loop, or after a failed connect). */
        WAITING,
        CONNECTING,
        WRITING,
        READING,
        /** A run of N requests whose tickets are all taken. */
        FINISHED
    }

    private static final class Connection {
        final int id;
        final ResponseReader reader = new ResponseReader();
        SocketChannel channel;
        SelectionKey key;
        State state = State.WAITING;
        /** When the client began the request: the latency origin in closed loop. */
        long began;
        /** When the request was due: the latency origin in open loop. */
        long due;
        /** When the request was written (after the connect, if any). */
        long sent;
        /** When this connection may begin again (WAITING). */
        long wakeAt;

        /** Open loop: the request about to begin was due while the previous response was still awaited. */
        boolean behind;

        boolean ticket;
        int written;

        /** Whether a response (or a timeout) ended one of this connection's requests in the window. */
        boolean answeredInWindow;

        /** Whether this connection has had a response since the run began, in any phase. */
        boolean everAnswered;

        Connection(int id) {
            this.id = id;
        }
    }

    private final Run run;
    private final List<Connection> connections = new ArrayList<>();
    private final Selector selector;
    private final ByteBuffer request;
    private final ByteBuffer in = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);
    private final PriorityQueue<Connection> waiting = new PriorityQueue<>((a, b) -> Long.compare(a.wakeAt, b.wakeAt));
    /** Connections that were to begin a request while the run held (see Run.HOLD), to begin when it measures. */
    private final ArrayDeque<Connection> held = new ArrayDeque<>();

    private final boolean openLoop;
    private final boolean keepAlive;
    private final long timeoutNanos;

    final Histogram latency = new Histogram(HIGHEST_NANOS, 3);
    final Histogram service = new Histogram(HIGHEST_NANOS, 3);
    long requests;
    long bytes;
    long connects;
    final long[] errors = new long[ErrorKind.values().length];
    final long[] statusCodes = new long[STATUS_CODES];
    /** Open loop: requests begun in the window, those begun late, and those late behind a response. */
    long started;

    long late;
    long lateBehindResponse;
    /** Requests in flight when the window closed, and those of them on connections the window never answered. */
    long openAtEnd;

    long waitingAtEnd;
    Throwable failure;

    ClientLoop(Run run, List<Integer> ids) throws IOException {
        this.run = run;
        this.selector = Selector.open();
        this.request =
                ByteBuffer.allocateDirect(run.request.length).put(run.request).flip();
        this.openLoop = run.profile.openLoop();
        this.keepAlive = run.profile.keepAlive();
        this.timeoutNanos = run.profile.timeout().toNanos();
        for (int id : ids) {
            connections.add(new Connection(id));
        }
    }

    /** Makes the selector return at once, so the loop sees a new phase. Any thread. */
    void wakeup() {
        selector.wakeup();
    }

    /** Releases the selector of a loop that will never run. */
    void abandon() {
        try {
            selector.close();
        } catch (IOException ignored) {
            // nothing was opened on it
        }
    }

    @Override
    public void run() {
        try {
            long now = System.nanoTime();
            for (Connection c : connections) {
                if (openLoop) {
                    c.due = run.startNanos + c.id * run.spacingNanos;
                    waitUntil(c, c.due);
                } else {
                    begin(c, now);
                }
            }
            long nextScan = now + SCAN_NANOS;
            while (run.phase != Run.STOP) {
                long until = waiting.isEmpty() ? nextScan : Math.min(nextScan, waiting.peek().wakeAt);
                long wait = until - System.nanoTime();
                if (wait < 1_000_000L) {
                    selector.selectNow(this::ready);
                } else {
                    selector.select(this::ready, wait / 1_000_000L);
                }
                now = System.nanoTime();
                while (!held.isEmpty() && run.phase == Run.MEASURE) {
                    begin(held.poll(), now);
                }
                while (!waiting.isEmpty() && waiting.peek().wakeAt <= now && run.phase != Run.STOP) {
                    Connection c = waiting.poll();
                    begin(c, now);
                }
                if (now >= nextScan) {
                    expire(now);
                    nextScan = now + SCAN_NANOS;
                }
            }
            countOpenAtEnd();
        } catch (Throwable t) {
            failure = t;
            run.over.countDown();
        } finally {
            for (Connection c : connections) {
                closeChannel(c);
            }
            try {
                selector.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /**
     * The requests still in flight when the window closed. Those on a connection that got no answer in the whole
     * window (waiting in the server's backlog, or behind a slow response) enter the latencies with the time they
     * waited within the window, a lower bound: leaving them out would report the latency of the connections that
     * were served and forget the ones that waited. Within the window, and not since they began: a window holds the
     * time its requests spent in it, which is what Little's law weighs (connections / throughput); a served
     * connection's request that began before the window and is counted whole is balanced by its request cut off
     * at the end, which is only counted, while an unanswered connection has nothing to balance its time before.
     */
    private void countOpenAtEnd() {
        long end = run.windowEndNanos;
        if (end == 0 || run.counted()) {
            return;
        }
        for (Connection c : connections) {
            if (c.state == State.CONNECTING || c.state == State.WRITING || c.state == State.READING) {
                openAtEnd++;
                if (!c.answeredInWindow) {
                    waitingAtEnd++;
                    long origin = Math.max(openLoop ? c.due : c.began, run.windowStartNanos);
                    latency.recordValue(clamp(end - origin));
                }
            }
        }
    }

    private void waitUntil(Connection c, long when) {
        c.state = State.WAITING;
        c.wakeAt = when;
        waiting.add(c);
    }

    /** Starts the next request of {@code c}: takes a ticket if needed, connects if needed, sends. */
    private void begin(Connection c, long now) {
        if (run.phase == Run.STOP) {
            return;
        }
        if (run.phase == Run.HOLD) {
            c.state = State.WAITING; // no request in flight: nothing to time out
            held.add(c);
            return;
        }
        c.ticket = false;
        if (run.counted() && run.phase == Run.MEASURE) {
            if (!run.takeTicket()) {
                c.state = State.FINISHED;
                closeChannel(c);
                return;
            }
            c.ticket = true;
        }
        c.began = now;
        if (openLoop && measuring()) {
            started++;
            if (now - c.due > LATE_NANOS) {
                late++;
                if (c.behind) {
                    lateBehindResponse++;
                }
            }
        }
        if (c.channel == null) {
            connect(c, now);
        } else {
            send(c, now);
        }
    }

    private void connect(Connection c, long now) {
        c.reader.reset();
        try {
            SocketChannel ch = SocketChannel.open();
            c.channel = ch;
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (measuring()) {
                connects++;
            }
            if (ch.connect(run.address)) {
                c.key = ch.register(selector, SelectionKey.OP_READ, c);
                send(c, now);
            } else {
                c.state = State.CONNECTING;
                c.key = ch.register(selector, SelectionKey.OP_CONNECT, c);
            }
        } catch (IOException e) {
            fail(c, ErrorKind.CONNECT, now);
        }
    }

    private void send(Connection c, long now) {
        c.sent = now;
        c.written = 0;
        write(c, now);
    }

    private void write(Connection c, long now) {
        request.clear().position(c.written);
        try {
            c.channel.write(request);
        } catch (IOException e) {
            fail(c, ErrorKind.WRITE, now);
            return;
        }
        c.written = request.position();
        if (request.hasRemaining()) {
            c.state = State.WRITING;
            c.key.interestOps(SelectionKey.OP_WRITE);
        } else {
            c.state = State.READING;
            if (c.key.interestOps() != SelectionKey.OP_READ) {
                c.key.interestOps(SelectionKey.OP_READ);
            }
        }
    }

    private void ready(SelectionKey key) {
        Connection c = (Connection) key.attachment();
        if (!key.isValid() || c.key != key) {
            return;
        }
        switch (c.state) {
            case CONNECTING -> finishConnect(c);
            case WRITING -> write(c, System.nanoTime());
            case READING -> read(c);
            case WAITING -> dropIfClosed(c);
            case FINISHED -> key.interestOps(0);
        }
    }

    /**
     * A kept connection waiting for its next due time became readable: the server closed it (its keep-alive
     * timeout) or sent bytes nobody asked for. Either way it is closed; the next request opens a new one.
     */
    private void dropIfClosed(Connection c) {
        in.clear();
        int n;
        try {
            n = c.channel.read(in);
        } catch (IOException e) {
            n = -1;
        }
        if (n > 0 && measuring()) {
            errors[ErrorKind.READ.ordinal()]++;
        }
        if (n != 0) {
            closeChannel(c);
        }
    }

    private void finishConnect(Connection c) {
        long now = System.nanoTime();
        try {
            c.channel.finishConnect();
        } catch (IOException e) {
            fail(c, ErrorKind.CONNECT, now);
            return;
        }
        send(c, now);
    }

    private void read(Connection c) {
        SocketChannel ch = c.channel;
        for (int reads = 0; reads < MAX_READS_PER_EVENT; reads++) {
            in.clear();
            int n;
            try {
                n = ch.read(in);
            } catch (IOException e) {
                fail(c, ErrorKind.READ, System.nanoTime());
                return;
            }
            if (n < 0) {
                long now = System.nanoTime();
                if (c.reader.endOfInput()) {
                    complete(c, now);
                } else {
                    fail(c, ErrorKind.READ, now);
                }
                return;
            }
            if (n == 0) {
                return;
            }
            if (measuring()) {
                bytes += n;
            }
            in.flip();
            boolean done;
            try {
                done = c.reader.feed(in);
            } catch (MalformedResponseException e) {
                fail(c, ErrorKind.READ, System.nanoTime());
                return;
            }
            if (done) {
                if (in.hasRemaining()) {
                    // bytes after the response to the only request in flight: not a server to measure
                    fail(c, ErrorKind.READ, System.nanoTime());
                } else {
                    complete(c, System.nanoTime());
                }
                return;
            }
            if (n < in.capacity()) {
                return; // most likely drained: wait for the selector rather than read 0 bytes
            }
        }
    }

    private boolean measuring() {
        return run.phase == Run.MEASURE;
    }

    private boolean counts(Connection c) {
        return run.counted() ? c.ticket : measuring();
    }

    private void complete(Connection c, long now) {
        int status = c.reader.status();
        if (counts(c)) {
            requests++;
            long origin = openLoop ? c.due : c.began;
            latency.recordValue(clamp(now - origin));
            if (openLoop) {
                service.recordValue(clamp(now - c.sent));
            }
            statusCodes[status]++;
            if (status < 200 || status > 299) {
                errors[ErrorKind.NON_2XX.ordinal()]++;
            }
            c.answeredInWindow = true;
        }
        run.answered.increment();
        if (!c.everAnswered) {
            c.everAnswered = true;
            run.connectionsAnswered.increment();
        }
        if (c.ticket) {
            c.ticket = false;
            run.ticketDone();
        }
        if (!keepAlive || c.reader.mustClose()) {
            closeChannel(c);
        }
        next(c, now);
    }

    private void fail(Connection c, ErrorKind kind, long now) {
        if (counts(c)) {
            errors[kind.ordinal()]++;
            if (kind == ErrorKind.TIMEOUT) {
                // no answer within the timeout: the wait was at least this long, and leaving it out would hide it
                latency.recordValue(clamp(now - (openLoop ? c.due : c.began)));
                c.answeredInWindow = true;
            }
        }
        if (c.ticket) {
            c.ticket = false;
            run.ticketDone();
        }
        closeChannel(c);
        if (kind == ErrorKind.CONNECT && !openLoop) {
            waitUntil(c, now + CONNECT_BACKOFF_NANOS); // a refused connect would otherwise spin
        } else {
            next(c, now);
        }
    }

    private void next(Connection c, long now) {
        if (run.phase == Run.STOP) {
            return;
        }
        if (!openLoop) {
            begin(c, now);
            return;
        }
        c.due += run.intervalNanos;
        c.behind = c.due <= now;
        if (c.behind) {
            begin(c, now);
        } else {
            if (c.channel != null) {
                c.state = State.WAITING;
            }
            waitUntil(c, c.due);
        }
    }

    /** Fails the requests that have run past the timeout. */
    private void expire(long now) {
        for (Connection c : connections) {
            if ((c.state == State.CONNECTING || c.state == State.WRITING || c.state == State.READING)
                    && now - c.began > timeoutNanos) {
                fail(c, ErrorKind.TIMEOUT, now);
            }
        }
    }

    private void closeChannel(Connection c) {
        if (c.channel != null) {
            try {
                c.channel.close();
            } catch (IOException ignored) {
                // the connection is being dropped anyway
            }
            c.channel = null;
            c.key = null;
        }
        c.reader.reset();
    }

    private static long clamp(long nanos) {
        return Math.max(1, Math.min(nanos, HIGHEST_NANOS));
    }
}
