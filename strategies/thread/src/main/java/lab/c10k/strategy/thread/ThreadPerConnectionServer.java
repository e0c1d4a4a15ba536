package lab.c10k.strategy.thread;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import lab.c10k.server.AcceptBackoff;
import lab.c10k.server.BlockingConnection;
import lab.c10k.server.DeadlineScanner;
import lab.c10k.server.Listeners;
import lab.c10k.server.ServerConfig;
import lab.c10k.server.ServerContext;
import lab.c10k.server.SingleProcessServer;

/**
 * The server behind both thread strategies: one acceptor thread, one new thread per accepted connection (from
 * the given builder, platform or virtual), a {@link DeadlineScanner} for the deadlines, and a semaphore for {@code
 * --max-connections}: at the cap the acceptor stops accepting, and new connections wait in the kernel's backlog
 * until one closes, as Apache's MaxRequestWorkers.
 */
final class ThreadPerConnectionServer extends SingleProcessServer {
    private static final System.Logger LOG = System.getLogger(ThreadPerConnectionServer.class.getName());

    private final ServerSocketChannel listener;
    private final Thread.Builder connectionThreads;
    private final Semaphore slots;
    private final DeadlineScanner deadlineScanner;
    private final Thread scannerThread;
    private final Thread acceptor;

    private ThreadPerConnectionServer(
            ServerContext ctx, ServerSocketChannel listener, Thread.Builder connectionThreads, String name)
            throws IOException {
        super(ctx, (InetSocketAddress) listener.getLocalAddress());
        this.listener = listener;
        this.connectionThreads = connectionThreads;
        this.slots = new Semaphore(ctx.config().maxConnections());
        this.deadlineScanner = new DeadlineScanner(ctx);
        this.scannerThread =
                Thread.ofPlatform().name(name + "-deadlines").daemon(true).unstarted(deadlineScanner);
        this.acceptor =
                Thread.ofPlatform().name(name + "-acceptor").daemon(true).unstarted(this::acceptLoop);
    }

    /** Binds and starts accepting; connection threads come from {@code connectionThreads}. */
    static ThreadPerConnectionServer start(ServerConfig config, Thread.Builder connectionThreads, String name)
            throws IOException {
        ServerContext ctx = ServerContext.create(config);
        ServerSocketChannel listener = Listeners.bind(config);
        var server = new ThreadPerConnectionServer(ctx, listener, connectionThreads, name);
        server.scannerThread.start();
        server.acceptor.start();
        return server;
    }

    private void acceptLoop() {
        var backoff = new AcceptBackoff();
        while (true) {
            try {
                slots.acquire();
            } catch (InterruptedException e) {
                return;
            }
            SocketChannel channel;
            try {
                channel = listener.accept();
                backoff.reset();
            } catch (ClosedChannelException e) {
                // AsynchronousCloseException included: shutdown closed the listener.
                slots.release();
                return;
            } catch (IOException e) {
                slots.release();
                if (!pause(e, backoff)) {
                    return;
                }
                continue;
            }
            serve(channel);
        }
    }

    private void serve(SocketChannel channel) {
        try {
            var connection = new BlockingConnection(channel, ctx, deadlineScanner);
            connectionThreads.start(() -> {
                try {
                    connection.run();
                } finally {
                    slots.release();
                }
            });
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            // The socket could not be set up, or no thread could be created for it (out of memory or
            // threads): drop this connection, keep the server.
            try {
                LOG.log(System.Logger.Level.WARNING, "dropping a connection: " + e);
            } catch (Throwable logFailure) {
                // out of descriptors, logging can fail; the connection is dropped all the same
            }
            try {
                channel.close();
            } catch (IOException ignored) {
                // it is being dropped anyway
            }
            slots.release();
        }
    }

    /** Waits after a failed accept; false when the server is stopping. */
    private boolean pause(IOException e, AcceptBackoff backoff) {
        if (stopping() || e instanceof AsynchronousCloseException) {
            return false;
        }
        try {
            Thread.sleep(backoff.failed(e));
            return true;
        } catch (InterruptedException ie) {
            return false;
        }
    }

    @Override
    protected void stop(long deadline, Duration grace) {
        try {
            listener.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "closing the listening socket: " + e);
        }
        acceptor.interrupt();
        joinQuietly(acceptor, Duration.ofSeconds(5));
        deadlineScanner.drain();
        while (deadlineScanner.liveConnections() > 0 && System.nanoTime() - deadline < 0) {
            sleepQuietly(10);
        }
        if (deadlineScanner.liveConnections() > 0) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    deadlineScanner.liveConnections() + " connections still busy after " + grace + ": closing them");
            deadlineScanner.abortAll();
            long abortDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (deadlineScanner.liveConnections() > 0 && System.nanoTime() - abortDeadline < 0) {
                sleepQuietly(10);
            }
        }
        deadlineScanner.stop();
        scannerThread.interrupt();
        joinQuietly(scannerThread, Duration.ofSeconds(5));
    }

    private static void joinQuietly(Thread t, Duration max) {
        try {
            t.join(max);
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
