package lab.c10k.harness.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import lab.c10k.files.FileIo;
import lab.c10k.harness.load.LoadGenerator;
import lab.c10k.harness.load.LoadProfile;
import lab.c10k.harness.load.LoadResult;
import lab.c10k.harness.load.Target;
import lab.c10k.harness.load.WindowListener;
import lab.c10k.harness.metrics.Affinity;
import lab.c10k.harness.metrics.Machine;
import lab.c10k.harness.metrics.PerfStat;
import lab.c10k.harness.metrics.ProcessTree;
import lab.c10k.server.ServerStats;

/**
 * Runs a {@link Plan}: for each repetition, each contender (their order rotated from one repetition to the next,
 * so that slow drift of a shared machine does not always hit the same one), a fresh server, a warm-up, then the
 * cells, each a measured window between two readings of the server's counters; then the idle-connection memory
 * of each contender. A contender that fails to start is reported in its trials and the notes, and the others go
 * on.
 *
 * <p>Threading: runs on the calling thread (plus the load generator's); not reusable.
 */
public final class Experiment {
    private final Plan plan;
    private final Path workDir;
    private final Progress progress;
    private final ContainerRuntime containers;
    private final List<Trial> trials = new ArrayList<>();
    private final List<IdleResult> idle = new ArrayList<>();
    private final List<WarmUp> warmUps = new ArrayList<>();
    private final List<PerfCheck> perfChecks = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private ServerSetup setup;
    private double plannedDone;
    private double plannedTotal;

    /**
     * @param workDir where the servers' configurations and logs go
     */
    public Experiment(Plan plan, Path workDir, Progress progress) {
        this(plan, workDir, progress, null);
    }

    /**
     * @param workDir where the servers' configurations and logs go
     * @param containers where the Java strategies run, each in a container of its own, or null for processes of
     *     this machine; its settings must be the plan's
     */
    public Experiment(Plan plan, Path workDir, Progress progress, ContainerRuntime containers) {
        if (containers != null && !containers.settings().equals(plan.containers())) {
            throw new IllegalArgumentException("the plan does not record the containers' settings");
        }
        this.plan = plan;
        this.workDir = workDir;
        this.progress = progress;
        this.containers = containers;
    }

    /** Runs the plan. */
    public ExperimentResult run() throws IOException, InterruptedException {
        Instant started = Instant.now();
        Machine machine = Machine.describe();
        boolean perf = plan.perf();
        if (containers != null) {
            // perf would have to run inside the container, where Docker's default seccomp profile forbids it.
            note("perf cross-check off: the Java servers run in containers; their context switches come from their"
                    + " own getrusage");
            perf = false;
        } else if (perf) {
            Optional<String> why = PerfStat.unavailable();
            if (why.isPresent()) {
                note("perf cross-check skipped: " + why.get());
                perf = false;
            }
        } else {
            note("perf cross-check off (--perf turns it on, at a cost to the servers)");
        }
        setup = new ServerSetup(
                plan.root(),
                plan.serverCpus(),
                plan.maxConnections(),
                Duration.ofMinutes(10),
                perf,
                workDir,
                containers == null ? ServerSetup.currentJava(plan.serverCpus()) : containers.javaCommand(),
                containers);
        if (containers != null) {
            for (Contender c : plan.contenders()) {
                if (c instanceof Contender.ReferenceServer && c.unavailable().isEmpty()) {
                    note(c.name() + " runs natively, not in a container: --docker puts only the Java strategies in"
                            + " containers");
                }
            }
        }
        if (!plan.loadCpus().isEmpty()) {
            Affinity.pinThisProcess(plan.loadCpus());
        }
        var available = new ArrayList<Contender>();
        for (Contender c : plan.contenders()) {
            Optional<String> why = c.unavailable();
            if (why.isPresent()) {
                note(c.name() + " skipped: " + why.get());
            } else {
                available.add(c);
            }
        }
        plannedTotal = plan.estimatedSeconds();
        var failedToStart = new LinkedHashMap<String, String>();
        if (plan.freshServerPerTrial()) {
            for (int rep = 1; rep <= plan.repetitions(); rep++) {
                for (int i = 0; i < available.size(); i++) {
                    Contender c = available.get((i + rep - 1) % available.size());
                    for (Cell cell : Plan.inOrderOf(plan.cells(c), rep)) {
                        measureOnFreshServer(c, rep, cell, failedToStart);
                    }
                }
            }
        } else {
            for (Contender c : available) {
                measureOnSharedServers(c, failedToStart);
            }
        }
        plan.leftOut().ifPresent(this::note);
        if (plan.idleConnections() > 0) {
            for (Contender c : available) {
                idleOnFreshServer(c, failedToStart);
            }
        }
        failedToStart.forEach((name, why) -> note(name + " could not start: " + why));
        progress.finished();
        return new ExperimentResult(
                plan,
                machine,
                ServerSetup.JVM_OPTIONS,
                started,
                Instant.now(),
                trials,
                idle,
                warmUps,
                perfChecks,
                notes);
    }

