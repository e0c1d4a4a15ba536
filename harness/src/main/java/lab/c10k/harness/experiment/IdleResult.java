package lab.c10k.harness.experiment;

/**
 * What idle connections cost a server: its memory with none and with {@code connections} idle kept-alive
 * connections, each after one request.
 *
 * @param contender the server's name
 * @param kind {@code strategy} or {@code reference}
 * @param connections idle connections held
 * @param error why the measurement failed, or null
 * @param rssBefore RSS of the server's processes before, bytes
 * @param rssAfter RSS with the connections open
 * @param pssBefore PSS before (-1 when unreadable)
 * @param pssAfter PSS with the connections open
 * @param heapBefore Java heap in use after a full GC before (-1 for a reference server)
 * @param heapAfter Java heap in use after a full GC with the connections open
 * @param threadsBefore live threads of the server before
 * @param threadsAfter live threads with the connections open
 * @param processesAfter live processes with the connections open
 * @param kernelStackDelta the growth of the kernel's stack memory, system-wide ({@code KernelStack} in
 *     {@code /proc/meminfo}): 16 KiB per kernel thread, which RSS does not show
 */
public record IdleResult(
        String contender,
        String kind,
        int connections,
        String error,
        long rssBefore,
        long rssAfter,
        long pssBefore,
        long pssAfter,
        long heapBefore,
        long heapAfter,
        int threadsBefore,
        int threadsAfter,
        int processesAfter,
        long kernelStackDelta) {

    public boolean ok() {
        return error == null;
    }

    /** Whether it measured a Java strategy (a JVM, whose own memory moves between readings) and succeeded. */
    public boolean okJvm() {
        return ok() && "strategy".equals(kind);
    }

    /** RSS per idle connection, bytes. */
    public double rssPerConnection() {
        return ok() ? (double) (rssAfter - rssBefore) / connections : Double.NaN;
    }

    /** PSS per idle connection, bytes (NaN when unreadable). */
    public double pssPerConnection() {
        return ok() && pssBefore >= 0 && pssAfter >= 0 ? (double) (pssAfter - pssBefore) / connections : Double.NaN;
    }

    /** Heap after GC per idle connection, bytes (NaN for a reference server). */
    public double heapPerConnection() {
        return ok() && heapBefore >= 0 ? (double) (heapAfter - heapBefore) / connections : Double.NaN;
    }

    /** Kernel stack memory per idle connection, bytes. */
    public double kernelStackPerConnection() {
        return ok() ? (double) kernelStackDelta / connections : Double.NaN;
    }

    static IdleResult failed(String contender, String kind, int connections, String error) {
        return new IdleResult(contender, kind, connections, error, 0, 0, -1, -1, -1, -1, 0, 0, 0, 0);
    }
}
