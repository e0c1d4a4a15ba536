package lab.c10k.strategy.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The command line of a worker JVM, built explicitly as JMH builds the command of its forked JVMs: the {@code
 * java} of the running master, flags for many small processes, the master's own class path (in production the
 * shaded {@code c10k.jar}, in tests surefire's class path), {@link WorkerMain} and the worker's slot.
 *
 * <p>The worker flags, {@link #WORKER_OPTIONS}, trade peak speed for start-up time and memory, because a worker
 * serves one connection at a time and there are many of them:
 *
 * <ul>
 *   <li>{@code -XX:+UseSerialGC}: one GC thread and no concurrent GC machinery; a worker's heap is a few MiB
 *       and a pause of a single-connection process delays only that connection.
 *   <li>{@code -Xms4m -Xmx64m -XX:MaxMetaspaceSize=64m}: small heaps; the file bytes never enter the heap
 *       (sendfile, mmap), and a 64 KiB direct buffer at most per connection in read mode.
 *   <li>{@code -XX:TieredStopAtLevel=1}: only the C1 compiler, which compiles quickly with little memory; C2's
 *       better code would need a long-lived, hot process to pay for itself.
 *   <li>{@code -XX:ActiveProcessorCount=1}: size the JVM's own thread pools (GC, compiler, common pool) for one
 *       CPU: a worker runs one connection, and many workers share the cores.
 *   <li>{@code -XX:-UsePerfData}: no {@code /tmp/hsperfdata} file per worker (so {@code jps} does not list
 *       workers) and a little less start-up work.
 *   <li>{@code -XX:+UseTransparentHugePages}, when the kernel offers them ({@code madvise} or {@code always}):
 *       the heap and the compiled code in 2 MiB pages. With fifty workers taking turns on one core, every request
 *       runs in another process than the one before, and refilling the TLB for a JVM's private code and heap
 *       costs more than the request itself (a two-level page walk in a virtual machine); huge pages cover the same
 *       memory with far fewer TLB entries, for a little more resident memory per worker.
 *   <li>Class-data sharing stays on (the default {@code -Xshare:auto}): the JDK's classes, and with {@link
 *       AotCache} the server's too, are mapped already parsed and shared by every worker.
 * </ul>
 *
 * <p>What no flag removes: the code a worker compiles is its own. One or two workers serve a keep-alive request
 * for the CPU of a thread-per-connection server, fifty workers taking turns need more, because their fifty
 * copies of the compiled code and heaps do not fit in the caches. Apache's prefork children share one copy of
 * their code, forked from the parent.
 *
 * @param java the {@code java} launcher
 * @param options the JVM options, {@link #WORKER_OPTIONS} and any extra ones
 * @param classPath the class path
 */
record WorkerCommand(Path java, List<String> options, String classPath) {

    static final List<String> WORKER_OPTIONS = List.of(
            "-XX:+UseSerialGC",
            "-Xms4m",
            "-Xmx64m",
            "-XX:MaxMetaspaceSize=64m",
            "-XX:TieredStopAtLevel=1",
            "-XX:ActiveProcessorCount=1",
            "-XX:-UsePerfData",
            "--enable-native-access=ALL-UNNAMED");

    WorkerCommand {
        options = List.copyOf(options);
    }

    /** The command for workers of this JVM: its java and class path, the worker options, then {@code extra}. */
    static WorkerCommand ofThisJvm(List<String> extra) {
        var options = new ArrayList<>(WORKER_OPTIONS);
        if (transparentHugePages()) {
            options.add("-XX:+UseTransparentHugePages");
        }
        options.addAll(extra);
        return new WorkerCommand(
                Path.of(System.getProperty("java.home"), "bin", "java"),
                options,
                System.getProperty("java.class.path"));
    }

    /** This command with {@code option} added. */
    WorkerCommand withOption(String option) {
        var more = new ArrayList<>(options);
        more.add(option);
        return new WorkerCommand(java, more, classPath);
    }

    /** This command with another class path. */
    WorkerCommand withClassPath(String classPath) {
        return new WorkerCommand(java, options, classPath);
    }

    /** The command line of the worker in {@code slot}. */
    List<String> argv(int slot) {
        var argv = new ArrayList<String>();
        argv.add(java.toString());
        argv.addAll(options);
        argv.add("-cp");
        argv.add(classPath);
        argv.add(WorkerMain.class.getName());
        argv.add(Integer.toString(slot));
        return argv;
    }

    /** Whether the kernel gives transparent huge pages to a process that asks ({@code madvise} or {@code always}). */
    static boolean transparentHugePages() {
        try {
            String mode = Files.readString(Path.of("/sys/kernel/mm/transparent_hugepage/enabled"));
            return mode.contains("[always]") || mode.contains("[madvise]");
        } catch (IOException e) {
            return false;
        }
    }

    /** The master's environment, as {@code NAME=value} strings for {@code posix_spawn}. */
    static List<String> environment() {
        var env = new ArrayList<String>();
        for (Map.Entry<String, String> e : System.getenv().entrySet()) {
            env.add(e.getKey() + "=" + e.getValue());
        }
        return env;
    }
}
