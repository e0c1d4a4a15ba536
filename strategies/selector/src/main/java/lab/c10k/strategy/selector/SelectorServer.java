package lab.c10k.strategy.selector;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import lab.c10k.server.Listeners;
import lab.c10k.server.ServerConfig;
import lab.c10k.server.ServerContext;
import lab.c10k.server.SingleProcessServer;

/**
 * The server of the selector strategy: {@code --reactors} {@link EventLoop}s, each a platform thread with its own
 * selector; loop 0 accepts and spreads the connections. Counts the open connections for {@code --max-connections}.
 */
final class SelectorServer extends SingleProcessServer {
    private static final System.Logger LOG = System.getLogger(SelectorServer.class.getName());

    private final EventLoop[] loops;
    private final int maxConnections;
    private final AtomicInteger open = new AtomicInteger();

    /** The loop the next accepted connection goes to; used by loop 0's thread only. */
    private int next;

    private SelectorServer(ServerContext ctx, SelectorOptions options, ServerSocketChannel listener)
            throws IOException {
        super(ctx, (InetSocketAddress) listener.getLocalAddress());
        ServerConfig config = ctx.config();
        this.maxConnections = config.maxConnections();
        this.loops = new EventLoop[options.reactors()];
        long tick = tickNanos(config.timeouts());
        Thread.Builder threads = Thread.ofPlatform().name("c10k-selector-", 0).daemon(true);
        try {
            for (int i = 0; i < loops.length; i++) {
                loops[i] = new EventLoop(this, ctx, tick, threads);
            }
            listener.configureBlocking(false);
            loops[0].listen(listener);
        } catch (IOException | RuntimeException e) {
            for (EventLoop loop : loops) {
                if (loop != null) {
                    loop.discard();
                }
            }
            throw e;
        }
    }

    /** Binds and starts the loops. */
    static SelectorServer start(ServerConfig config) throws IOException {
        // The loops log when accept runs out of descriptors, and the log formatter reads the time-zone database
        // (a file) the first time: load it now, while a descriptor is to be had.
        ZoneId.systemDefault().getRules();
        SelectorOptions options = SelectorOptions.of(config);
        ServerContext ctx = ServerContext.create(config);
        ServerSocketChannel listener = Listeners.bind(config);
        SelectorServer server;
        try {
            server = new SelectorServer(ctx, options, listener);
        } catch (IOException | RuntimeException e) {
            listener.close();
            throw e;
        }
        for (EventLoop loop : server.loops) {
            loop.start();
        }
        return server;
    }

    /**
     * The tick of the deadline wheels: a sixteenth of the shortest timeout, between 1 ms and 100 ms, so that a
     * deadline is met within about 6% of its timeout and an idle server with open connections wakes at most ten
     * times a second.
     */
    static long tickNanos(ServerConfig.Timeouts t) {
        return Math.clamp(
                t.shortest().toNanos() / 16, TimeUnit.MILLISECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(100));
    }

    /** Whether another connection may be accepted. */
    boolean belowCap() {
        return open.get() < maxConnections;
    }

    /** Hands an accepted connection to the next loop. Loop 0's thread. */
    void assign(SocketChannel channel) {
        open.incrementAndGet();
        EventLoop loop = loops[next];
        next = next + 1 == loops.length ? 0 : next + 1;
        loop.adopt(channel);
    }

    /** A connection closed. Any loop's thread. */
    void released() {
        if (open.getAndDecrement() == maxConnections && loops.length > 1) {
            // Loop 0 may sleep with its interest in accepting dropped: let it look again.
            loops[0].wakeup();
        }
    }

    @Override
    protected void stop(long deadline, Duration grace) {
        // Loop 0 first, and it drains the others once it has closed the listener: every connection it handed over
        // reaches its loop before that loop's drain does, so none is handed to a loop that has ended.
        loops[0].drain(() -> {
            for (int i = 1; i < loops.length; i++) {
                loops[i].drain(() -> {});
            }
        });
        boolean ended = joinAll(deadline);
        if (!ended) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    open.get() + " connections still busy after " + grace + ": closing them");
            for (EventLoop loop : loops) {
                loop.abort();
            }
            joinAll(System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
        }
    }

    private boolean joinAll(long deadline) {
        for (EventLoop loop : loops) {
            long left = Math.max(1, deadline - System.nanoTime());
            try {
                if (!loop.thread().join(Duration.ofNanos(left))) {
                    return false;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
