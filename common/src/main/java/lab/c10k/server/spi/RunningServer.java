package lab.c10k.server.spi;

import java.net.InetSocketAddress;
import java.time.Duration;
import lab.c10k.server.ServerStats;

/**
 * A started server. Thread-safe: {@link #stats()} may be read while it serves, {@link #shutdown} called from a
 * signal handler.
 */
public interface RunningServer extends AutoCloseable {

    /** The address it listens on, with the actual port when port 0 was asked for. */
    InetSocketAddress address();

    /**
     * A snapshot of the server's own counters and resource usage, for the whole server (for a multi-process
     * strategy, the sum over its processes, including those that already exited).
     */
    ServerStats stats();

    /**
     * Stops gracefully: closes the listening socket, closes idle connections, lets in-flight responses finish
     * (each with {@code Connection: close}), and closes whatever is left when {@code grace} has passed. Returns
     * when every connection is closed and every thread or process of the server has ended. Idempotent.
     */
    void shutdown(Duration grace);

    /** Blocks until the server has stopped, after a {@link #shutdown} from another thread. */
    void awaitTermination() throws InterruptedException;

    /** {@link #shutdown} with the configured grace period. */
    @Override
    void close();
}
