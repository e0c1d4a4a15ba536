package lab.c10k.strategy.process;

/**
 * Supervision after a worker dies when nobody asked it to: replace it, but not at once after a string of
 * crashes, and give up when workers cannot even start.
 *
 * <ul>
 *   <li>Back-off: after the n-th crash in a row, no worker is started for {@value #FIRST_BACKOFF_MILLIS} ms times
 *       2<sup>n-1</sup>, at most {@value #MAX_BACKOFF_MILLIS} ms (Apache prefork cuts its spawn rate to one
 *       per second after a sick child; nginx respawns at once). A worker that gets ready ends the string.
 *   <li>Giving up: {@value #MAX_FAILED_STARTS} workers in a row that die before they get ready mean that no
 *       worker can start (a broken class path, a bad JVM flag, a document root that went away, no memory): the
 *       master stops the server with the exit and the last stderr lines of the last one, rather than spawn JVMs
 *       forever (nginx stops respawning a worker that exits with its fatal code 2, Apache exits on
 *       APEXIT_CHILDFATAL). A worker that crashes after it got ready is always replaced: a request that kills
 *       workers must not stop the server.
 * </ul>
 *
 * <p>Confined to the supervisor thread.
 */
final class CrashGuard {
    static final long FIRST_BACKOFF_MILLIS = 100;
    static final long MAX_BACKOFF_MILLIS = 5000;
    static final int MAX_FAILED_STARTS = 5;

    private int crashes;
    private int failedStarts;
    private long notBefore;

    /** A worker died unasked at {@code now} (monotonic nanoseconds), having got ready or not. */
    void crashed(boolean wasReady, long now) {
        crashes++;
        if (!wasReady) {
            failedStarts++;
        }
        long backoff = Math.min(FIRST_BACKOFF_MILLIS << Math.min(crashes - 1, 16), MAX_BACKOFF_MILLIS);
        notBefore = now + backoff * 1_000_000L;
    }

    /** A worker got ready: whatever failed before, workers can start. */
    void ready() {
        crashes = 0;
        failedStarts = 0;
    }

    /** Whether a worker may be started at {@code now}. */
    boolean mayStart(long now) {
        return now - notBefore >= 0;
    }

    /** When a worker may be started again (monotonic nanoseconds). */
    long notBefore() {
        return notBefore;
    }

    /** Whether workers fail to start again and again. */
    boolean givingUp() {
        return failedStarts >= MAX_FAILED_STARTS;
    }
}
