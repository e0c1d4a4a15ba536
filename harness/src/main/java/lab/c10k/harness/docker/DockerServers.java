package lab.c10k.harness.docker;

import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import lab.c10k.harness.experiment.ContainerRuntime;
import lab.c10k.harness.experiment.ContainerSettings;
import lab.c10k.harness.experiment.ServerSetup;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * The Java servers of an experiment, each in a container of its own, started with Testcontainers: {@code
 * --network host} (the harness reaches the server and its control port on loopback, and the load crosses no
 * bridge), {@code --cpuset-cpus} the server CPUs, {@code --memory} with no swap beyond it, {@code --init} (a tiny
 * pid 1 that passes SIGTERM on and reaps), the document root mounted read-only at its own path, the server's log
 * folder writable at its own (for the ready file the harness waits for).
 *
 * <p>The JVM inside runs with the options of a native server ({@link ServerSetup#JVM_OPTIONS} and {@code
 * -XX:ActiveProcessorCount} equal to the cpuset), so that the two runs differ by the container only. One more
 * mount keeps that true for the {@code process} strategy: its worker JVMs start from an ahead-of-time cache that
 * a native run keeps in {@code ~/.cache}; the containers share one in {@code ~/.cache/c10k-lab/docker} instead of
 * training a new one in every fresh container.
 *
 * <p>Threading: {@link #start} from one thread at a time; a container's output is written by Testcontainers' own
 * thread.
 */
public final class DockerServers implements ContainerRuntime {
    /** Where the shared cache is mounted in a container. */
    private static final String CACHE_IN_CONTAINER = "/var/cache/c10k-lab";

    /** The label every server container carries, so that leftovers can be found: {@code docker ps -a -f label=...}. */
    public static final String LABEL = "lab.c10k.role";

    private final DockerEngine engine;
    private final ContainerSettings settings;
    private final Path cache;

    private DockerServers(DockerEngine engine, ContainerSettings settings, Path cache) {
        this.engine = engine;
        this.settings = settings;
        this.cache = cache;
    }

    /**
     * Connects to the engine and makes the image ready (built from {@code jar} on first use, or {@code image} as
     * given), printing each step to {@code progress}.
     *
     * @param image an image to use as it is, or empty to build one from {@code jar}
     * @throws NoEngineException when no engine answers
     * @throws IOException when the image cannot be had
     */
    public static DockerServers prepare(
            List<Integer> cpus, long memoryBytes, Optional<String> image, Path jar, PrintWriter progress)
            throws NoEngineException, IOException, InterruptedException {
        DockerEngine engine = DockerEngine.connect();
        C10kImage.Image ready =
                image.isPresent() ? C10kImage.existing(engine, image.get()) : C10kImage.ensure(engine, jar, progress);
        var settings = new ContainerSettings(
                engine.version(), ready.name(), ready.id(), ready.base(), cpus, memoryBytes, "host", true);
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        Path cache = base.resolve("c10k-lab").resolve("docker");
        Files.createDirectories(cache);
        return new DockerServers(engine, settings, cache);
    }

    @Override
    public ContainerSettings settings() {
        return settings;
    }

    @Override
    public List<String> javaCommand() {
        var c = new ArrayList<String>();
        c.add("java");
        if (!settings.cpus().isEmpty()) {
            c.add("-XX:ActiveProcessorCount=" + settings.cpus().size());
        }
        c.addAll(ServerSetup.JVM_OPTIONS);
        c.add("-jar");
        c.add(C10kImage.JAR_IN_IMAGE);
        return c;
    }

    @Override
    public Container start(String name, List<String> command, Path root, Path dir) throws IOException {
        var stdout = Files.newOutputStream(dir.resolve("stdout.log"));
        var stderr = Files.newOutputStream(dir.resolve("stderr.log"));
        @SuppressWarnings("resource") // closed by Running.close()
        var container = new GenericContainer<>(DockerImageName.parse(settings.image()))
                .withNetworkMode(settings.network())
                .withEnv("XDG_CACHE_HOME", CACHE_IN_CONTAINER)
                .withLabel(LABEL, "server")
                .withLabel("lab.c10k.strategy", name)
                .withLogConsumer(frame -> write(frame, stdout, stderr))
                .waitingFor(new Started())
                .withCreateContainerCmdModifier(cmd -> {
                    cmd.withEntrypoint(command);
                    HostConfig host = cmd.getHostConfig();
                    if (!settings.cpus().isEmpty()) {
                        host.withCpusetCpus(settings.cpuset());
                    }
                    // Mounts set here, not with withFileSystemBind: for those Testcontainers first checks that
                    // mounting works by running a helper image, which no offline machine can pull.
                    host.withBinds(
                            new Bind(root.toString(), new Volume(root.toString()), AccessMode.ro),
                            new Bind(
                                    dir.toAbsolutePath().toString(),
                                    new Volume(dir.toAbsolutePath().toString()),
                                    AccessMode.rw),
                            new Bind(cache.toString(), new Volume(CACHE_IN_CONTAINER), AccessMode.rw));
                    host.withMemory(settings.memoryBytes())
                            .withMemorySwap(settings.memoryBytes())
                            .withInit(settings.init());
                });
        var running = new Running(container, stdout, stderr);
        try {
            container.start();
        } catch (RuntimeException e) {
            running.close();
            String said = lastLine(dir.resolve("stderr.log"));
            throw new IOException("the container did not start: " + (said.isEmpty() ? e.getMessage() : said), e);
        }
        return running;
    }

    private static String memory(long bytes) {
        return bytes % (1L << 30) == 0 ? bytes / (1L << 30) + "g" : bytes / (1L << 20) + "m";
    }

    /** The last line a container wrote there, or nothing. */
    private static String lastLine(Path log) {
        try {
            return Files.readAllLines(log).stream()
                    .filter(l -> !l.isBlank())
                    .reduce((a, b) -> b)
                    .orElse("")
                    .strip();
        } catch (IOException e) {
            return "";
        }
    }

    private static void write(OutputFrame frame, OutputStream stdout, OutputStream stderr) {
        byte[] bytes = frame.getBytes();
        if (bytes == null) {
            return;
        }
        OutputStream to = switch (frame.getType()) {
            case STDOUT -> stdout;
            case STDERR -> stderr;
            case END -> null;
        };
        if (to == null) {
            return;
        }
        try {
            synchronized (to) {
                to.write(bytes);
                to.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Nothing to wait for at start: {@code ServerUnderTest} waits for the line in which the server names its ports,
     * as it does for a native server, and reports the end of the output when it never comes.
     */
    private static final class Started extends AbstractWaitStrategy {
        @Override
        protected void waitUntilReady() {}
    }

    /** A started server container. */
    private final class Running implements Container {
        private final GenericContainer<?> container;
        private final OutputStream stdout;
        private final OutputStream stderr;
        private long initPid;
        private boolean closed;

        Running(GenericContainer<?> container, OutputStream stdout, OutputStream stderr) {
            this.container = container;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        /** The container's init, as this machine numbers it. */
        private synchronized long init() throws IOException {
            if (initPid == 0) {
                Long pid = container.getContainerInfo().getState().getPidLong();
                if (pid == null || pid <= 0) {
                    throw new IOException("the engine does not tell the pid of container " + id());
                }
                initPid = pid;
            }
            return initPid;
        }

        @Override
        public long pid() throws IOException {
            long init = init();
            // --init: pid 1 is docker-init, and the command its only child.
            return ProcessHandle.of(init)
                    .flatMap(h -> h.children().findFirst())
                    .map(ProcessHandle::pid)
                    .orElseThrow(() -> new IOException("container " + id() + " runs no command under its init"));
        }

        @Override
        public boolean running() {
            try {
                return ProcessHandle.of(init()).map(ProcessHandle::isAlive).orElse(false);
            } catch (IOException e) {
                return false;
            }
        }

        @Override
        public Optional<String> trouble() {
            String id = container.getContainerId();
            if (id == null) {
                return Optional.empty();
            }
            boolean killed;
            try {
                // The engine's flag may lag, or stay unset while the container runs on (a worker killed, not its
                // main process); the memory cgroup counts every kill at once.
                killed = oomKills() > 0
                        || Boolean.TRUE.equals(engine.client()
                                .inspectContainerCmd(id)
                                .exec()
                                .getState()
                                .getOOMKilled());
            } catch (DockerException | IllegalStateException e) {
                killed = oomKills() > 0;
            }
            return killed
                    ? Optional.of("the kernel killed a process of container " + id() + " at its memory limit,"
                            + " --docker-memory " + memory(settings.memoryBytes()))
                    : Optional.empty();
        }

        /**
         * The {@code oom_kill} count of the container's memory cgroup (v1 {@code memory.oom_control}, v2 {@code
         * memory.events}), 0 when it cannot be read (the container is gone).
         */
        private long oomKills() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(init()), "cgroup"))) {
                    String[] f = line.split(":", 3);
                    Path counts = null;
                    if (f.length == 3 && f[1].equals("memory")) {
                        counts = Path.of("/sys/fs/cgroup/memory" + f[2], "memory.oom_control");
                    } else if (f.length == 3 && f[0].equals("0") && f[1].isEmpty()) {
                        counts = Path.of("/sys/fs/cgroup" + f[2], "memory.events");
                    }
                    if (counts != null && Files.isReadable(counts)) {
                        for (String c : Files.readAllLines(counts)) {
                            if (c.startsWith("oom_kill ")) {
                                return Long.parseLong(c.substring(9).strip());
                            }
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                // gone, or a layout this does not know: the engine's flag is the answer
            }
            return 0;
        }

        @Override
        public String id() {
            String id = container.getContainerId();
            return id == null ? "(not created)" : id.substring(0, Math.min(12, id.length()));
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            String id = container.getContainerId();
            if (id != null && container.isRunning()) {
                try {
                    // SIGTERM through the init, then SIGKILL after the grace: a native server is stopped so.
                    engine.client().stopContainerCmd(id).withTimeout(20).exec();
                } catch (DockerException | IllegalStateException e) {
                    // already gone, or the engine is shutting down: stop() below kills and removes what is left
                }
            }
            container.stop();
            for (OutputStream s : List.of(stdout, stderr)) {
                try {
                    s.close();
                } catch (IOException e) {
                    // the logs are complete as far as they were flushed, frame by frame
                }
            }
        }
    }
}
