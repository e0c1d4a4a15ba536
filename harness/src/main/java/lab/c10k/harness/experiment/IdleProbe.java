package lab.c10k.harness.experiment;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import lab.c10k.harness.control.ControlClient;
import lab.c10k.harness.load.IdleConnections;
import lab.c10k.harness.load.Target;
import lab.c10k.harness.metrics.Machine;
import lab.c10k.harness.metrics.ProcessTree;

/**
 * Measures what idle connections cost a running server: RSS and PSS of its processes, the Java heap after a full
 * GC, its threads, and the kernel stacks, first with no connection, then with N kept-alive connections that each
 * made one request. The difference divided by N is the price of one idle connection.
 */
public final class IdleProbe {
    private IdleProbe() {}

    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Opens {@code n} idle connections to {@code server} (each GETs {@code file} once), measures, closes them.
     * Never throws: a failure is in the result.
     */
    public static IdleResult measure(ServerUnderTest server, Contender c, int n, String file) {
        try {
            server.settle();
            Optional<ControlClient> control = server.control();
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
}
