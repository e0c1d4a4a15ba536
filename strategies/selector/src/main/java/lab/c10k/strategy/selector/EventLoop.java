package lab.c10k.strategy.selector;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import lab.c10k.server.AcceptBackoff;
import lab.c10k.server.Http1Connection;
import lab.c10k.server.ServerContext;

/**
 * One selector loop on one thread: waits in {@code epoll_wait} for whichever of its sockets is ready, serves each
 * ready one as far as it can go without blocking, expires the deadlines that have passed, runs the tasks other
 * threads posted, and waits again.
 *
 * <pre>
 *   while not drained:
 *       select(timeout = until the nearest deadline)   one system call for every ready socket
 *       for each ready key: accept, or read/write it    non-blocking: never waits for one client
 *       close the sockets the select let go of          see closeSocket
 *       resume the connections that yielded             a download's next 2 MiB, after the others' turn
 *       expire the deadlines that passed                DeadlineWheel, no thread or task per connection
 *       run posted tasks                                connections handed over, shutdown
 * </pre>
 *
 * <p>The select does not block while there is something to do without it: tasks, sockets to close, connections
 * to resume.
 *
 * <p>Loop 0 also owns the listening socket. It accepts while below {@code --max-connections}, up to {@value
 * #MAX_ACCEPTS_PER_EVENT} at a time, and hands the new sockets round-robin to the loops (itself included), as
 * Netty's event-loop group does; a hand-over to another loop is a task plus a {@link Selector#wakeup()}. At the
 * cap it drops its interest in OP_ACCEPT, so new connections wait in the kernel's backlog, and takes it up again
 * when a connection closes. When accept fails for want of descriptors, the listening socket stays readable (the
 * pending connection is still there), and a level-triggered selector would report it again at once: the loop
 * would spin at 100% CPU. So interest is dropped for the {@link AcceptBackoff} period instead.
 *
 * <p>Confined to its thread, but for {@link #post}, {@link #wakeup}, {@link #adopt}, {@link #drain} and {@link
 * #abort}, which any thread may call.
 */
final class EventLoop implements Runnable {
    private static final System.Logger LOG = System.getLogger(EventLoop.class.getName());

    /** The loop's read buffer, shared by its connections: a request head fits in one read. */
    static final int READ_BUFFER_BYTES = 16 * 1024;

    /**
     * The loop's scratch buffer for the start of each response: the head and, when it fits behind it, the body,
     * sent with one write. Direct, so the write does not copy it again.
     */
    static final int SCRATCH_BUFFER_BYTES = 16 * 1024;

    /** Slots of the deadline wheel: with ticks of up to 100 ms, a span of 51 s. */
    static final int WHEEL_SLOTS = 512;

    /** Accepts per readiness event of the listening socket, at most, so the served connections keep their turn. */
    static final int MAX_ACCEPTS_PER_EVENT = 64;

