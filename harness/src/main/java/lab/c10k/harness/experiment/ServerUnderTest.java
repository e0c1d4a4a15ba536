package lab.c10k.harness.experiment;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import lab.c10k.files.FileIo;
import lab.c10k.harness.control.ControlClient;
import lab.c10k.harness.metrics.PerfStat;
import lab.c10k.harness.metrics.ProcessTree;

/**
 * A server started for an experiment, in processes of its own: {@code c10k serve} for a Java strategy (with a
 * control port), or nginx or Apache in the foreground with a generated configuration. Pinned with {@code
 * taskset}, and started under {@code perf stat} when the setup asks for it. When the setup has a {@link
 * ContainerRuntime}, a Java strategy runs in a container instead, pinned by its cpuset; it is read the same way,
 * through its control port and, by its pid on this machine, through {@code /proc}.
 *
 * <p>Stopping sends SIGTERM to the server (not to perf, which then prints its counts and exits on its own) and
 * waits; what does not stop in time is killed.
 */
public final class ServerUnderTest implements AutoCloseable {
    private static final String READY_FILE = "ready.json";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    /** The servers started and not yet stopped: a shutdown hook stops them when the harness is interrupted. */
    private static final Set<ServerUnderTest> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            for (ServerUnderTest s : LIVE) {
                if (s.container != null) {
                    s.container.close();
                } else {
                    s.process.descendants().forEach(ProcessHandle::destroyForcibly);
                    s.process.destroyForcibly();
                }
            }
        }));
    }

    private static final int SETTLE_SECONDS = 5;

    private final Contender contender;
    private final Process process; // null in a container
    private final ContainerRuntime.Container container; // null in a process of this machine
    private final long pid;
    private final InetSocketAddress address;
    private final ControlClient control;
    private final PerfStat perf;
    private final Path dir;
    private PerfStat.Counts perfCounts;
    private boolean stopped;

    private ServerUnderTest(
            Contender contender,
            Process process,
            ContainerRuntime.Container container,
            long pid,
            InetSocketAddress address,
            ControlClient control,
            PerfStat perf,
            Path dir) {
        this.contender = contender;
        this.process = process;
        this.container = container;
        this.pid = pid;
        this.address = address;
        this.control = control;
        this.perf = perf;
        this.dir = dir;
    }

    /**
     * Starts {@code contender} and returns once it accepts connections.
     *
     * @param fileIo the file-io mode of a Java strategy (references ignore it)
     * @throws ServerStartException when it exits or stays silent, with the end of its output
     */
    public static ServerUnderTest start(Contender contender, ServerSetup setup, FileIo fileIo) throws IOException {
        Files.createDirectories(setup.workDir());
        // absolute: a container sees it at the same path
        Path dir = Files.createTempDirectory(setup.workDir(), contender.name() + "-")
                .toAbsolutePath();
        if (setup.containers() != null && contender instanceof Contender.JavaStrategy s) {
            return startInContainer(s, setup, fileIo, dir);
        }
        PerfStat perf = setup.perf() ? PerfStat.prepare(dir) : null;
        try {
            List<String> command = new ArrayList<>(setup.pinning());
            int port = 0;
            switch (contender) {
                case Contender.JavaStrategy s ->
                    command.addAll(setup.serveCommand(s.name(), fileIo, dir.resolve(READY_FILE)));
                case Contender.ReferenceServer r -> {
                    port = freePort();
                    command.addAll(r.reference()
                            .configure(
                                    dir,
                                    setup.root(),
                                    port,
                                    setup.maxConnections(),
                                    Math.max(1, setup.cpus().size())));
                }
            }
            if (Files.isExecutable(SETSID)) {
                // A session of its own: Apache prefork ends by signalling its whole process group, which would
                // otherwise be the harness's own (and perf's). The shutdown hook below stops what a Ctrl-C leaves.
                command.addFirst(SETSID.toString());
            }
            if (perf != null) {
                command = perf.wrap(command);
            }
            Path out = dir.resolve("stdout.log");
            Path err = dir.resolve("stderr.log");
            Process p = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            try {
                ServerUnderTest server = contender instanceof Contender.JavaStrategy
                        ? awaitServing(contender, p, null, perf, dir)
                        : awaitListening(contender, p, perf, dir, port);
                LIVE.add(server);
                if (perf != null) {
                    perf.connect();
                }
                return server;
            } catch (IOException | RuntimeException e) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            if (perf != null) {
                perf.close();
            }
            throw e;
        }
    }

    /** {@code c10k serve} in a container of its own, with the setup's command inside the image. */
    private static ServerUnderTest startInContainer(
            Contender.JavaStrategy strategy, ServerSetup setup, FileIo fileIo, Path dir) throws IOException {
        ContainerRuntime.Container c;
        try {
            c = setup.containers()
                    .start(
                            strategy.name(),
                            setup.serveCommand(strategy.name(), fileIo, dir.resolve(READY_FILE)),
                            setup.root(),
                            dir);
        } catch (IOException e) {
            throw new ServerStartException(
                    strategy.name() + " in a container: " + e.getMessage() + " (logs in " + dir + ")");
        }
        try {
            ServerUnderTest server = awaitServing(strategy, null, c, null, dir);
            LIVE.add(server);
            return server;
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /**
     * Waits for the {@link ReadyFile} in which {@code c10k serve} names its ports, from a process ({@code p}) or a
     * container ({@code c}, whose server pid is the one this machine gives it, not the one the file holds).
     */
    private static ServerUnderTest awaitServing(
            Contender contender, Process p, ContainerRuntime.Container c, PerfStat perf, Path dir) throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ReadyFile> ready = ReadyFile.read(dir.resolve(READY_FILE));
            if (ready.isPresent()) {
                ReadyFile r = ready.get();
                if (r.control() == null) {
                    throw failed(contender, dir, "started without a control port");
                }
                var address = new InetSocketAddress(r.address(), r.port());
                var control = new ControlClient(new InetSocketAddress("127.0.0.1", r.control()));
                long pid = c == null ? r.pid() : c.pid();
                return new ServerUnderTest(contender, p, c, pid, address, control, perf, dir);
            }
            if (c != null && !c.running()) {
                throw failed(
                        contender,
                        dir,
                        "exited (container " + c.id()
                                + c.trouble().map(t -> "; " + t).orElse("") + ")");
            }
            if (p != null && !p.isAlive()) {
                throw failed(contender, dir, "exited with status " + p.exitValue());
            }
            pause();
        }
        throw failed(contender, dir, "did not start within " + START_TIMEOUT.toSeconds() + " s");
    }

    private static ServerUnderTest awaitListening(Contender contender, Process p, PerfStat perf, Path dir, int port)
            throws IOException {
        var address = new InetSocketAddress("127.0.0.1", port);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw failed(contender, dir, "exited with status " + p.exitValue());
            }
            try (var s = new Socket()) {
                s.connect(address, 200);
                long serverPid = perf == null
                        ? p.pid()
                        : p.children().findFirst().map(ProcessHandle::pid).orElse(p.pid());
                return new ServerUnderTest(contender, p, null, serverPid, address, null, perf, dir);
            } catch (IOException notYet) {
                pause();
            }
        }
        throw failed(contender, dir, "did not listen within " + START_TIMEOUT.toSeconds() + " s");
    }

    private static void pause() throws IOException {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static ServerStartException failed(Contender contender, Path dir, String what) {
        String detail = tail(dir.resolve("stderr.log"));
        if (detail.isEmpty()) {
            detail = tail(dir.resolve("error.log"));
        }
        if (detail.isEmpty()) {
            detail = tail(dir.resolve("stdout.log"));
        }
        return new ServerStartException(
                contender.name() + " " + what + (detail.isEmpty() ? "" : ": " + detail) + " (logs in " + dir + ")");
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank())
                    .toList();
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()))
                    .strip();
        } catch (IOException e) {
            return "";
        }
    }

    private static int freePort() throws IOException {
        try (var s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The pid of the server itself (the nginx master, the Apache parent, the serving JVM), not of perf. */
    public long pid() {
        return pid;
    }

    /** The URL of {@code file} in the root. */
    public String url(String file) {
        return "http://" + address.getHostString() + ":" + address.getPort() + "/" + file;
    }

    /** The server's own counters, for a Java strategy. */
    public Optional<ControlClient> control() {
        return Optional.ofNullable(control);
    }

    /** perf, when the server runs under it. */
    public Optional<PerfStat> perf() {
        return Optional.ofNullable(perf);
    }

    /** The server's process tree now. */
    public ProcessTree tree(boolean withSwitches) throws IOException {
        return ProcessTree.sample(pid, withSwitches);
    }

    /**
     * What went wrong in the server's container that a failure of its own would not tell, such as a process killed
     * at the container's memory limit; empty when nothing did, or when it is not in a container.
     */
    public Optional<String> trouble() {
        return container == null ? Optional.empty() : container.trouble();
    }

    /** Whether the server's main process still runs. */
    public boolean alive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /**
     * Stops the server: SIGTERM, then SIGKILL for what is left after a grace period.
     *
     * @return perf's counts of the enabled periods, when it ran under perf and they could be read
     */
    public Optional<PerfStat.Counts> stop() {
        if (!stopped && container != null) {
            stopped = true;
            LIVE.remove(this);
            container.close();
        } else if (!stopped) {
            stopped = true;
            LIVE.remove(this);
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
            List<ProcessHandle> left = new ArrayList<>(process.descendants().toList());
            try {
                if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    left.forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                left.forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            // Apache's children exit after their parent; do not leave any behind.
            for (ProcessHandle h : left) {
                if (h.isAlive()) {
                    h.destroyForcibly();
                }
            }
            if (perf != null) {
                try {
                    perfCounts = perf.read();
                } catch (IOException e) {
                    perfCounts = null;
                } finally {
                    perf.close();
                }
            }
        }
        return Optional.ofNullable(perfCounts);
    }

    /**
     * Waits until the server has closed the connections of the last window, at most {@value #SETTLE_SECONDS} s: a
     * Java strategy says so on its control port; a reference server gets a fixed pause.
     */
    public void settle() throws IOException, InterruptedException {
        if (control == null) {
            Thread.sleep(200);
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SETTLE_SECONDS);
        while (control.stats().connectionsOpen() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    /**
     * Waits until the server uses no CPU for a tenth of a second (a JVM compiles and collects for a while after
     * a load), at most {@code max}.
     */
    public void awaitQuiet(Duration max) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        long cpu = tree(false).cpuMicros();
        while (System.nanoTime() < deadline) {
            Thread.sleep(100);
            long now = tree(false).cpuMicros();
            if (now == cpu) {
                return;
            }
            cpu = now;
        }
    }

    /** Where its configuration and logs are. */
    public Path dir() {
        return dir;
    }

    @Override
    public void close() {
        stop();
    }
}
