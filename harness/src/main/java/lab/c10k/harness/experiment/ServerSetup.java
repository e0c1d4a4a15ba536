package lab.c10k.harness.experiment;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import lab.c10k.files.FileIo;

/**
 * How every server of an experiment is started, the same for all of them.
 *
 * @param root the document root
 * @param cpus the CPUs the server is pinned to ({@code taskset -c}), empty for no pinning
 * @param maxConnections the most connections the experiment opens at once; servers are configured above it
 * @param idleTimeout keep-alive and header timeouts: long enough that no connection times out in a window or an
 *     idle test
 * @param perf whether to start each server under {@code perf stat}
 * @param workDir where configurations, logs and perf's FIFOs go
 * @param javaCommand the JVM and its options that run {@code c10k serve}, up to the main class (inside the image,
 *     when the servers run in containers)
 * @param containers where the Java strategies run when each has a container of its own, or null for processes of
 *     this machine under {@code taskset} (reference servers always run so)
 */
public record ServerSetup(
        Path root,
        List<Integer> cpus,
        int maxConnections,
        Duration idleTimeout,
        boolean perf,
        Path workDir,
        List<String> javaCommand,
        ContainerRuntime containers) {

    /** The JVM options every Java strategy runs with; {@code -XX:ActiveProcessorCount} is added to match the CPUs. */
    public static final List<String> JVM_OPTIONS =
            List.of("-XX:+UseSerialGC", "-Xms64m", "-Xmx1g", "--enable-native-access=ALL-UNNAMED");

    public ServerSetup {
        Objects.requireNonNull(root);
        cpus = List.copyOf(cpus);
        Objects.requireNonNull(idleTimeout);
        Objects.requireNonNull(workDir);
        javaCommand = List.copyOf(javaCommand);
    }

    /** Servers in processes of this machine. */
    public ServerSetup(
            Path root,
            List<Integer> cpus,
            int maxConnections,
            Duration idleTimeout,
            boolean perf,
            Path workDir,
            List<String> javaCommand) {
        this(root, cpus, maxConnections, idleTimeout, perf, workDir, javaCommand, null);
    }

    /**
     * The command that runs this JVM's own class path with {@code JVM_OPTIONS}: the servers run the same code and
     * JDK as the harness.
     */
    public static List<String> currentJava(List<Integer> cpus) {
        var c = new ArrayList<String>();
        c.add(ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (!cpus.isEmpty()) {
            c.add("-XX:ActiveProcessorCount=" + cpus.size());
        }
        c.addAll(JVM_OPTIONS);
        c.add("-cp");
        c.add(System.getProperty("java.class.path"));
        c.add("lab.c10k.cli.C10k");
        return c;
    }

    /** {@code taskset -c LIST} before a command, or nothing when not pinned. */
    List<String> pinning() {
        if (cpus.isEmpty()) {
            return List.of();
        }
        return List.of("taskset", "-c", cpus.stream().map(String::valueOf).collect(Collectors.joining(",")));
    }

    /** The {@code c10k serve} command for {@code strategy}, which writes its {@link ReadyFile} to {@code ready}. */
    List<String> serveCommand(String strategy, FileIo fileIo, Path ready) {
        var c = new ArrayList<>(javaCommand);
        String timeout = idleTimeout.toSeconds() + "s";
        c.addAll(List.of(
                "serve",
                "--strategy",
                strategy,
                "--port",
                "0",
                "--control-port",
                "0",
                "--ready-file",
                ready.toString(),
                "--root",
                root.toString(),
                "--file-io",
                fileIo.name().toLowerCase(java.util.Locale.ROOT),
                "--max-connections",
                Integer.toString(maxConnections + 64),
                "--max-requests-per-connection",
                "0",
                "--keep-alive-timeout",
                timeout,
                "--header-timeout",
                timeout,
                "--write-timeout",
                timeout,
                "--shutdown-grace",
                "1s"));
        return c;
    }
}
