package lab.c10k.strategy.process;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.channels.Channel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import lab.c10k.server.AcceptBackoff;
import lab.c10k.server.BlockingConnection;
import lab.c10k.server.DeadlineScanner;
import lab.c10k.server.ResourceUsage;
import lab.c10k.server.ServerContext;
import lab.c10k.strategy.process.Scoreboard.State;

/**
 * A worker JVM: {@code java [worker flags] -cp CLASSPATH lab.c10k.strategy.process.WorkerMain SLOT}, started by
 * the master with {@code posix_spawn}. It serves connections one at a time with the core's blocking loop ({@link
 * BlockingConnection}) and publishes its state and counters in scoreboard slot {@code SLOT}.
 *
 * <p>Its descriptors, placed by the master:
 *
 * <pre>
 *   0  the listening socket shared by every worker (prefork), or the one connection it serves (fork per
 *      connection); System.inheritedChannel() returns a ServerSocketChannel or a SocketChannel accordingly
 *   1  a pipe to the master, which prefixes each line and copies it to its stdout
 *   2  likewise for stderr; the master keeps the last lines to report a failing worker
 *   3  the lifeline from the master ({@link Lifeline}): the config, then commands; end of file = master gone
 *   4  the scoreboard ({@link Scoreboard})
 * </pre>
 *
 * <p>Exit codes: 0 when it stopped as asked (retired, recycled after {@code --max-connections-per-worker}
 * connections, drained) or served its one connection; {@value #EXIT_CANNOT_START} when it could not set itself up
 * (the reason is on stderr). A SIGTERM sent to a worker directly drains it like the master's {@code drain}.
 *
 * <p>Threads: main (accept and serve), a deadline scanner, the lifeline reader. The counters reach the scoreboard
 * when the worker gets ready, when a connection opens and closes (from the main thread, which runs then anyway),
 * and when the master reads the stats (from the lifeline thread, on the master's {@code publish} command): no
 * thread wakes up periodically to publish, because with fifty workers on one core each wake-up is a switch to a
 * cold process.
 */
public final class WorkerMain {
    static final int LISTENER = 0;
    static final int STDOUT = 1;
    static final int STDERR = 2;
    static final int LIFELINE = 3;
    static final int SCOREBOARD = 4;
    /** The number of descriptors the master places; every other one is closed in the worker. */
    static final int DESCRIPTORS = 5;

    static final int EXIT_CANNOT_START = 3;

    private final ServerContext ctx;
    private final Scoreboard.Slot slot;
    private final DeadlineScanner deadlineScanner;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final boolean prefork;
    private volatile boolean stopping;
    private volatile ServerSocketChannel listener;

    private WorkerMain(ServerContext ctx, Scoreboard.Slot slot, boolean prefork) {
        this.ctx = ctx;
        this.slot = slot;
        this.prefork = prefork;
        this.deadlineScanner = new DeadlineScanner(ctx);
    }

    public static void main(String[] args) {
        WorkerMain worker;
        Channel inherited;
        Lifeline.Reader lifeline;
        try {
            int slotIndex = Integer.parseInt(args[0]);
            lifeline = new Lifeline.Reader(new FileInputStream(fd(LIFELINE).toFile()));
            var config = lifeline.readConfig();
            var slot = Scoreboard.open(fd(SCOREBOARD)).slot(slotIndex);
            inherited = System.inheritedChannel();
            if (!(inherited instanceof ServerSocketChannel) && !(inherited instanceof SocketChannel)) {
                throw new IOException("descriptor 0 is not a TCP socket but " + inherited);
            }
            worker = new WorkerMain(ServerContext.create(config), slot, inherited instanceof ServerSocketChannel);
        } catch (IOException | RuntimeException e) {
            System.err.println("c10k worker: cannot start: " + e);
            System.exit(EXIT_CANNOT_START);
            return;
        }
        worker.run(inherited, lifeline);
    }

    private static Path fd(int n) {
        return Path.of("/proc/self/fd/" + n);
    }