    private void note(String message) {
        notes.add(message);
        progress.note(message);
    }

    private void step(String what, double plannedSeconds) {
        progress.step(what, plannedDone, plannedTotal);
        plannedDone += plannedSeconds;
    }

    private double cellSeconds() {
        return plan.ramp().toMillis() / 1e3 + plan.duration().toMillis() / 1e3 + Plan.SETTLE_SECONDS;
    }

    private double warmSeconds() {
        return plan.warmSeconds() + Plan.SERVER_OVERHEAD_SECONDS;
    }

    /**
     * One server per file-io mode, warmed up until its throughput holds steady, then every repetition of its cells,
     * each repetition in another order ({@link Plan#inOrderOf}) so that no cell is always measured last, on the
     * warmest server.
     */
    private void measureOnSharedServers(Contender c, Map<String, String> failedToStart)
            throws IOException, InterruptedException {
        List<Cell> all = plan.cells(c);
        var byMode = new LinkedHashMap<FileIo, List<Cell>>();
        for (Cell cell : all) {
            byMode.computeIfAbsent(cell.fileIo(), m -> new ArrayList<>()).add(cell);
        }
        for (var entry : byMode.entrySet()) {
            List<Cell> cells = entry.getValue();
            step(c.name() + ": starting and warming up", warmSeconds());
            ServerUnderTest server;
            PerfAccount first;
            try {
                server = ServerUnderTest.start(c, setup, modeOrDefault(entry.getKey()));
                warmUp(server, c);
                first = PerfAccount.open(server);
            } catch (IOException e) {
                failedToStart.putIfAbsent(c.name(), e.getMessage());
                for (int rep = 1; rep <= plan.repetitions(); rep++) {
                    for (Cell cell : cells) {
                        trials.add(
                                Trial.failed(c.name(), c.kind(), rep, cell, "server did not start: " + e.getMessage()));
                        plannedDone += cellSeconds();
                    }
                }
                continue;
            }
            var windows = new ArrayList<Trial>();
            try {
                for (int rep = 1; rep <= plan.repetitions(); rep++) {
                    for (Cell cell : Plan.inOrderOf(cells, rep)) {
                        step(c.name() + " #" + rep + ": " + cell.label(), cellSeconds());
                        Trial t = measure(server, c, rep, cell, plan.ramp(), null);
                        trials.add(t);
                        if (t.ok()) {
                            windows.add(t);
                        }
                    }
                }
            } finally {
                stop(server, c, 0, windows, first);
            }
        }
    }

