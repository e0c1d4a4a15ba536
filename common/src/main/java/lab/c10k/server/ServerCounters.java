package lab.c10k.server;

import java.util.concurrent.atomic.LongAdder;

/**
 * The counters every connection updates. Thread-safe and cheap under contention ({@link LongAdder}): a thread-
 * per-connection server updates them from thousands of threads.
 */
public final class ServerCounters {
    private final LongAdder requests = new LongAdder();
    private final LongAdder bytesWritten = new LongAdder();
    private final LongAdder connectionsAccepted = new LongAdder();
    private final LongAdder connectionsClosed = new LongAdder();
    private final LongAdder errors = new LongAdder();

    /** A connection was accepted. */
    public void connectionOpened() {
        connectionsAccepted.increment();
    }

    /** A connection was closed. */
    public void connectionClosed() {
        connectionsClosed.increment();
    }

    void responseCompleted(int status) {
        requests.increment();
        if (status >= 400) {
            errors.increment();
        }
    }

    void bytesWritten(long n) {
        bytesWritten.add(n);
    }

    public long requests() {
        return requests.sum();
    }

    public long bytesWritten() {
        return bytesWritten.sum();
    }

    public long connectionsAccepted() {
        return connectionsAccepted.sum();
    }

    public long connectionsOpen() {
        return connectionsAccepted.sum() - connectionsClosed.sum();
    }

    public long errors() {
        return errors.sum();
    }
}
