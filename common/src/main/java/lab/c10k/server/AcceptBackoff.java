package lab.c10k.server;

import java.io.IOException;

/**
 * What to do when {@code accept} fails: out of file descriptors (EMFILE, ENFILE) or memory, the listening socket
 * stays readable and a loop that retries at once spins a core at 100%. So wait, 50 ms at first and twice as long
 * each time up to 1 s (Tomcat's Acceptor; nginx waits 500 ms, Netty 1 s), and start again from 50 ms after a
 * success.
 *
 * <p>Confined to the accepting thread.
 */
public final class AcceptBackoff {
    private static final System.Logger LOG = System.getLogger(AcceptBackoff.class.getName());

    static final long FIRST_MILLIS = 50;
    static final long MAX_MILLIS = 1000;

    private long nextMillis = FIRST_MILLIS;

    /** An accept succeeded. */
    public void reset() {
        nextMillis = FIRST_MILLIS;
    }

    /** An accept failed: how long to stop accepting, in milliseconds. */
    public long next() {
        long wait = nextMillis;
        nextMillis = Math.min(nextMillis * 2, MAX_MILLIS);
        return wait;
    }

    /**
     * An accept failed with {@code e}: logs it and returns how long to stop accepting, in milliseconds. Never
     * throws: out of descriptors, logging itself can fail (the first log record loads time-zone data from a
     * file), and a failed log must not end the accept loop.
     */
    public long failed(IOException e) {
        long wait = next();
        try {
            LOG.log(System.Logger.Level.WARNING, describe(e, wait));
        } catch (Throwable logFailure) {
            // Nothing to do: the wait matters, the message does not.
        }
        return wait;
    }

    /**
     * The log line for a failed accept, the same for every strategy: what failed (the error's message: the class
     * of a JDK or an FFM exception says nothing to the reader of a log), and for how long the server stops
     * accepting.
     */
    public static String describe(IOException e, long millis) {
        String why = e.getMessage() != null ? e.getMessage() : e.toString();
        return (isOutOfDescriptors(e) ? "out of file descriptors" : "accept failed") + " (" + why
                + "); not accepting for " + millis + " ms";
    }

    /** Whether {@code e} says the process or the system ran out of file descriptors. */
    public static boolean isOutOfDescriptors(IOException e) {
        String m = e.getMessage();
        return m != null && (m.contains("Too many open files") || m.contains("EMFILE") || m.contains("ENFILE"));
    }
}
