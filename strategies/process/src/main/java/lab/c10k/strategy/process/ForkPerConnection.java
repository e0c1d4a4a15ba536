package lab.c10k.strategy.process;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import lab.c10k.server.AcceptBackoff;

/**
 * inetd: the master accepts each connection itself, on an acceptor thread, and the supervisor spawns a process
 * with the connection as its descriptor 0, which serves it and exits.
 *
 * <p>Three limits shape it. A semaphore of one permit per scoreboard slot stops the acceptor while that many
 * connection processes run, so further connections wait in the kernel's backlog ({@code --max-connections}). At
 * most {@link #MAX_STARTING} processes start at once, because starting a JVM is CPU-bound. And the connections
 * that wait for a process are started newest first, see {@link #upkeep}.
 *
 * <p>Threading: the acceptor thread accepts and hands each connection over through a concurrent queue, then
 * wakes the supervisor; everything else runs on the supervisor thread.
 */
final class ForkPerConnection implements Mode {
    private static final System.Logger LOG = System.getLogger(ForkPerConnection.class.getName());
    /**
     * How many connection processes may be starting at once, one per core (at least two, so that one start's
     * waits overlap another's work). Starting is CPU-bound, so more at once would not start them sooner, only
     * make the newest wait longer.
     */
    static final int MAX_STARTING = Math.max(2, Runtime.getRuntime().availableProcessors());
    /** How often the supervisor looks at the scoreboard while connection processes start, to start the next. */
    static final int STARTING_POLL_MILLIS = 5;

    private final ListeningSocket listener;
    private final Semaphore connectionProcesses;
    private final Thread acceptor;
    private final ConcurrentLinkedQueue<Integer> handoffs = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<Integer> waiting = new ArrayDeque<>(); // accepted, no process yet; confined
    private Supervisor receiver; // the acceptor's, set before it starts
    private volatile boolean ended;

    /** @param slots the most connection processes at once */
    ForkPerConnection(ListeningSocket listener, int slots) {
        this.listener = listener;
        this.connectionProcesses = new Semaphore(slots);
        this.acceptor =
                Thread.ofPlatform().name("c10k-process-acceptor").daemon(true).unstarted(this::acceptLoop);
    }

    @Override
    public String noun() {
        return "connection process";
    }

    @Override
    public String outputTag() {
        return "connection";
    }

    @Override
    public void begin(Supervisor supervisor) {
        this.receiver = supervisor;
        acceptor.start();
    }

    /** The acceptor thread: accept, and hand the connection to the supervisor, which spawns its process. */
    private void acceptLoop() {
        var backoff = new AcceptBackoff();
        while (!receiver.draining()) {
            try {
                connectionProcesses.acquire();
            } catch (InterruptedException e) {
                return;
            }
            int fd;
            try {
                fd = listener.accept();
                backoff.reset();
            } catch (IOException e) {
                connectionProcesses.release();
                if (receiver.draining() || ended) {
                    return;
                }
                if (e instanceof Posix.ErrnoException p && p.errno() == Posix.EINTR) {
                    continue;
                }
                long millis = backoff.next();
                LOG.log(System.Logger.Level.WARNING, AcceptBackoff.describe(e, millis));
                sleepQuietly(millis);
                continue;
            }
            handoffs.add(fd);
            receiver.wake();
        }
    }

    /**
     * Starts a process for waiting connections, at most {@link #MAX_STARTING} at once, the newest first. Starting
     * fifty JVMs at once on two cores makes every one of them wait for all the others; starting a few at a time
     * serves the first of them sooner, and newest-first (adaptive LIFO, from "Fail at Scale", Maurer, ACM Queue
     * 2015) serves a new connection in time while a burst of older ones, whose clients have waited longest and are
     * the likeliest to have given up, waits. With no burst there is no queue and the order does not matter.
     */
    @Override
    public void upkeep(Supervisor supervisor, long now) {
        Integer fd;
        while ((fd = handoffs.poll()) != null) {
            waiting.addLast(fd);
        }
        while (!waiting.isEmpty() && starting(supervisor) < MAX_STARTING && supervisor.mayStart(now)) {
            int connection = waiting.pollLast();
            try {
                if (!supervisor.hasFreeSlot() || !supervisor.spawn(connection, now)) {
                    connectionProcesses.release();
                }
            } finally {
                Posix.closeQuietly(connection); // the child has its own copy
            }
        }
    }

    /** Connection processes started and not yet holding their connection. */
    private static int starting(Supervisor supervisor) {
        int n = 0;
        for (WorkerProcess w : supervisor.live()) {
            if (!w.ready) {
                n++;
            }
        }
        return n;
    }

    @Override
    public int pollMillis() {
        return waiting.isEmpty() ? (int) PoolPolicy.TICK_MILLIS : STARTING_POLL_MILLIS;
    }

    @Override
    public void exited(WorkerProcess process) {
        connectionProcesses.release();
    }

    @Override
    public void refuse() {
        Integer fd;
        while ((fd = handoffs.poll()) != null) {
            waiting.addLast(fd);
        }
        while ((fd = waiting.poll()) != null) {
            Posix.closeQuietly(fd);
            connectionProcesses.release();
        }
    }

    /**
     * Stops the acceptor: interrupted if it waits for a permit; blocked in {@code accept}, it returns once the
     * listening socket is shut down (the drain) or closed (the master, after this).
     */
    @Override
    public void end() {
        ended = true;
        acceptor.interrupt();
        try {
            acceptor.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
