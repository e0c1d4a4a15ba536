package lab.c10k.strategy.process;

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
 *   <li>{@code -Xshare:auto} (the default): the JDK's class-data sharing archive maps the JDK's classes
 *       already parsed, and shares those pages between every worker.
 * </ul>
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

    /** The master's environment, as {@code NAME=value} strings for {@code posix_spawn}. */
    static List<String> environment() {
        var env = new ArrayList<String>();
        for (Map.Entry<String, String> e : System.getenv().entrySet()) {
            env.add(e.getKey() + "=" + e.getValue());
        }
        return env;
    }
}
