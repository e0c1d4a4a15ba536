package lab.c10k.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import lab.c10k.files.FileIo;
import lab.c10k.harness.docker.C10kImage;
import lab.c10k.harness.docker.DockerServers;
import lab.c10k.harness.docker.NoEngineException;
import lab.c10k.harness.experiment.Contender;
import lab.c10k.harness.experiment.Experiment;
import lab.c10k.harness.experiment.ExperimentResult;
import lab.c10k.harness.experiment.Plan;
import lab.c10k.harness.experiment.Reference;
import lab.c10k.harness.metrics.Affinity;
import lab.c10k.harness.report.HtmlReport;
import lab.c10k.harness.report.ResultsCsv;
import lab.c10k.harness.report.ResultsJson;
import lab.c10k.harness.report.ResultsTable;
import lab.c10k.server.spi.Strategy;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code c10k compare}: every installed strategy under the same load, side by side, with a report. */
@Command(
        name = "compare",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
            "Measure every installed strategy (and, with --reference, nginx and Apache) under the same load and print"
                    + " one table: requests/s, p50 and p99 latency, context switches and CPU time per request, RSS."
                    + " Each server runs in processes of its own, pinned to its own CPU; the load generator runs"
                    + " in this JVM on the other CPU. Results go to results/<timestamp>/: results.json,"
                    + " results.csv (one row per measured window) and report.html (charts, offline).",
            "",
            "Profiles:",
            "  quick (default)  connections 10,100,1000; files 2k.bin,2m.bin; keep-alive on,off; 3 repetitions;"
                    + " 2,000 idle connections; about 2 minutes whatever the number of strategies. The trade-off"
                    + " that makes it quick: one fresh server per strategy and repetition, warmed up for 1 s, then"
                    + " its 12 cells measured one after the other, each a 0.15 s ramp and a window of 0.75 s, or"
                    + " less (down to 0.25 s) when more strategies must share the time; so a cell can inherit state"
                    + " (pools, JIT, a grown heap) from the cells before it, and windows this short show the shape,"
                    + " not the tails.",
            "  full             connections 1,10,100,1000,10000; 10 s windows after a 2 s ramp; a fresh server"
                    + " warmed up for 5 s for every single window; 10,000 idle connections. Tens of minutes.",
            "Flags given with a profile override its values.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  c10k compare",
            "  c10k compare --reference nginx,apache-worker",
            "  c10k compare --profile full --strategies thread,virtual",
            "  c10k compare --connections 1,10,100 --files 2k.bin --keep-alive on --duration 5s --repetitions 5",
            "  c10k compare --docker --docker-memory 1g",
            "",
            "Context switches per request come from each Java server's own getrusage (every thread it ever ran,"
                    + " exited ones included) read through its control port before and after each window; with"
                    + " root and perf installed, perf stat started before the server forks anything cross-checks"
                    + " them. Reference servers are measured from /proc.%n"
        })
