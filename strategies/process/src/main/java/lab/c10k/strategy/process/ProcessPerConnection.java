package lab.c10k.strategy.process;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import lab.c10k.server.ServerConfig;
import lab.c10k.server.spi.RunningServer;
import lab.c10k.server.spi.Strategy;
import lab.c10k.server.spi.StrategyOption;

/**
 * {@code --strategy process}: one process per connection at a time. By default a pool of pre-started worker JVMs
 * that all block in {@code accept} on one shared listening socket, as Apache's prefork MPM; with {@code
 * --fork-per-connection}, a fresh JVM for every connection, as inetd.
 *
 * <p>The trade-off. A process is the strongest isolation there is: a worker that crashes, leaks or is killed
 * takes exactly one connection with it, and the master replaces it. The price is paid in memory and start-up:
 * each worker is a whole JVM (its own heap, metaspace, JIT-compiled code and thread stacks: tens of MiB resident,
 * of which only the class-data sharing archive is shared), and a worker holds one connection, so a thousand open
 * connections, even idle keep-alive ones, need a thousand processes. Prefork pays the start-up once per worker
 * and then serves with blocking I/O, with about one context switch per request (a worker blocks in read after
 * each response) as the kernel switches between the worker processes; the master only watches, growing the pool
 * while fewer than {@code --min-spare} workers are idle and shrinking it when the load goes. One or two workers
 * serve a request for the CPU of a thread per connection; fifty taking turns on a core need several times that,
 * because each JVM has its own copy of the compiled code and its own heap, and fifty of them do not fit in the
 * caches (Apache's forked children share one copy of their code). A busy server whose clients hold connections
 * open (keep-alive, slow clients, slowloris) runs out of workers before it runs out of CPU.
 *
 * <p>Fork per connection pays the start-up on every connection: a C inetd forks in tens of microseconds, a JVM
 * needs tens of milliseconds of CPU before it reads its first byte (loading and linking classes, the first
 * downcalls, the interpreter before the JIT), so connections per second are bounded by JVM starts per second,
 * whatever the request. Keep-alive hides the cost (one start, many requests); {@code Connection: close} shows
 * it in full. That is the lesson: why servers pre-fork, and why a process per connection made sense for a
 * forking C server in 1990 and never for a JVM.
 */
public final class ProcessPerConnection implements Strategy {
    /** Extra JVM options for the workers, space-separated, e.g. to compare C2 with the default C1-only flags. */
    public static final String WORKER_OPTIONS_PROPERTY = "c10k.process.workerOptions";

    @Override
    public String name() {
        return "process";
    }

    @Override
    public String summary() {
        return "prefork worker JVMs sharing one listening socket (Apache prefork), or a JVM per connection"
                + " (inetd): a process per connection";
    }

    @Override
    public List<StrategyOption> options() {
        return ProcessOptions.DECLARED;
    }

    @Override
    public void checkOptions(Map<String, String> values) {
        ProcessOptions.from(values);
    }

    @Override
    public RunningServer start(ServerConfig config) throws IOException {
        String extra = System.getProperty(WORKER_OPTIONS_PROPERTY, "").strip();
        List<String> options = extra.isEmpty() ? List.of() : Arrays.asList(extra.split("\\s+"));
        return Master.start(config, AotCache.apply(WorkerCommand.ofThisJvm(options), config));
    }
}