    private void measureOnFreshServer(Contender c, int rep, Cell cell, Map<String, String> failedToStart)
            throws InterruptedException {
        step(c.name() + " #" + rep + ": " + cell.label(), warmSeconds() + cellSeconds());
        ServerUnderTest server;
        PerfAccount first;
        try {
            server = ServerUnderTest.start(c, setup, modeOrDefault(cell.fileIo()));
            first = PerfAccount.open(server);
        } catch (IOException e) {
            failedToStart.putIfAbsent(c.name(), e.getMessage());
            trials.add(Trial.failed(c.name(), c.kind(), rep, cell, "server did not start: " + e.getMessage()));
            return;
        }
        var windows = new ArrayList<Trial>();
        try {
            var steady = plan.serverWarmup().isZero()
                    ? null
                    : new SteadyState(plan.serverWarmup(), server.control().orElse(null));
            Trial t = measure(server, c, rep, cell, plan.ramp(), steady);
            if (steady != null) {
                warmUps.add(steady.result(c.name(), rep, cell.label()));
            }
            trials.add(t);
            if (t.ok()) {
                windows.add(t);
            }
        } finally {
            stop(server, c, rep, windows, first);
        }
    }

    /**
     * The idle-connection memory on a fresh server, warmed up for two seconds only ({@link IdleProbe#warmUp}): a
     * server that has just served the matrix has a grown heap that the collector may shrink between the two
     * readings, which is noise here.
     */
    private void idleOnFreshServer(Contender c, Map<String, String> failedToStart) throws InterruptedException {
        int n = idleConnections(c);
        step(c.name() + ": " + n + " idle connections", plan.idleSeconds());
        if (failedToStart.containsKey(c.name())) {
            idle.add(IdleResult.failed(c.name(), c.kind(), n, failedToStart.get(c.name())));
            return;
        }
        try (ServerUnderTest server =
                ServerUnderTest.start(c, setup, modeOrDefault(plan.fileIo().getFirst()))) {
            try {
                IdleProbe.warmUp(server, smallestFile(), Math.min(10, plan.maxConnections()), plan.timeout());
                idle.add(IdleProbe.measure(server, c, n, smallestFile()));
            } catch (IOException | RuntimeException e) {
                idle.add(IdleResult.failed(c.name(), c.kind(), n, e.getMessage() + trouble(server)));
            }
        } catch (IOException | RuntimeException e) {
            idle.add(IdleResult.failed(c.name(), c.kind(), n, e.getMessage()));
        }
    }

    /**
     * The plan's idle connections, or fewer for a strategy whose connections each hold a process ({@link
     * Contender.JavaStrategy#idleConnectionsToMeasure}): the result records the count used.
     */
    private int idleConnections(Contender c) {
        int n = plan.idleConnections();
        if (c instanceof Contender.JavaStrategy strategy) {
            int cap = strategy.idleConnectionsToMeasure(n);
            if (cap < n) {
                note(c.name() + ": " + cap + " idle connections instead of " + n
                        + " (each holds a process of its own: more would measure the machine, not the strategy)");
                return cap;
            }
        }
        return n;
    }

    /** What the container says went wrong (its memory limit), in parentheses, or nothing. */
    private static String trouble(ServerUnderTest server) {
        return server.trouble().map(t -> " (" + t + ")").orElse("");
    }

    private static FileIo modeOrDefault(FileIo mode) {
        return mode == null ? FileIo.SENDFILE : mode;
    }

