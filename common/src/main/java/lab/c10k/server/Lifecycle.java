package lab.c10k.server;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The stop-once, wait-for-the-end bookkeeping of a running server, the same for every strategy: the first
 * {@link #beginStop()} does the stopping and ends with {@link #terminated()}; later calls wait until it has, and
 * {@link lab.c10k.server.spi.RunningServer#awaitTermination()} is {@link #await()}.
 *
 * <p>Thread-safe.
 */
public final class Lifecycle {
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch terminated = new CountDownLatch(1);

    /**
     * Whether the caller is the first to stop the server, and must then stop it and call {@link #terminated()}.
     * Any later caller waits until that has happened (or until it is interrupted) and gets false.
     */
    public boolean beginStop() {
        if (stopping.compareAndSet(false, true)) {
            return true;
        }
        awaitQuietly();
        return false;
    }

    /**
     * Marks the server as stopping without waiting, and says whether it was not yet: for a server that stops by
     * itself (its workers cannot start) and must still call {@link #terminated()} once it has.
     */
    public boolean markStopping() {
        return stopping.compareAndSet(false, true);
    }

    /** Whether a stop has begun. */
    public boolean stopping() {
        return stopping.get();
    }

    /** The server has stopped: every connection closed, every thread or process of it ended. */
    public void terminated() {
        terminated.countDown();
    }

    /** Waits until the server has stopped. */
    public void await() throws InterruptedException {
        terminated.await();
    }

    /** Waits until the server has stopped, or until interrupted (the interrupt is kept). */
    public void awaitQuietly() {
        try {
            terminated.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
