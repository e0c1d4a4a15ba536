package lab.c10k.server;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Enforces the deadlines of blocking connections from one thread, and closes idle ones when the server drains.
 *
 * <p>A blocking read or write cannot time out cheaply in Java (see {@link BlockingConnection}), so one scanner per
 * server looks at every live connection every {@link #interval()} and wakes or aborts those past their deadline.
 * A scan is a walk over a set of connections, reading one field of each; deadlines are met within one interval.
 *
 * <p>Threading: {@link #run()} on a thread of the strategy's choosing (a daemon platform thread); everything
 * else from any thread.
 */
public final class DeadlineScanner implements Runnable {
    private final Set<BlockingConnection> live = ConcurrentHashMap.newKeySet();
    private final ServerContext ctx;
    private final long intervalMillis;
    private volatile boolean draining;
    private volatile boolean stopped;

    /**
     * A scanner whose interval is a quarter of the shortest timeout of {@code ctx}, between 10 ms and 250 ms.
     */
    public DeadlineScanner(ServerContext ctx) {
        this.ctx = ctx;
        this.intervalMillis = Math.clamp(ctx.config().timeouts().shortest().toMillis() / 4, 10, 250);
    }

    /** How often it scans. */
    public Duration interval() {
        return Duration.ofMillis(intervalMillis);
    }

    @Override
    public void run() {
        while (!stopped) {
            try {
                Thread.sleep(intervalMillis);
            } catch (InterruptedException e) {
                return;
            }
            long now = ctx.nanoTime();
            boolean drain = draining;
            for (BlockingConnection c : live) {
                c.check(now, drain);
            }
        }
    }

    void register(BlockingConnection c) {
        live.add(c);
    }

    void unregister(BlockingConnection c) {
        live.remove(c);
    }

    /** The number of connections still open. */
    public int liveConnections() {
        return live.size();
    }

    /**
     * Starts draining: every connection's response in progress becomes its last, idle connections are closed at
     * the next scan.
     */
    public void drain() {
        draining = true;
        for (BlockingConnection c : live) {
            c.shutdown();
        }
    }

    /** Closes every connection still open, whatever it is doing. */
    public void abortAll() {
        for (BlockingConnection c : live) {
            c.abort();
        }
    }

    /** Ends {@link #run()} after the current scan. */
    public void stop() {
        stopped = true;
    }
}