    /**
     * Warms a fresh server until its throughput holds steady ({@link SteadyState}, at most the plan's warm-up for
     * each load): the smallest file kept alive, then closed after each response (the accept path has its own hot
     * code), then half a second of the largest file.
     */
    private void warmUp(ServerUnderTest server, Contender c) throws IOException, InterruptedException {
        Duration cap = plan.serverWarmup();
        if (cap.isZero()) {
            return;
        }
        int n = Math.min(WARM_UP_CONNECTIONS, plan.maxConnections());
        String small = smallestFile();
        for (boolean keepAlive : List.of(true, false)) {
            var steady = new SteadyState(cap, server.control().orElse(null));
            var profile = LoadProfile.closedLoop(Target.parse(server.url(small)), n, Duration.ofMillis(1))
                    .withWarmup(WindowListener.WARMUP_STEP)
                    .withKeepAlive(keepAlive)
                    .withTimeout(plan.timeout())
                    .withThreads(loadThreads(n));
            LoadGenerator.run(profile, steady);
            WarmUp w = steady.result(c.name(), 1, new Cell(n, small, plan.fileSize(small), keepAlive, null).label());
            warmUps.add(w);
            progress.note(c.name() + ": " + w.load() + ": "
                    + (w.steady()
                            ? String.format(Locale.ROOT, "steady after %.2f s", w.steadyAfterSeconds())
                            : String.format(Locale.ROOT, "not steady after %.2f s (the cap)", w.seconds()))
                    + String.format(Locale.ROOT, ", %.0f requests/s", w.finalRequestsPerSecond()));
        }
        runLoad(server, largestFile(), n, true, LARGE_FILE_WARM_UP);
        server.settle();
    }

    /** The connections of the warm-up: enough to keep a server busy, few enough for any strategy's pool. */
    static final int WARM_UP_CONNECTIONS = 50;

    /** The warm-up with the largest file: its path is mostly the kernel's (sendfile), and it is slow to step. */
    static final Duration LARGE_FILE_WARM_UP = Duration.ofMillis(500);

    private void runLoad(ServerUnderTest server, String file, int connections, boolean keepAlive, Duration d)
            throws InterruptedException {
        var profile = LoadProfile.closedLoop(Target.parse(server.url(file)), connections, d)
                .withKeepAlive(keepAlive)
                .withTimeout(plan.timeout())
                .withThreads(loadThreads(connections));
        LoadGenerator.run(profile);
    }

    private int loadThreads(int connections) {
        int cpus = plan.loadCpus().isEmpty()
                ? Runtime.getRuntime().availableProcessors()
                : plan.loadCpus().size();
        return Math.max(1, Math.min(connections, cpus));
    }

    private String smallestFile() throws IOException {
        String best = plan.files().getFirst();
        for (String f : plan.files()) {
            if (plan.fileSize(f) < plan.fileSize(best)) {
                best = f;
            }
        }
        return best;
    }

    private String largestFile() throws IOException {
        String best = plan.files().getFirst();
        for (String f : plan.files()) {
            if (plan.fileSize(f) > plan.fileSize(best)) {
                best = f;
            }
        }
        return best;
    }

    /**
     * One window: load with a discarded ramp (extended until the throughput holds steady when {@code steady} is
     * given), the server read before and after, /proc at both ends.
     */
    private Trial measure(ServerUnderTest server, Contender c, int rep, Cell cell, Duration ramp, SteadyState steady)
            throws InterruptedException {
        if (!server.alive()) {
            return Trial.failed(c.name(), c.kind(), rep, cell, "the server is no longer running" + trouble(server));
        }
        var profile = LoadProfile.closedLoop(Target.parse(server.url(cell.file())), cell.connections(), plan.duration())
                .withWarmup(ramp)
                .withKeepAlive(cell.keepAlive())
                .withTimeout(plan.timeout())
                .withThreads(loadThreads(cell.connections()));
        var window = new Window(
                server, steady, new Ramp(cell.connections(), steady == null ? Ramp.CAP : plan.serverWarmup()));
        LoadResult result;
        try {
            result = LoadGenerator.run(profile, window);
        } catch (UncheckedIOException | IllegalStateException e) {
            String cause = e.getCause() == null ? "" : ": " + e.getCause().getMessage();
            return Trial.failed(
                    c.name(), c.kind(), rep, cell, "measuring failed: " + e.getMessage() + cause + trouble(server));
        }
        Trial trial;
        try {
            trial = new Trial(
                    c.name(), c.kind(), rep, cell, null, Trial.Client.of(result), window.server(result), window.tree());
        } catch (IOException e) {
            return Trial.failed(c.name(), c.kind(), rep, cell, "reading the server failed: " + e.getMessage());
        }
        try {
            server.settle();
        } catch (IOException e) {
            // the next window will find out whether the server is still there
        }
        return trial;
    }

