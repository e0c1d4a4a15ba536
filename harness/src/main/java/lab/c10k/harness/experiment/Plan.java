package lab.c10k.harness.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import lab.c10k.files.FileIo;

/**
 * What an experiment measures and how: the contenders, the matrix (connections x files x keep-alive x file-io),
 * the timing of each window, the repetitions, the pinning.
 *
 * @param profile the profile name it came from ({@code quick}, {@code full}), for the report
 * @param contenders the servers, in order
 * @param connections the connection counts
 * @param files the files, by name in the root
 * @param keepAlive keep-alive on, off, or both
 * @param fileIo the file-io modes of the Java strategies (references have their own)
 * @param serverWarmup load offered to a fresh server before its first window, discarded (JIT, pools)
 * @param ramp load offered at the start of each cell before its window, discarded (the connections open)
 * @param duration each measured window
 * @param repetitions how many times each cell is measured, each time on another fresh server
 * @param freshServerPerTrial a fresh server for every window (true), or one per contender, repetition and
 *     file-io mode whose cells are measured one after the other (false: faster, and what the quick profile does)
 * @param idleConnections the idle connections of the memory measurement, 0 for none
 * @param timeout the request timeout of the load generator
 * @param root the document root
 * @param serverCpus the CPUs the servers are pinned to, empty for none
 * @param loadCpus the CPUs the load generator (this JVM) is pinned to, empty for none
 * @param perf whether to run each server under perf stat
 * @param containers how the Java strategies run when each has a container of its own ({@code --docker}), or null
 *     when they run as processes of this machine
 * @param provenance the command line and the source revision that reproduce this run
 * @param maxRoundBytes the most bytes one round of responses may carry (connections x file size): heavier cells
 *     are left out, as their latency is as long as a short window and no window of them is true; 0 for no limit
 */
