package lab.c10k.server;

import java.net.InetSocketAddress;
import java.time.Duration;
import lab.c10k.server.spi.RunningServer;

/**
 * What every server that runs in one process shares (the thread strategies, the selector's event loops): its
 * address, its counters, and a shutdown that runs once, however many threads ask for it, while the others wait
 * until it is done. A subclass says only how it stops: {@link #stop}.
 *
 * <p>Thread-safe: {@link #shutdown} and {@link #awaitTermination} may be called from any thread, also at once.
 */
public abstract class SingleProcessServer implements RunningServer {
    protected final ServerContext ctx;
    private final InetSocketAddress address;
    private final Lifecycle lifecycle = new Lifecycle();

    protected SingleProcessServer(ServerContext ctx, InetSocketAddress address) {
        this.ctx = ctx;
        this.address = address;
    }

    /**
     * Stops the server, once: stop accepting, let the connections in flight finish until {@code deadlineNanos}
     * (on {@link System#nanoTime()}), then close what is left; returns when every connection and thread has ended.
     *
     * @param grace the grace the deadline was computed from, for messages
     */
    protected abstract void stop(long deadlineNanos, Duration grace);

    /** Whether a shutdown has begun: an accept that fails now failed because the listener was closed. */
    protected final boolean stopping() {
        return lifecycle.stopping();
    }

    @Override
    public final InetSocketAddress address() {
        return address;
    }

    @Override
    public ServerStats stats() {
        return ServerStats.ofThisProcess(ctx.counters());
    }

    @Override
    public final void shutdown(Duration grace) {
        if (lifecycle.beginStop()) {
            try {
                stop(System.nanoTime() + grace.toNanos(), grace);
            } finally {
                lifecycle.terminated();
            }
        }
    }

    @Override
    public final void awaitTermination() throws InterruptedException {
        lifecycle.await();
    }

    @Override
    public final void close() {
        shutdown(ctx.config().timeouts().shutdownGrace());
    }
}