    /** Reads the server and its process tree at the window's boundaries. */
    private static final class Window implements WindowListener {
        private final ServerUnderTest server;
        private final SteadyState steady;
        private final Ramp ramp;
        private ServerStats before;
        private ServerStats after;
        private ProcessTree treeBefore;
        private ProcessTree treeAfter;

        Window(ServerUnderTest server, SteadyState steady, Ramp ramp) {
            this.server = server;
            this.steady = steady;
            this.ramp = ramp;
        }

        @Override
        public boolean keepWarming(long answered, int connectionsAnswered) {
            boolean warming = steady != null && steady.keepWarming(answered, connectionsAnswered);
            boolean ramping = ramp.keepGoing(connectionsAnswered);
            return warming || ramping;
        }

        @Override
        public void windowOpening() {
            try {
                treeBefore = server.tree(true);
                if (server.control().isPresent()) {
                    before = server.control().get().stats(); // last: the window opens right after it
                }
            } catch (IOException e) {
                throw new UncheckedIOException("reading the server before the window", e);
            }
        }

        @Override
        public void windowClosed() {
            try {
                if (server.control().isPresent()) {
                    after = server.control().get().stats(); // first: the window has just closed
                }
                treeAfter = server.tree(true);
            } catch (IOException e) {
                throw new UncheckedIOException("reading the server after the window", e);
            }
        }

        Trial.Server server(LoadResult client) throws IOException {
            if (treeBefore == null || treeAfter == null) {
                throw new IOException("the window was not read");
            }
            if (before != null && after != null) {
                var u = after.usage().minus(before.usage());
                return new Trial.Server(
                        "getrusage",
                        after.requests() - before.requests(),
                        u.voluntarySwitches(),
                        u.involuntarySwitches(),
                        u.userMicros(),
                        u.systemMicros(),
                        after.liveThreads());
            }
            long cpu = treeAfter.cpuMicros() - treeBefore.cpuMicros();
            return new Trial.Server(
                    "/proc",
                    client.requests(),
                    treeAfter.liveVoluntarySwitches() - treeBefore.liveVoluntarySwitches(),
                    treeAfter.liveInvoluntarySwitches() - treeBefore.liveInvoluntarySwitches(),
                    cpu,
                    0,
                    -1);
        }

        Trial.Tree tree() {
            return new Trial.Tree(
                    treeAfter.rssBytes(),
                    treeAfter.pssBytes(),
                    treeAfter.processes(),
                    treeAfter.threads(),
                    treeAfter.liveContextSwitches() - treeBefore.liveContextSwitches(),
                    treeAfter.cpuMicros() - treeBefore.cpuMicros());
        }
    }

    private void stop(ServerUnderTest server, Contender c, int rep, List<Trial> windows, PerfAccount account)
            throws InterruptedException {
        PerfAccount.Snapshot last = null;
        if (account != null && server.alive()) {
            try {
                last = account.close(server);
            } catch (IOException e) {
                note("perf cross-check of " + c.name() + (rep == 0 ? "" : " #" + rep) + " skipped: " + e.getMessage());
            }
        }
        Optional<PerfStat.Counts> counts = server.stop();
        if (server.perf().isPresent() && counts.isEmpty() && !windows.isEmpty()) {
            note("perf wrote no counts for " + c.name() + (rep == 0 ? "" : " #" + rep) + " (logs in " + server.dir()
                    + ")");
        }
        if (counts.isPresent() && last != null) {
            perfChecks.add(account.check(c.name(), rep, windows.size(), counts.get(), last));
        }
    }
}