    private final SelectorServer server;
    private final ServerContext ctx;
    private final Selector selector;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER_BYTES);
    private final ByteBuffer scratch = ByteBuffer.allocateDirect(SCRATCH_BUFFER_BYTES);
    private final DeadlineWheel deadlines;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Consumer<SelectionKey> onReady = this::onReady;
    private final Consumer<DeadlineWheel.Entry> onDeadline = this::onDeadline;
    private final Thread thread;

    // Accepting: loop 0 only.
    private ServerSocketChannel listener;
    private SelectionKey listenerKey;
    private int acceptInterest;
    private final AcceptBackoff backoff = new AcceptBackoff();
    private boolean backingOff;
    private long acceptAgainAt;

    /** Connections that yielded with bytes to write and the socket not full: resumed after the next select. */
    private final ArrayDeque<NonBlockingConnection> resumable = new ArrayDeque<>();

    /** Sockets whose keys are cancelled, to close once the selector has deregistered them. */
    private final ArrayDeque<SocketChannel> closing = new ArrayDeque<>();

    /** Connections of this loop whose sockets are not closed yet. */
    private int live;

    private boolean draining;

    EventLoop(SelectorServer server, ServerContext ctx, long tickNanos, Thread.Builder threads) throws IOException {
        this.server = server;
        this.ctx = ctx;
        this.selector = Selector.open();
        this.deadlines = new DeadlineWheel(tickNanos, WHEEL_SLOTS, ctx.nanoTime());
        this.thread = threads.unstarted(this);
    }

    /**
     * Logs, and survives the logging: the loop logs when it runs out of descriptors, and a log handler that needs
     * a descriptor then (the first message formatted reads the time-zone database, a file) fails with an
     * {@code Error} that would otherwise end the loop and every connection on it.
     */
    private static void log(System.Logger.Level level, String message) {
        log(level, message, null);
    }

    private static void log(System.Logger.Level level, String message, Throwable thrown) {
        try {
            LOG.log(level, message, thrown);
        } catch (RuntimeException | LinkageError e) {
            // Nothing to do without a working log; serving goes on.
        }
    }

    /** Makes this loop the acceptor of {@code listener} (non-blocking); before {@link #start()}. */
    void listen(ServerSocketChannel listener) throws IOException {
        this.listener = listener;
        this.acceptInterest = SelectionKey.OP_ACCEPT;
        this.listenerKey = listener.register(selector, acceptInterest);
    }

    void start() {
        thread.start();
    }

    /** Releases the selector of a loop that will never start. */
    void discard() {
        try {
            selector.close();
        } catch (IOException e) {
            log(System.Logger.Level.WARNING, "closing a selector: " + e);
        }
    }

    Thread thread() {
        return thread;
    }

    ByteBuffer readBuffer() {
        return readBuffer;
    }

    ByteBuffer scratch() {
        return scratch;
    }

    DeadlineWheel deadlines() {
        return deadlines;
    }

    /** Runs {@code task} on the loop's thread soon. Any thread. */
    void post(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /** Ends the current or next wait for readiness. Any thread. */
    void wakeup() {
        selector.wakeup();
    }

    /** Takes over {@code channel}, a freshly accepted socket. Any thread. */
    void adopt(SocketChannel channel) {
        if (Thread.currentThread() == thread) {
            register(channel);
        } else {
            post(() -> register(channel));
        }
    }

    /**
     * Graceful shutdown: stops accepting, closes idle connections, lets the others finish; then runs {@code then}
     * on the loop's thread. Any thread.
     */
    void drain(Runnable then) {
        post(() -> {
            beginDrain();
            then.run();
        });
    }

    /** Closes every connection now; the loop then ends. Any thread. */
    void abort() {
        post(this::closeAll);
    }

    @Override
    public void run() {
        try {
            while (!(draining && live == 0)) {
                long now = ctx.nanoTime();
                int cancelled = closing.size();
                int yielded = resumable.size();
                if (tasks.isEmpty() && cancelled == 0 && yielded == 0) {
                    selector.select(onReady, timeoutMillis(now));
                } else {
                    selector.selectNow(onReady);
                }
                closeDeregistered(cancelled);
                resume(yielded);
                deadlines.expire(ctx.nanoTime(), onDeadline);
                runTasks();
                if (listener != null) {
                    updateAcceptInterest(ctx.nanoTime());
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            log(System.Logger.Level.ERROR, "selector loop failed; closing its connections", e);
        } finally {
            closeAll();
            runTasks(); // connections handed over at the last moment are closed, as the loop is draining
            closeListener();
            try {
                selector.close(); // deregisters every key
            } catch (IOException e) {
                log(System.Logger.Level.WARNING, "closing a selector: " + e);
            }
            closeDeregistered(closing.size());
        }
    }

    /** How long to wait for readiness: until the nearest deadline or accept back-off ends; 0 for no limit. */
    private long timeoutMillis(long now) {
        long wake = deadlines.nextCheck();
        if (backingOff) {
            wake = Math.min(wake, acceptAgainAt);
        }
        if (wake == Long.MAX_VALUE) {
            return 0;
        }
        return Math.max(1, Math.ceilDiv(wake - now, 1_000_000L));
    }

    private void onReady(SelectionKey key) {
        if (key.attachment() instanceof NonBlockingConnection c) {
            try {
                c.ready(ctx.nanoTime());
            } catch (RuntimeException e) {
                log(System.Logger.Level.ERROR, "a connection failed; closing it", e);
                c.close();
            }
        } else if (key.isValid() && key.isAcceptable()) {
            try {
                accept();
            } catch (RuntimeException e) {
                // Whatever failed (a log handler out of descriptors, say), the loop must not die of it.
                backOff(new IOException(e));
            }
        }
    }

    private void onDeadline(DeadlineWheel.Entry entry) {
        NonBlockingConnection c = (NonBlockingConnection) entry;
        try {
            c.expired(ctx.nanoTime());
        } catch (RuntimeException e) {
            log(System.Logger.Level.ERROR, "a connection failed at its deadline; closing it", e);
            c.close();
        }
    }

    private void accept() {
        for (int i = 0; i < MAX_ACCEPTS_PER_EVENT && !draining && server.belowCap(); i++) {
            SocketChannel channel;
            try {
                channel = listener.accept();
            } catch (IOException e) {
                backOff(e);
                return;
            }
            if (channel == null) {
                return;
            }
            backoff.reset();
            server.assign(channel);
        }
    }

    private void backOff(IOException e) {
        long millis = backoff.next();
        backingOff = true;
        acceptAgainAt = ctx.nanoTime() + millis * 1_000_000L;
        log(System.Logger.Level.WARNING, AcceptBackoff.describe(e, millis));
    }

    /** Accepts while below the cap and not backing off; otherwise leaves new connections in the backlog. */
    private void updateAcceptInterest(long now) {
        if (backingOff && now - acceptAgainAt >= 0) {
            backingOff = false;
        }
        int wanted = !draining && !backingOff && server.belowCap() ? SelectionKey.OP_ACCEPT : 0;
        if (wanted != acceptInterest && listenerKey.isValid()) {
            listenerKey.interestOps(wanted);
            acceptInterest = wanted;
        }
    }

    private void register(SocketChannel channel) {
        var c = new NonBlockingConnection(this, channel, new Http1Connection(ctx, ctx.nanoTime()));
        live++;
        if (draining) {
            c.close();
            return;
        }
        try {
            channel.configureBlocking(false);
            c.start(ctx.nanoTime());
        } catch (IOException | RuntimeException e) {
            log(System.Logger.Level.WARNING, "dropping a connection: " + e);
            c.close();
        }
    }

    /**
     * Closes {@code channel}, registered with {@code key} (or not yet, when null), and counts its connection
     * closed.
     *
     * <p>A registered socket is closed in two steps. Closing a channel that a selector still holds makes the JDK
     * shut down its output and keep the descriptor open until the selector deregisters the key, at its next
     * select: two system calls ({@code getsockopt}, {@code shutdown}) more per connection. So the key is
     * cancelled now, and the socket closed right after the next select, which deregisters it; while sockets wait
     * for that, the loop selects without blocking, so the client sees the FIN at once.
     */
    void closeSocket(SocketChannel channel, SelectionKey key) {
        if (key == null) {
            closeNow(channel);
        } else {
            key.cancel();
            closing.add(channel);
        }
    }

    /**
     * Queues {@code c}, which yielded with bytes to write, to be resumed after the next select: nginx's posted
     * events. Its interest set is left alone, so no system call is spent on it, and the next select does not
     * block.
     */
    void resumeLater(NonBlockingConnection c) {
        resumable.add(c);
    }

    private void resume(int count) {
        for (int i = 0; i < count; i++) {
            NonBlockingConnection c = resumable.poll();
            try {
                c.resume(ctx.nanoTime());
            } catch (RuntimeException e) {
                log(System.Logger.Level.ERROR, "a connection failed; closing it", e);
                c.close();
            }
        }
    }

    /** Closes the sockets whose keys the last select deregistered: the first {@code count} of {@link #closing}. */
    private void closeDeregistered(int count) {
        for (int i = 0; i < count; i++) {
            closeNow(closing.poll());
        }
    }

    private void closeNow(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Closing a socket loses nothing we could still deliver: the response was written or abandoned.
        }
        live--;
        server.released();
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                log(System.Logger.Level.ERROR, "a task of the selector loop failed", e);
            }
        }
    }

    private void beginDrain() {
        if (draining) {
            return;
        }
        draining = true;
        closeListener();
        for (NonBlockingConnection c : connections()) {
            c.shutdown();
        }
    }

    private void closeAll() {
        draining = true;
        for (NonBlockingConnection c : connections()) {
            c.close();
        }
    }

    private void closeListener() {
        if (listener != null && listener.isOpen()) {
            try {
                // The descriptor closes when the selector deregisters the key, at its next select (or close).
                listener.close();
            } catch (IOException e) {
                log(System.Logger.Level.WARNING, "closing the listening socket: " + e);
            }
        }
    }

    private List<NonBlockingConnection> connections() {
        var all = new ArrayList<NonBlockingConnection>(live);
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof NonBlockingConnection c) {
                all.add(c);
            }
        }
        for (NonBlockingConnection c : resumable) {
            if (!c.registered()) {
                all.add(c); // served since its accept without waiting for the socket: not in the selector yet
            }
        }
        return all;
    }

    /** The loop's selector, with which a connection registers when it first waits for the socket. */
    Selector selector() {
        return selector;
    }
}