public record Plan(
        String profile,
        List<Contender> contenders,
        List<Integer> connections,
        List<String> files,
        List<Boolean> keepAlive,
        List<FileIo> fileIo,
        Duration serverWarmup,
        Duration ramp,
        Duration duration,
        int repetitions,
        boolean freshServerPerTrial,
        int idleConnections,
        Duration timeout,
        Path root,
        List<Integer> serverCpus,
        List<Integer> loadCpus,
        boolean perf,
        ContainerSettings containers,
        Provenance provenance,
        long maxRoundBytes) {

    /** Seconds a server takes to start and stop, for the estimate. */
    static final double SERVER_OVERHEAD_SECONDS = 1.2;

    /** Seconds between two windows on one server: waiting for the last one's connections to close. */
    static final double SETTLE_SECONDS = 0.25;

    /**
     * Seconds a load takes to hold steady on a fresh JVM, as measured on the machine this was written on (3.8 to 10
     * s, 6.2 on average, in a quick run of the four strategies, the compiler's work included; two windows of a
     * second at the least): the estimate's guess.
     */
    static final double TYPICAL_STEADY_SECONDS = 6.5;

    /** The sizes of the default files when the root does not hold them yet: what the estimate assumes. */
    static final java.util.Map<String, Long> DEFAULT_FILE_SIZES = java.util.Map.of("2k.bin", 2048L, "2m.bin", 2L << 20);

    public Plan {
        Objects.requireNonNull(profile);
        contenders = List.copyOf(contenders);
        connections = List.copyOf(connections);
        files = List.copyOf(files);
        keepAlive = List.copyOf(keepAlive);
        fileIo = List.copyOf(fileIo);
        Objects.requireNonNull(serverWarmup);
        Objects.requireNonNull(ramp);
        Objects.requireNonNull(duration);
        Objects.requireNonNull(timeout);
        Objects.requireNonNull(root);
        serverCpus = List.copyOf(serverCpus);
        loadCpus = List.copyOf(loadCpus);
        if (connections.isEmpty() || files.isEmpty() || keepAlive.isEmpty() || fileIo.isEmpty()) {
            throw new IllegalArgumentException("the matrix has an empty axis");
        }
        if (repetitions < 1) {
            throw new IllegalArgumentException("repetitions must be at least 1");
        }
        if (connections.stream().anyMatch(c -> c < 1)) {
            throw new IllegalArgumentException("connection counts must be at least 1");
        }
        if (idleConnections < 0) {
            throw new IllegalArgumentException("idle connections must not be negative");
        }
        if (maxRoundBytes < 0) {
            throw new IllegalArgumentException("the most bytes of a round must not be negative");
        }
    }

    /** The most connections open at once: the servers are configured for it. */
    public int maxConnections() {
        return Math.max(
                idleConnections,
                connections.stream().mapToInt(Integer::intValue).max().orElse(1));
    }

    /**
     * The cells of one contender, in the order they are measured: by file-io mode (one server each when servers
     * are shared), then file, keep-alive (on first), connections ascending.
     *
     * @throws IOException when a file is missing from the root
     */
    public List<Cell> cells(Contender contender) throws IOException {
        var cells = new ArrayList<Cell>();
        List<FileIo> modes =
                contender instanceof Contender.ReferenceServer ? java.util.Collections.singletonList(null) : fileIo;
        for (FileIo mode : modes) {
            for (String file : files) {
                long size = fileSize(file);
                for (boolean k : keepAlive) {
                    for (int c : connections.stream().sorted().toList()) {
                        if (keeps(c, size)) {
                            cells.add(new Cell(c, file, size, k, mode));
                        }
                    }
                }
            }
        }
        return cells;
    }

    /** Whether a cell of {@code connections} and a file of {@code size} bytes is measured. */
    private boolean keeps(int connections, long size) {
        return maxRoundBytes == 0 || (long) connections * size <= maxRoundBytes;
    }

    /**
     * The order of {@code cells} in repetition {@code rep}: as planned, then reversed, then from the middle, and so
     * on, so that no cell always comes last, on the warmest server, or first, on the coldest.
     */
    static List<Cell> inOrderOf(List<Cell> cells, int rep) {
        var order = new ArrayList<>(cells);
        java.util.Collections.rotate(order, -(((rep - 1) / 2) * cells.size() / 2) % Math.max(1, cells.size()));
        if (rep % 2 == 0) {
            java.util.Collections.reverse(order);
        }
        return order;
    }

    /** The sentence on the cells left out as too heavy for the windows, if any. */
    public java.util.Optional<String> leftOut() {
        var out = new ArrayList<String>();
        for (String file : files) {
            long size = nominalSize(file);
            for (int c : connections) {
                if (size >= 0 && !keeps(c, size)) {
                    out.add(new Cell(c, file, size, true, null).size() + " at " + c + " connections");
                }
            }
        }
        if (out.isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(String.join(", ", out) + " left out: one round of responses is "
                + lab.c10k.harness.report.Units.bytes((double) maxRoundBytes) + " or more, its latency about as long"
                + " as a window of " + duration.toMillis() + " ms, so no window of it would be true; --profile full"
                + " measures it, or give a longer --duration");
    }

    /** The size of a file of the root, or of a default file the root does not hold yet, or -1. */
    private long nominalSize(String file) {
        try {
            return fileSize(file);
        } catch (IOException e) {
            return DEFAULT_FILE_SIZES.getOrDefault(file, -1L);
        }
    }

    /** The cells of one contender without reading the root (the estimate): files of unknown size are kept. */
    private int cellCount(Contender c) {
        int modes = c instanceof Contender.ReferenceServer ? 1 : fileIo.size();
        int n = 0;
        for (String file : files) {
            long size = nominalSize(file);
            for (int conns : connections) {
                if (size < 0 || keeps(conns, size)) {
                    n++;
                }
            }
        }
        return modes * keepAlive.size() * n;
    }

    /** The estimated seconds of warming up one shared server: two loads until steady, then the large file. */
    double warmSeconds() {
        if (serverWarmup.isZero()) {
            return 0;
        }
        double steady = Math.min(serverWarmup.toMillis() / 1e3, TYPICAL_STEADY_SECONDS);
        return 2 * steady + Experiment.LARGE_FILE_WARM_UP.toMillis() / 1e3 + SETTLE_SECONDS;
    }

    /** The size of a file of the root. */
    public long fileSize(String file) throws IOException {
        Path p = root.resolve(file).normalize();
        if (!p.startsWith(root.normalize()) || !Files.isRegularFile(p)) {
            throw new IOException("no file '" + file + "' in " + root);
        }
        return Files.size(p);
    }

    /** How long the whole experiment should take, seconds, without the contenders that are unavailable. */
    public double estimatedSeconds() {
        double total = 0;
        for (Contender c : contenders) {
            if (c.unavailable().isPresent()) {
                continue;
            }
            int modes = c instanceof Contender.ReferenceServer ? 1 : fileIo.size();
            int cells = cellCount(c);
            double perCell = ramp.toMillis() / 1e3 + duration.toMillis() / 1e3 + SETTLE_SECONDS;
            if (freshServerPerTrial) {
                double steady = Math.min(serverWarmup.toMillis() / 1e3, TYPICAL_STEADY_SECONDS);
                total += repetitions * cells * (perCell + steady + SERVER_OVERHEAD_SECONDS);
            } else {
                total += modes * (warmSeconds() + SERVER_OVERHEAD_SECONDS) + repetitions * cells * perCell;
            }
            total += idleSeconds();
        }
        return total;
    }

    /**
     * The estimated seconds of one idle measurement, on a fresh server warmed up for two seconds, with two
     * readings that each wait for a settled JVM.
     */
    double idleSeconds() {
        return idleConnections == 0
                ? 0
                : SERVER_OVERHEAD_SECONDS
                        + 4.5 // waiting for a quiet server, opening and closing: 21 s each in a quick run, all told
                        + 2 * IdleProbe.WARM_UP_HALF.toMillis() / 1e3
                        + 2 * (IdleProbe.JIT_ARENAS.toMillis() / 1e3 + 0.3)
                        + idleConnections / 2000.0;
    }

    /** The measured windows of the available contenders: what a longer {@link #duration} costs per second. */
    long windows() {
        long n = 0;
        for (Contender c : contenders) {
            if (c.unavailable().isEmpty()) {
                n += (long) repetitions * cellCount(c);
            }
        }
        return n;
    }

    /** The same plan with windows of {@code d}. */
    public Plan withDuration(Duration d) {
        return new Plan(
                profile,
                contenders,
                connections,
                files,
                keepAlive,
                fileIo,
                serverWarmup,
                ramp,
                d,
                repetitions,
                freshServerPerTrial,
                idleConnections,
                timeout,
                root,
                serverCpus,
                loadCpus,
                perf,
                containers,
                provenance,
                maxRoundBytes);
    }

    /** The same plan with its Java servers in containers started so. */
    public Plan withContainers(ContainerSettings settings) {
        return new Plan(
                profile,
                contenders,
                connections,
                files,
                keepAlive,
                fileIo,
                serverWarmup,
                ramp,
                duration,
                repetitions,
                freshServerPerTrial,
                idleConnections,
                timeout,
                root,
                serverCpus,
                loadCpus,
                perf,
                settings,
                provenance,
                maxRoundBytes);
    }

    /**
     * The same plan with the longest window, between {@code min} and {@code max}, that keeps the estimate within
     * {@code budgetSeconds}: more contenders, shorter windows.
     */
    public Plan fitTo(double budgetSeconds, Duration min, Duration max) {
        double fixed = withDuration(Duration.ZERO).estimatedSeconds();
        long n = windows();
        double seconds = n == 0 ? max.toMillis() / 1e3 : (budgetSeconds - fixed) / n;
        long millis = Math.round(seconds * 1000);
        millis = Math.max(min.toMillis(), Math.min(max.toMillis(), millis));
        return withDuration(Duration.ofMillis(millis - millis % 50));
    }

    /** The contenders and the matrix in one line, for a person about to wait for them. */
    public String matrixDescription() {
        var names = contenders.stream().map(Contender::name).toList();
        return String.join(", ", names) + "; connections " + connections + ", files " + files + ", keep-alive "
                + keepAlive.stream().map(k -> k ? "on" : "off").toList() + ", " + repetitions + " repetitions";
    }

    /** One line on the pinning, for the report. */
    public String pinningDescription() {
        if (serverCpus.isEmpty() && loadCpus.isEmpty()) {
            return "not pinned: server and load generator share every CPU"
                    + (containers == null ? "" : " (Java servers in containers without a cpuset)");
        }
        String how =
                containers == null ? "taskset" : "Java servers in containers with --cpuset-cpus, references taskset";
        return "server on CPU " + join(serverCpus) + " (" + how + "; Java servers with -XX:ActiveProcessorCount="
                + serverCpus.size() + "), load generator on CPU " + join(loadCpus)
                + " (every thread of the harness JVM, sched_setaffinity)";
    }

    private static String join(List<Integer> cpus) {
        return cpus.isEmpty()
                ? "any"
                : String.join(",", cpus.stream().map(String::valueOf).toList());
    }
    /** A plan of {@code profile}: every value the builder is not given is the profile's, or the default. */
    public static Builder builder(Profile profile) {
        return new Builder(profile);
    }

    /**
     * Builds a {@link Plan}; a setter given null keeps the profile's value, or the default, so that a command passes
     * its flags as they came. Without a window duration, the profile fits the windows to its budget ({@link
     * Profile#fit}).
     */
    public static final class Builder {
        private final Profile profile;
        private List<Contender> contenders = List.of();
        private List<Integer> connections;
        private List<String> files = List.of("2k.bin", "2m.bin");
        private List<Boolean> keepAlive = List.of(true, false);
        private List<FileIo> fileIo = List.of(FileIo.SENDFILE);
        private Duration serverWarmup;
        private Duration ramp;
        private Duration duration;
        private int repetitions = 3;
        private Boolean freshServerPerTrial;
        private Integer idleConnections;
        private Duration timeout = Duration.ofSeconds(15);
        private Path root;
        private CpuSplit cpus = CpuSplit.NONE;
        private Provenance provenance = Provenance.UNKNOWN;
        private boolean perf;

        private Builder(Profile profile) {
            this.profile = Objects.requireNonNull(profile);
        }

        public Builder contenders(List<Contender> c) {
            contenders = c;
            return this;
        }

        public Builder connections(List<Integer> c) {
            connections = c;
            return this;
        }

        public Builder files(List<String> f) {
            files = f != null ? f : files;
            return this;
        }

        /** Keep-alive on, off or both; a value given twice counts once. */
        public Builder keepAlive(List<Boolean> k) {
            keepAlive = k != null ? List.copyOf(new LinkedHashSet<>(k)) : keepAlive;
            return this;
        }

        /** The file-io modes; one given twice counts once. */
        public Builder fileIo(List<FileIo> modes) {
            fileIo = modes != null ? List.copyOf(new LinkedHashSet<>(modes)) : fileIo;
            return this;
        }

        public Builder serverWarmup(Duration d) {
            serverWarmup = d;
            return this;
        }

        public Builder ramp(Duration d) {
            ramp = d;
            return this;
        }

        public Builder duration(Duration d) {
            duration = d;
            return this;
        }

        public Builder repetitions(Integer n) {
            repetitions = n != null ? n : repetitions;
            return this;
        }

        public Builder freshServerPerTrial(Boolean fresh) {
            freshServerPerTrial = fresh;
            return this;
        }

        public Builder idleConnections(Integer n) {
            idleConnections = n;
            return this;
        }

        public Builder timeout(Duration t) {
            timeout = t != null ? t : timeout;
            return this;
        }

        public Builder root(Path r) {
            root = r;
            return this;
        }

        public Builder cpus(CpuSplit split) {
            cpus = split;
            return this;
        }

        public Builder perf(boolean p) {
            perf = p;
            return this;
        }

        public Builder provenance(Provenance p) {
            provenance = p;
            return this;
        }

        /**
         * The plan.
         *
         * @throws IllegalArgumentException when an axis of the matrix is empty or a count is out of range
         */
        public Plan build() {
            Plan plan = new Plan(
                    profile.key(),
                    contenders,
                    connections != null ? connections : profile.connections(),
                    files,
                    keepAlive,
                    fileIo,
                    serverWarmup != null ? serverWarmup : profile.warmup(),
                    ramp != null ? ramp : profile.ramp(),
                    duration != null ? duration : profile.duration(),
                    repetitions,
                    freshServerPerTrial != null ? freshServerPerTrial : profile.freshServerPerTrial(),
                    idleConnections != null ? idleConnections : profile.idleConnections(),
                    timeout,
                    root,
                    cpus.server(),
                    cpus.load(),
                    perf,
                    null,
                    provenance,
                    duration != null ? 0 : profile.maxRoundBytes());
            return duration != null ? plan : profile.fit(plan);
        }
    }
}