    private void run(Channel inherited, Lifeline.Reader lifeline) {
        Thread.ofPlatform().name("c10k-worker-deadlines").daemon(true).start(deadlineScanner);
        Thread.ofPlatform().name("c10k-worker-lifeline").daemon(true).start(() -> watch(lifeline));
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            // SIGTERM sent to this worker itself: drain as the master would ask.
            if (finished.getCount() > 0) {
                stop(ctx.config().timeouts().shutdownGrace());
                awaitQuietly(finished, ctx.config().timeouts().shutdownGrace().plusSeconds(1));
            }
        }));
        try {
            if (inherited instanceof ServerSocketChannel server) {
                listener = server;
                // Pay for FFM's first downcall now, not on the first connection.
                publish(ResourceUsage.self());
                acceptLoop(server);
            } else {
                slot.ready(State.BUSY);
                serve((SocketChannel) inherited);
            }
        } finally {
            slot.state(State.DRAINING);
            publish(prefork ? ResourceUsage.self() : null);
            finished.countDown();
        }
    }

    private void acceptLoop(ServerSocketChannel server) {
        slot.ready(State.IDLE);
        int maxConnections = ProcessOptions.of(ctx.config()).maxConnectionsPerWorker();
        var backoff = new AcceptBackoff();
        int served = 0;
        while (!stopping) {
            SocketChannel channel;
            try {
                channel = server.accept();
                backoff.reset();
            } catch (ClosedChannelException e) {
                return; // the lifeline thread closed it: retire or drain
            } catch (IOException e) {
                // Out of descriptors, or the master shut the listening socket down to stop the server: then
                // its drain command is on the way.
                if (awaitQuietly(stopRequested, Duration.ofMillis(backoff.next()))) {
                    return;
                }
                continue;
            }
            slot.state(State.BUSY);
            serve(channel);
            served++;
            if (maxConnections > 0 && served >= maxConnections) {
                return; // recycled, as Apache's MaxConnectionsPerChild: the master starts a fresh worker
            }
            slot.state(State.IDLE);
        }
    }

    private void serve(SocketChannel channel) {
        BlockingConnection connection;
        try {
            connection = new BlockingConnection(channel, ctx, deadlineScanner);
        } catch (IOException e) {
            closeQuietly(channel);
            return;
        }
        publish(null);
        try {
            connection.run();
        } finally {
            // The counters only: the usage is read when the master asks (stats) and when the worker exits.
            publish(null);
        }
    }

    private void watch(Lifeline.Reader lifeline) {
        Lifeline.Command command;
        do {
            try {
                command = lifeline.next();
            } catch (IOException | RuntimeException e) {
                System.err.println("c10k worker: bad lifeline from the master (" + e + "); draining");
                command = new Lifeline.Orphaned();
            }
            switch (command) {
                case Lifeline.Publish p -> {
                    // A fork-per-connection process leaves its usage to wait4: getrusage would cost it FFM's
                    // start-up.
                    publish(prefork ? ResourceUsage.self() : null);
                    slot.acknowledge(p.sequence());
                }
                case Lifeline.Retire r -> stop(null);
                case Lifeline.Drain d -> stop(d.grace());
                case Lifeline.Orphaned o -> stop(Lifeline.ORPHAN_GRACE);
            }
        } while (!(command instanceof Lifeline.Orphaned));
    }

    /**
     * Stops accepting; with a {@code grace}, also drains: the response in progress is the last, an idle connection
     * closes, and whatever is left is aborted after the grace. Without one (retire), the connection in progress
     * goes on as usual.
     */
    private void stop(Duration grace) {
        stopping = true;
        stopRequested.countDown();
        ServerSocketChannel l = listener;
        if (l != null) {
            closeQuietly(l);
        }
        if (grace != null) {
            deadlineScanner.drain();
            Thread.ofPlatform().name("c10k-worker-deadline").daemon(true).start(() -> {
                if (!awaitQuietly(finished, grace)) {
                    deadlineScanner.abortAll();
                }
            });
        }
    }

    private void publish(ResourceUsage usage) {
        slot.publish(ctx.counters(), usage, Thread.activeCount());
    }

    private static boolean awaitQuietly(CountDownLatch latch, Duration max) {
        try {
            return latch.await(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return latch.getCount() == 0;
        }
    }

    private static void closeQuietly(java.nio.channels.Channel c) {
        try {
            c.close();
        } catch (IOException e) {
            // nothing to do: the channel is being given up
        }
    }
}
