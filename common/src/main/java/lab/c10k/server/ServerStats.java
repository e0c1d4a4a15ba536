package lab.c10k.server;

/**
 * A snapshot of a server's own account of itself: what it served and what it cost. The harness reads one before
 * and one after a measured window and works with the difference.
 *
 * @param requests responses completed (every status)
 * @param bytesWritten bytes written to clients, heads and bodies
 * @param connectionsAccepted connections accepted since start
 * @param connectionsOpen connections open now
 * @param errors responses with a 4xx or 5xx status
 * @param usage CPU time, context switches and peak RSS of the whole server: every thread, live or exited, and for
 *     a multi-process strategy every process, live or exited
 * @param liveThreads threads alive now, in all processes of the server
 * @param processes processes of the server alive now (1 for a single-JVM strategy)
 */
public record ServerStats(
        long requests,
        long bytesWritten,
        long connectionsAccepted,
        long connectionsOpen,
        long errors,
        ResourceUsage usage,
        int liveThreads,
        int processes) {

    /** The stats of this JVM alone: {@code counters} plus this process's getrusage and thread count. */
    public static ServerStats ofThisProcess(ServerCounters counters) {
        return new ServerStats(
                counters.requests(),
                counters.bytesWritten(),
                counters.connectionsAccepted(),
                counters.connectionsOpen(),
                counters.errors(),
                ResourceUsage.self(),
                Thread.activeCount(),
                1);
    }
}
