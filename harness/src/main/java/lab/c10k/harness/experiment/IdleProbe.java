package lab.c10k.harness.experiment;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import lab.c10k.harness.control.ControlClient;
import lab.c10k.harness.load.IdleConnections;
import lab.c10k.harness.load.LoadGenerator;
import lab.c10k.harness.load.LoadProfile;
import lab.c10k.harness.load.Target;
import lab.c10k.harness.metrics.Machine;
import lab.c10k.harness.metrics.ProcessTree;

/**
 * Measures what idle connections cost a running server: RSS and PSS of its processes, the Java heap after a full
 * GC, its threads, and the kernel stacks, first with no connection, then with N kept-alive connections that each
 * made one request. The difference divided by N is the price of one idle connection.
 *
 * <p>Both readings are taken from a settled server, so that the difference counts what the connections hold and
 * not what the JVM happened to be doing: the server has used no CPU for a moment (its JIT compilers have finished
 * what the warm-up or the burst of connections gave them), then, for a JVM, {@link #JIT_ARENAS} more pass before
 * the full GC and the C heap's trim. HotSpot's compilers work in arenas whose chunks it keeps in a pool of its own
 * and frees only every five seconds; read sooner, RSS counts megabytes of compiler memory at one reading and not at
 * the other, and divided by the connections that swing can exceed what an idle connection of an event loop holds.
 * The figures, settled and not, are in {@code docs/measurements.md}.
 */
public final class IdleProbe {
    private IdleProbe() {}

    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(10);
    /** The longest wait for a server to stop using CPU before a reading. */
    private static final Duration QUIET_TIMEOUT = Duration.ofSeconds(15);
    /**
     * How long a quiet JVM is left before a reading: HotSpot's chunk pool, where the compilers' arenas go when
     * they are done, is emptied every 5 s.
     */
    static final Duration JIT_ARENAS = Duration.ofMillis(5500);

    /** How long each half of {@link #warmUp} lasts. */
    static final Duration WARM_UP_HALF = Duration.ofSeconds(1);

    /**
     * Warms a fresh server before {@link #measure}: first {@code connections} clients whose requests are kept
     * alive, then as many whose connections are accepted and closed one request at a time. Its pools and
     * first-use allocations then do not count as idle connections; nor does the code that accepts: a JVM that
     * first compiles its accept path during the burst of idle connections keeps some of the compilers' memory, which
     * would count as memory of the connections ({@code docs/measurements.md}).
     */
    public static void warmUp(ServerUnderTest server, String file, int connections, Duration timeout)
            throws InterruptedException {
        Target target = Target.parse(server.url(file));
        LoadGenerator.run(
                LoadProfile.closedLoop(target, connections, WARM_UP_HALF).withTimeout(timeout));
        LoadGenerator.run(LoadProfile.closedLoop(target, connections, WARM_UP_HALF)
                .withKeepAlive(false)
                .withTimeout(timeout));
    }

    /**
     * Opens {@code n} idle connections to {@code server} (each GETs {@code file} once), measures, closes them.
     * Never throws: a failure is in the result.
     */
    public static IdleResult measure(ServerUnderTest server, Contender c, int n, String file) {
        try {
            server.settle();
            Optional<ControlClient> control = server.control();
            settle(server, control.isPresent());
            long heapBefore = control.isPresent() ? control.get().heapAfterGc() : -1;
            ProcessTree before = server.tree(false);
            long kernelBefore = Machine.kernelStackBytes();
            try (var connections = IdleConnections.open(Target.parse(server.url(file)), n, IDLE_TIMEOUT)) {
                if (control.isPresent()) {
                    long deadline = System.nanoTime() + OPEN_TIMEOUT.toNanos();
                    while (control.get().stats().connectionsOpen() < n && System.nanoTime() < deadline) {
                        Thread.sleep(10);
                    }
                } else {
                    Thread.sleep(300);
                }
                settle(server, control.isPresent());
                long heapAfter = control.isPresent() ? control.get().heapAfterGc() : -1;
                ProcessTree after = server.tree(false);
                long kernelAfter = Machine.kernelStackBytes();
                int closed = connections.closedByServer();
                if (closed > 0) {
                    return IdleResult.failed(
                            c.name(), c.kind(), n, "the server closed " + closed + " of the idle connections");
                }
                return new IdleResult(
                        c.name(),
                        c.kind(),
                        n,
                        null,
                        before.rssBytes(),
                        after.rssBytes(),
                        before.pssBytes(),
                        after.pssBytes(),
                        heapBefore,
                        heapAfter,
                        before.threads(),
                        after.threads(),
                        after.processes(),
                        kernelAfter - kernelBefore);
            } finally {
                server.settle();
            }
        } catch (IOException | RuntimeException e) {
            return IdleResult.failed(c.name(), c.kind(), n, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return IdleResult.failed(c.name(), c.kind(), n, "interrupted");
        }
    }

    /** Waits until {@code server} is quiet and, for a JVM, its compilers' memory has gone back to the C heap. */
    private static void settle(ServerUnderTest server, boolean jvm) throws IOException, InterruptedException {
        server.awaitQuiet(QUIET_TIMEOUT);
        if (jvm) {
            Thread.sleep(JIT_ARENAS.toMillis());
        }
    }
}
