package lab.c10k.strategy.process;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import lab.c10k.server.Lifecycle;
import lab.c10k.server.ServerConfig;
import lab.c10k.server.ServerContext;
import lab.c10k.server.ServerStats;
import lab.c10k.server.spi.RunningServer;
import lab.c10k.strategy.process.Scoreboard.State;

/**
 * The master process of the process strategy: it owns the listening socket and the scoreboard, and its {@link
 * Supervisor} thread owns the workers. It never serves a request itself. Its {@link Mode} is chosen here, once:
 * {@link Prefork} (the workers accept) or {@link ForkPerConnection} (an acceptor thread accepts each connection
 * and hands it to the supervisor, which spawns a process for it). What it serves is summed by its {@link
 * WorkerAccounts}.
 *
 * <p>{@code --max-connections} caps the processes: each serves one connection at a time, so the pool never grows
 * beyond the smaller of {@code --max-workers} and {@code --max-connections} (Apache's MaxRequestWorkers), and in
 * fork-per-connection mode the acceptor stops accepting while that many connection processes run. Connections
 * beyond the cap wait in the kernel's backlog.
 *
 * <p>If workers keep failing to start, the master stops the server by itself; {@link #awaitTermination()} then
 * throws an {@link IllegalStateException} that says why.
 */
final class Master implements RunningServer {
    /** How long {@link #start} waits for the first workers to be ready. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final ServerConfig config;
    private final ProcessOptions options;
    private final ListeningSocket listener;
    private final Scoreboard scoreboard;
    private final WorkerAccounts accounts;
    private final Supervisor supervisor;
    private final Thread supervisorThread;
    private final Mode mode;
    private final Lifecycle lifecycle = new Lifecycle();

    private Master(
            ServerConfig config,
            ProcessOptions options,
            ListeningSocket listener,
            Scoreboard scoreboard,
            WorkerCommand command)
            throws IOException {
        this.config = config;
        this.listener = listener;
        this.scoreboard = scoreboard;
        this.accounts = new WorkerAccounts(scoreboard);
        this.options = options;
        this.mode = options.forkPerConnection()
                ? new ForkPerConnection(listener, scoreboard.slots())
                : new Prefork(listener, new PoolPolicy(options.workers(), options.minSpare(), scoreboard.slots()));
        this.supervisor = new Supervisor(config, listener, scoreboard, accounts, command, mode);
        this.supervisorThread =
                Thread.ofPlatform().name("c10k-process-supervisor").daemon(true).unstarted(this::superviseThenRelease);
    }

    /**
     * Binds, starts the supervisor (which starts the first workers, or the acceptor), and in prefork mode waits
     * until the first {@code --workers} workers accept.
     *
     * @throws IOException when the address cannot be bound, or the workers cannot start (with the reason)
     */
    static Master start(ServerConfig config, WorkerCommand command) throws IOException {
        ServerContext.create(config); // the document root is checked here, before any worker is started
        ProcessOptions options = ProcessOptions.of(config);
        int cap = Math.min(options.maxWorkers(), config.maxConnections());
        ListeningSocket listener = ListeningSocket.bind(config);
        Master master;
        try {
            master = new Master(config, options, listener, Scoreboard.create(cap), command);
        } catch (IOException | RuntimeException e) {
            listener.close();
            throw e;
        }
        master.supervisorThread.start();
        switch (master.mode) {
            case Prefork _ -> master.awaitFirstWorkers();
            case ForkPerConnection _ -> {} // connections wait in the backlog until its acceptor takes them
        }
        return master;
    }

    private void awaitFirstWorkers() throws IOException {
        int wanted = Math.min(options.workers(), scoreboard.slots());
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (accounts.readyWorkers() < wanted) {
            String failure = supervisor.failure();
            if (failure != null || System.nanoTime() - deadline >= 0) {
                shutdown(Duration.ofSeconds(1));
                throw new IOException(
                        failure != null ? failure : "workers not ready after " + START_TIMEOUT.toSeconds() + " s");
            }
            sleepQuietly(5);
        }
    }

    private void superviseThenRelease() {
        try {
            supervisor.run();
        } finally {
            lifecycle.markStopping();
            mode.end();
            listener.close();
            synchronized (accounts) {
                scoreboard.close();
            }
            lifecycle.terminated();
        }
    }

    @Override
    public InetSocketAddress address() {
        return listener.address();
    }

    @Override
    public ServerStats stats() {
        return accounts.stats();
    }

    /** The pids of the live worker processes. */
    List<Long> workerPids() {
        return accounts.pids();
    }

    /** The pids of the live workers in {@code state}. */
    List<Long> workerPids(State state) {
        return accounts.pids(state);
    }

    /**
     * Drains: every worker stops accepting (the listening socket is shut down for all of them at once, so new
     * connections are refused), closes its idle connection, finishes the response in progress with {@code
     * Connection: close} and exits; a worker still starting is killed, it holds no connection. Whatever runs one
     * second after {@code grace} is killed. Returns when every worker has been reaped.
     */
    @Override
    public void shutdown(Duration grace) {
        if (lifecycle.markStopping()) {
            supervisor.requestDrain(grace);
        }
        lifecycle.awaitQuietly();
    }

    /**
     * Blocks until the server has stopped.
     *
     * @throws IllegalStateException when the master stopped the server because workers kept failing
     */
    @Override
    public void awaitTermination() throws InterruptedException {
        lifecycle.await();
        String failure = supervisor.failure();
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    @Override
    public void close() {
        shutdown(config.timeouts().shutdownGrace());
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