final class CompareCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--profile",
            paramLabel = "NAME",
            defaultValue = "quick",
            description = "quick or full (default: ${DEFAULT-VALUE}).")
    String profile;

    @Option(
            names = "--strategies",
            paramLabel = "NAME",
            split = ",",
            converter = Converters.StrategyConverter.class,
            description = "Strategies to measure (default: every installed one: ${COMPLETION-CANDIDATES}).",
            completionCandidates = Converters.StrategyNames.class)
    List<Strategy> strategies;

    @Option(
            names = "--reference",
            paramLabel = "NAME",
            split = ",",
            description = "Reference servers beside them: nginx, apache-prefork, apache-worker, apache-event, or all"
                    + " (default: none). One that is not installed is skipped with a note.")
    List<String> references;

    @Option(
            names = "--connections",
            paramLabel = "N",
            split = ",",
            description = "Connection counts (quick: 10,100,1000; full: 1,10,100,1000,10000).")
    List<Integer> connections;

    @Option(
            names = "--files",
            paramLabel = "FILE",
            split = ",",
            description = "Files of the root to request (default: 2k.bin,2m.bin).")
    List<String> files;

    @Option(
            names = "--keep-alive",
            paramLabel = "on|off",
            arity = "1",
            split = ",",
            converter = OnOffConverter.class,
            description = "on, off, or on,off (default: on,off).")
    List<Boolean> keepAlive;

    @Option(
            names = "--file-io",
            paramLabel = "MODE",
            split = ",",
            converter = Converters.FileIoConverter.class,
            description = "File-io modes of the Java strategies, each a cell of its own: read, mmap, sendfile"
                    + " (default: sendfile).")
    List<FileIo> fileIo;

    @Option(
            names = "--duration",
            paramLabel = "DURATION",
            converter = Converters.DurationConverter.class,
            description = "Each measured window (quick: 750ms, shorter with more strategies; full: 10s).")
    Duration duration;

    @Option(
            names = "--ramp",
            paramLabel = "DURATION",
            converter = Converters.OptionalDurationConverter.class,
            description = "Load before each window, discarded: the connections open (quick: 150ms; full: 2s).")
    Duration ramp;

    @Option(
            names = "--warmup",
            paramLabel = "DURATION",
            converter = Converters.OptionalDurationConverter.class,
            description = "Load offered to each fresh server before its first window, discarded: the JIT warms"
                    + " (quick: 1s; full: 5s).")
    Duration warmup;

    @Option(
            names = "--repetitions",
            paramLabel = "N",
            description =
                    "Measurements of each cell, each on a fresh server; the table shows the median (default:" + " 3).")
    Integer repetitions;

    @Option(
            names = "--fresh-server",
            paramLabel = "WHEN",
            description = "trial: a fresh server for every window; repetition: one per strategy and repetition"
                    + " (quick: repetition; full: trial).")
    String freshServer;

    @Option(
            names = "--idle-connections",
            paramLabel = "N",
            description = "Idle keep-alive connections for the memory-per-connection figure, measured on a fresh"
                    + " server, 0 to skip (quick: 2000; full: 10000).")
    Integer idleConnections;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "15s",
            converter = Converters.DurationConverter.class,
            description =
                    "A request without a response after this long is a timeout error (default:" + " ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(
            names = "--root",
            paramLabel = "DIR",
            description = "The document root (default: the built-in sample root).")
    Path root;

    @Option(
            names = "--server-cpus",
            paramLabel = "CPU",
            split = ",",
            description = "CPUs for the servers (default with 2 or more CPUs: the upper half, CPU 1 of 2).")
    List<Integer> serverCpus;

    @Option(
            names = "--load-cpus",
            paramLabel = "CPU",
            split = ",",
            description = "CPUs for the load generator (default with 2 or more CPUs: the lower half, CPU 0 of 2).")
    List<Integer> loadCpus;

    @Option(names = "--no-pin", description = "Do not pin: server and load generator share every CPU.")
    boolean noPin;

    @Option(
            names = "--perf",
            description = "Cross-check the servers' own context-switch and CPU figures with perf stat (root, perf"
                    + " installed). Off by default: a server under perf stat pays for the counters at every context"
                    + " switch (the thread strategy served 9-17%% fewer requests/s with keep-alive here).")
    boolean perf;

    @Option(
            names = "--output",
            paramLabel = "DIR",
            defaultValue = "results",
            description = "Where the results/<timestamp>/ folders go (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--no-progress", description = "No progress bar, even on a terminal.")
    boolean noProgress;

    @Option(
            names = "--docker",
            description = "Run each Java server in a container of its own, started with Testcontainers: host"
                    + " network, --cpuset-cpus the server CPUs, --memory, --init; same matrix, same report. The image"
                    + " is built from this jar on first use (on the offline base image when no registry answers)."
                    + " Reference servers stay native.")
    boolean docker;

    @Option(
            names = "--docker-memory",
            paramLabel = "SIZE",
            converter = Converters.SizeConverter.class,
            description = "With --docker: the memory limit of each container, e.g. 512m or 2g (default: 2g).")
    Long dockerMemory;

    @Option(
            names = "--docker-image",
            paramLabel = "IMAGE",
            description = "With --docker: run this image as it is instead of building "
                    + C10kImage.REPOSITORY
                    + " from this jar.")
    String dockerImage;

    /** The memory limit of a server container unless --docker-memory says otherwise. */
    static final long DOCKER_MEMORY = 2L << 30;

    private static final long DOCKER_MEMORY_MIN = 128L << 20;

    /** The values of a profile, before flags override them. */
    private record Profile(
            List<Integer> connections,
            Duration warmup,
            Duration ramp,
            Duration duration,
            boolean freshServerPerTrial,
            int idleConnections) {}

    private static final Profile QUICK = new Profile(
            List.of(10, 100, 1000), Duration.ofSeconds(1), Duration.ofMillis(150), Duration.ofMillis(750), false, 2000);

    /**
     * The quick profile's estimate, seconds: with the build of a fresh clone, {@code ./c10k compare} stays within
     * four minutes (of which some 45 s go to letting each JVM settle before the idle-memory readings, {@link
     * lab.c10k.harness.experiment.IdleProbe}). More strategies get shorter windows, down to {@link #QUICK_MIN_WINDOW}.
     */
    static final double QUICK_BUDGET_SECONDS = 180;

    static final Duration QUICK_MIN_WINDOW = Duration.ofMillis(250);

    private static final Profile FULL = new Profile(
            List.of(1, 10, 100, 1000, 10000),
            Duration.ofSeconds(5),
            Duration.ofSeconds(2),
            Duration.ofSeconds(10),
            true,
            10000);

    @Override
    public Integer call() throws Exception {
        Plan plan = plan();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DockerServers containers = null;
        if (docker) {
            try {
                containers = DockerServers.prepare(
                        plan.serverCpus(),
                        dockerMemory != null ? dockerMemory : DOCKER_MEMORY,
                        Optional.ofNullable(dockerImage),
                        C10kImage.runningJar(),
                        err);
            } catch (NoEngineException e) {
                err.println("c10k compare: --docker cannot run: " + e.getMessage()
                        + "; or leave out --docker to run the servers natively");
                err.flush();
                return spec.exitCodeOnInvalidInput();
            }
            plan = plan.withContainers(containers.settings());
        }
        Path dir = resultsDir();
        err.printf(
                Locale.ROOT,
                "c10k compare: %s profile, %s; windows of %d ms; about %s (estimate)%n",
                plan.profile(),
                describe(plan),
                plan.duration().toMillis(),
                minutes(plan.estimatedSeconds()));
        err.printf("c10k: %s%n", plan.pinningDescription());
        if (plan.containers() != null) {
            err.printf(
                    "c10k: Java servers in containers: %s%n", plan.containers().description());
        }
        err.flush();
        var progress = new TerminalProgress(
                err, !noProgress && System.console() != null && System.console().isTerminal());
        ExperimentResult result = new Experiment(plan, dir.resolve("servers"), progress, containers).run();
        Files.writeString(dir.resolve("results.json"), ResultsJson.write(result), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("results.csv"), ResultsCsv.write(result), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("report.html"), HtmlReport.write(result), StandardCharsets.UTF_8);
        out.println();
        out.print(ResultsTable.text(result));
        out.println();
        out.printf(
                Locale.ROOT,
                "c10k: wrote %s/{results.json,results.csv,report.html} in %s%n",
                dir,
                minutes(result.seconds()));
        out.flush();
        long measured = result.trials().stream().filter(t -> t.ok()).count();
        return measured > 0 ? 0 : 1;
    }

    private Plan plan() {
        if (!docker && (dockerMemory != null || dockerImage != null)) {
            throw new ParameterException(
                    spec.commandLine(),
                    (dockerMemory != null ? "--docker-memory" : "--docker-image") + " applies only with --docker");
        }
        if (dockerMemory != null && dockerMemory < DOCKER_MEMORY_MIN) {
            throw new ParameterException(
                    spec.commandLine(),
                    "Invalid value for option '--docker-memory': " + dockerMemory
                            + " bytes is less than 128m, too little" + " for a server JVM");
        }
        Profile p = switch (profile.toLowerCase(Locale.ROOT)) {
            case "quick" -> QUICK;
            case "full" -> FULL;
            default ->
                throw new ParameterException(
                        spec.commandLine(),
                        "Invalid value for option '--profile': '" + profile + "' is not a profile; use quick or full");
        };
        var contenders = new ArrayList<Contender>();
        if (strategies == null) {
            contenders.addAll(Contender.installedStrategies());
        } else {
            new LinkedHashSet<>(strategies)
                    .forEach(s -> contenders.add(new Contender.JavaStrategy(s.name(), s.summary())));
        }
        if (references != null) {
            var refs = new LinkedHashSet<Reference>();
            for (String name : references) {
                if (name.trim().equalsIgnoreCase("all")) {
                    refs.addAll(List.of(Reference.values()));
                } else {
                    refs.add(Reference.byKey(name)
                            .orElseThrow(() -> new ParameterException(
                                    spec.commandLine(),
                                    "Invalid value for option '--reference': '" + name + "' is not a reference server;"
                                            + " use nginx, apache-prefork, apache-worker, apache-event or all")));
                }
            }
            refs.forEach(r -> contenders.add(new Contender.ReferenceServer(r)));
        }
        if (contenders.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "no strategy is installed and no --reference was given");
        }
        List<Integer> conns = connections != null ? connections : p.connections();
        for (int c : conns) {
            if (c < 1 || c > 100_000) {
                throw new ParameterException(
                        spec.commandLine(), "Invalid value for option '--connections': " + c + " is not 1..100000");
            }
        }
        int reps = repetitions != null ? repetitions : 3;
        if (reps < 1 || reps > 100) {
            throw new ParameterException(
                    spec.commandLine(), "Invalid value for option '--repetitions': " + reps + " is not 1..100");
        }
        int idle = idleConnections != null ? idleConnections : p.idleConnections();
        if (idle < 0 || idle > 100_000) {
            throw new ParameterException(
                    spec.commandLine(), "Invalid value for option '--idle-connections': " + idle + " is not 0..100000");
        }
        boolean freshPerTrial = p.freshServerPerTrial();
        if (freshServer != null) {
            freshPerTrial = switch (freshServer.toLowerCase(Locale.ROOT)) {
                case "trial" -> true;
                case "repetition" -> false;
                default ->
                    throw new ParameterException(
                            spec.commandLine(),
                            "Invalid value for option '--fresh-server': '" + freshServer
                                    + "'; use trial or repetition");
            };
        }
        Path docRoot = docRoot();
        List<String> fileNames = files != null ? files : List.of("2k.bin", "2m.bin");
        for (String f : fileNames) {
            Path file = docRoot.resolve(f).normalize();
            if (!file.startsWith(docRoot.normalize()) || !Files.isRegularFile(file)) {
                throw new ParameterException(
                        spec.commandLine(), "Invalid value for option '--files': no file '" + f + "' in " + docRoot);
            }
        }
        List<Integer> server = List.of();
        List<Integer> load = List.of();
        if (!noPin) {
            List<Integer> allowed = Affinity.allowedCpus();
            if (serverCpus != null || loadCpus != null) {
                server = serverCpus != null ? serverCpus : List.of();
                load = loadCpus != null ? loadCpus : List.of();
                for (int cpu : concat(server, load)) {
                    if (!allowed.contains(cpu)) {
                        throw new ParameterException(
                                spec.commandLine(), "CPU " + cpu + " is not one this process may use: " + allowed);
                    }
                }
            } else if (allowed.size() >= 2) {
                load = allowed.subList(0, allowed.size() / 2);
                server = allowed.subList(allowed.size() / 2, allowed.size());
            }
        }
        Plan plan = new Plan(
                profile.toLowerCase(Locale.ROOT),
                contenders,
                conns,
                fileNames,
                keepAlive != null ? List.copyOf(new LinkedHashSet<>(keepAlive)) : List.of(true, false),
                fileIo != null ? List.copyOf(new LinkedHashSet<>(fileIo)) : List.of(FileIo.SENDFILE),
                warmup != null ? warmup : p.warmup(),
                ramp != null ? ramp : p.ramp(),
                duration != null ? duration : p.duration(),
                reps,
                freshPerTrial,
                idle,
                timeout,
                docRoot,
                server,
                load,
                perf);
        if (p == QUICK && duration == null) {
            plan = plan.fitTo(QUICK_BUDGET_SECONDS, QUICK_MIN_WINDOW, p.duration());
        }
        return plan;
    }

    private static List<Integer> concat(List<Integer> a, List<Integer> b) {
        var all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private Path docRoot() {
        if (root != null) {
            if (!Files.isDirectory(root)) {
                throw new ParameterException(
                        spec.commandLine(), "Invalid value for option '--root': " + root + " is not a directory");
            }
            return root.toAbsolutePath();
        }
        try {
            return SampleRoot.ensure();
        } catch (IOException e) {
            throw new ParameterException(
                    spec.commandLine(),
                    "cannot create the built-in sample root (" + e.getMessage() + "); pass --root DIR");
        }
    }

    private Path resultsDir() throws IOException {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path dir = output.resolve(stamp);
        for (int i = 2; Files.exists(dir); i++) {
            dir = output.resolve(stamp + "-" + i);
        }
        Files.createDirectories(dir);
        return dir;
    }

    private static String describe(Plan p) {
        var names = p.contenders().stream().map(Contender::name).toList();
        return String.join(", ", names) + "; connections " + p.connections() + ", files " + p.files()
                + ", keep-alive "
                + p.keepAlive().stream().map(k -> k ? "on" : "off").toList() + ", "
                + p.repetitions() + " repetitions";
    }

    private static String minutes(double seconds) {
        long s = Math.round(seconds);
        return s < 60 ? s + " s" : String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
    }

    /** {@code on} or {@code off}. */
    static final class OnOffConverter implements ITypeConverter<Boolean> {
        @Override
        public Boolean convert(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "on" -> true;
                case "off" -> false;
                default -> throw new TypeConversionException("'" + value + "' is neither on nor off");
            };
        }
    }
}
