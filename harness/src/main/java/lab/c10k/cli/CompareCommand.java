package lab.c10k.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import lab.c10k.files.FileIo;
import lab.c10k.harness.docker.DockerServers;
import lab.c10k.harness.docker.NoEngineException;
import lab.c10k.harness.experiment.Contender;
import lab.c10k.harness.experiment.Experiment;
import lab.c10k.harness.experiment.ExperimentResult;
import lab.c10k.harness.experiment.Plan;
import lab.c10k.harness.experiment.Profile;
import lab.c10k.harness.experiment.Provenance;
import lab.c10k.harness.experiment.Reference;
import lab.c10k.harness.report.ResultsDirectory;
import lab.c10k.harness.report.ResultsTable;
import lab.c10k.harness.report.Units;
import lab.c10k.server.spi.Strategy;
import picocli.CommandLine.Command;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code c10k compare}: every installed strategy under the same load, side by side, with a report. */
@Command(
        name = "compare",
        modelTransformer = CompareCommand.QuickEstimate.class,
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
                    + " 2,000 idle connections; about " + CompareCommand.QUICK_ESTIMATE + " with the installed"
                    + " strategies. Every server is warmed until its throughput holds steady (two successive 1 s"
                    + " windows within 5%%, at most 10 s per load) and the report shows how long that took. The"
                    + " trade-off that makes it quick: one server per strategy for all its cells and repetitions"
                    + " (each repetition in another order), each cell a 0.2 s ramp and a window of up to 1.5 s"
                    + " (down to 0.5 s when more strategies must share the time), and no 2 MiB cell at 1000"
                    + " connections (a round of responses as long as a window). Windows this short show the"
                    + " shape, not the tails.",
            "  full             connections 1,10,100,1000,10000; a fresh server for every single window, warmed with"
                    + " that window's load until steady (at most 30 s), then a 10 s window; 10,000 idle"
                    + " connections. Tens of minutes.",
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
            converter = Converters.ProfileConverter.class,
            description = "quick or full (default: ${DEFAULT-VALUE}).")
    Profile profile;

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
            completionCandidates = Converters.ReferenceNames.class,
            description = "Reference servers beside them: ${COMPLETION-CANDIDATES}, or all (default: none). One that"
                    + " is not installed is skipped with a note.")
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
            converter = Converters.OnOffConverter.class,
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
            description = "Each measured window (quick: up to 1500ms, shorter with more strategies, and without"
                    + " the cells of 2 MiB to 1000 connections; full: 10s).")
    Duration duration;

    @Option(
            names = "--ramp",
            paramLabel = "DURATION",
            converter = Converters.OptionalDurationConverter.class,
            description = "Load before each window, discarded: the connections open (quick: 200ms; full: 2s, then"
                    + " on until the throughput holds steady).")
    Duration ramp;

    @Option(
            names = "--warmup",
            paramLabel = "DURATION",
            converter = Converters.OptionalDurationConverter.class,
            description = "The longest warm-up of a fresh server before its first window, discarded: the load goes"
                    + " on until two successive 1 s windows agree within 5%% or this has passed (quick: 10s per"
                    + " load, 2 KiB kept alive then closed; full: 30s with the window's own load); 0 for none.")
    Duration warmup;

    @Option(
            names = "--repetitions",
            paramLabel = "N",
            description = "Measurements of each cell; the table shows the median (default: 3).")
    Integer repetitions;

    @Option(
            names = "--fresh-server",
            paramLabel = "WHEN",
            converter = Converters.FreshServerConverter.class,
            description = "trial: a fresh server for every window; strategy: one per strategy for all its cells and"
                    + " repetitions, each repetition in another order (quick: strategy; full: trial).")
    Converters.FreshServer freshServer;

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
                    "A request without a response after this long is a timeout error (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Mixin
    RootOption root;

    @Mixin
    PinningOptions.WithLoad pinning;

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

    @Mixin
    DockerOptions docker;

    /** Where the help says how long the quick profile takes; {@link QuickEstimate} puts the estimate in. */
    static final String QUICK_ESTIMATE = "{quick-estimate}";

    @Override
    public Integer call() throws Exception {
        Plan plan = plan();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DockerServers containers;
        try {
            containers = docker.prepare(plan.serverCpus(), err).orElse(null);
        } catch (NoEngineException e) {
            err.println("c10k compare: --docker cannot run: " + e.getMessage()
                    + "; or leave out --docker to run the servers natively");
            err.flush();
            return spec.exitCodeOnInvalidInput();
        }
        if (containers != null) {
            plan = plan.withContainers(containers.settings());
        }
        ResultsDirectory dir = ResultsDirectory.create(output);
        err.printf(
                Locale.ROOT,
                "c10k compare: %s profile, %s; windows of %d ms; about %s (estimate)%n",
                plan.profile(),
                plan.matrixDescription(),
                plan.duration().toMillis(),
                Units.minutes(plan.estimatedSeconds()));
        err.printf("c10k: %s%n", plan.pinningDescription());
        if (plan.containers() != null) {
            err.printf(
                    "c10k: Java servers in containers: %s%n", plan.containers().description());
        }
        err.flush();
        var progress = new TerminalProgress(
                err, !noProgress && System.console() != null && System.console().isTerminal());
        ExperimentResult result = new Experiment(plan, dir.servers(), progress, containers).run();
        dir.write(result);
        out.println();
        out.print(ResultsTable.text(result));
        out.println();
        out.printf(Locale.ROOT, "c10k: wrote %s in %s%n", dir.files(), Units.minutes(result.seconds()));
        out.flush();
        long measured = result.trials().stream().filter(t -> t.ok()).count();
        return measured > 0 ? 0 : 1;
    }

    private Plan plan() {
        docker.check(spec);
        var contenders = new ArrayList<Contender>();
        if (strategies == null) {
            contenders.addAll(Contender.installedStrategies());
        } else {
            new LinkedHashSet<>(strategies)
                    .forEach(s -> contenders.add(new Contender.JavaStrategy(s.name(), s.summary())));
        }
        references().forEach(r -> contenders.add(new Contender.ReferenceServer(r)));
        if (contenders.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "no strategy is installed and no --reference was given");
        }
        for (int c : connections != null ? connections : List.<Integer>of()) {
            InvalidValue.requireWithin(spec, "--connections", c, 1, 100_000);
        }
        if (repetitions != null) {
            InvalidValue.requireWithin(spec, "--repetitions", repetitions, 1, 100);
        }
        if (idleConnections != null) {
            InvalidValue.requireWithin(spec, "--idle-connections", idleConnections, 0, 100_000);
        }
        Path docRoot = root.resolve(spec);
        Plan plan = Plan.builder(profile)
                .contenders(contenders)
                .connections(connections)
                .files(files)
                .keepAlive(keepAlive)
                .fileIo(fileIo)
                .serverWarmup(warmup)
                .ramp(ramp)
                .duration(duration)
                .repetitions(repetitions)
                .freshServerPerTrial(freshServer == null ? null : freshServer == Converters.FreshServer.TRIAL)
                .idleConnections(idleConnections)
                .timeout(timeout)
                .root(docRoot)
                .cpus(pinning.split(spec))
                .perf(perf)
                .provenance(Provenance.of(spec.commandLine().getParseResult().originalArgs()))
                .build();
        for (String f : plan.files()) {
            RootOption.file(spec, "--files", docRoot, f);
        }
        return plan;
    }

    /** The reference servers named, {@code all} standing for every one. */
    private Set<Reference> references() {
        var refs = new LinkedHashSet<Reference>();
        var converter = new Converters.ReferenceConverter();
        for (String name : references != null ? references : List.<String>of()) {
            if (name.trim().equalsIgnoreCase("all")) {
                refs.addAll(List.of(Reference.values()));
                continue;
            }
            try {
                refs.add(converter.convert(name));
            } catch (TypeConversionException e) {
                throw InvalidValue.option(spec, "--reference", e.getMessage() + " or all");
            }
        }
        return refs;
    }

    /**
     * Puts the plan's estimate for the quick profile into the help, so that the help says what a run of {@code
     * c10k compare} with the installed strategies is planned to take.
     */
    static final class QuickEstimate implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            String estimate = Profile.roughly(Profile.QUICK.estimatedSeconds(Contender.installedStrategies()));
            String[] lines = spec.usageMessage().description();
            for (int i = 0; i < lines.length; i++) {
                lines[i] = lines[i].replace(QUICK_ESTIMATE, estimate);
            }
            spec.usageMessage().description(lines);
            return spec;
        }
    }
}
