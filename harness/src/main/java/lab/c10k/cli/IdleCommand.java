package lab.c10k.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import lab.c10k.files.FileIo;
import lab.c10k.harness.experiment.Contender;
import lab.c10k.harness.experiment.IdleProbe;
import lab.c10k.harness.experiment.IdleResult;
import lab.c10k.harness.experiment.Reference;
import lab.c10k.harness.experiment.ServerSetup;
import lab.c10k.harness.experiment.ServerUnderTest;
import lab.c10k.harness.report.ResultsTable;
import lab.c10k.harness.report.Units;
import lab.c10k.server.spi.Strategy;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code c10k idle}: what one idle keep-alive connection costs a server, in bytes. */
@Command(
        name = "idle",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
            "Measure the memory of idle connections: start a server in a JVM (or nginx, Apache) of its own, warm it"
                    + " up, then open N keep-alive connections that each make one request and stay idle, and report"
                    + " what they cost per connection: RSS and PSS of the server's processes (/proc), the Java heap"
                    + " after a full GC (through the control port), and the kernel stacks (/proc/meminfo, which RSS"
                    + " does not show: 16 KiB per kernel thread).",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  c10k idle --strategy thread --connections 10000",
            "  c10k idle --strategy virtual --connections 10000 --json",
            "  c10k idle --reference nginx --connections 10000%n"
        })
final class IdleCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Which which = new Which();

    static final class Which {
        @Option(
                names = "--strategy",
                paramLabel = "NAME",
                converter = Converters.StrategyConverter.class,
                completionCandidates = Converters.StrategyNames.class,
                description = "The strategy: ${COMPLETION-CANDIDATES} (default: virtual).")
        Strategy strategy;

        @Option(
                names = "--reference",
                paramLabel = "NAME",
                converter = Converters.ReferenceConverter.class,
                completionCandidates = Converters.ReferenceNames.class,
                description = "A reference server instead: ${COMPLETION-CANDIDATES}.")
        Reference reference;
    }

    @Option(
            names = {"-c", "--connections"},
            paramLabel = "N",
            defaultValue = "10000",
            description = "Idle connections to open (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(
            names = "--file",
            paramLabel = "FILE",
            defaultValue = "2k.bin",
            description = "The file each connection requests once (default: ${DEFAULT-VALUE}).")
    String file;

    @Mixin
    RootOption root;

    @Mixin
    PinningOptions pinning;

    @Option(names = "--json", description = "Print one JSON object instead of the summary.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        InvalidValue.requireWithin(spec, "--connections", connections, 1, 100_000);
        Contender contender = contender();
        if (contender.unavailable().isPresent()) {
            throw new ParameterException(
                    spec.commandLine(), contender.unavailable().get());
        }
        Path docRoot = root.resolve(spec);
        RootOption.file(spec, "--file", docRoot, file);
        // the server only: the idle connections are opened from this JVM, which is left unpinned
        List<Integer> cpus = pinning.split(spec).server();
        Path work = Files.createTempDirectory("c10k-idle-");
        var setup = new ServerSetup(
                docRoot, cpus, connections, Duration.ofHours(1), false, work, ServerSetup.currentJava(cpus));
        PrintWriter out = spec.commandLine().getOut();
        IdleResult r;
        try (ServerUnderTest server = ServerUnderTest.start(contender, setup, FileIo.SENDFILE)) {
            IdleProbe.warmUp(server, file, 10, Duration.ofSeconds(10));
            r = IdleProbe.measure(server, contender, connections, file);
        }
        if (!r.ok()) {
            throw new IOException(
                    "measuring " + contender.name() + " failed: " + r.error() + " (logs in " + work + ")");
        }
        deleteTree(work);
        out.print(json ? json(r) + System.lineSeparator() : text(r, file));
        out.flush();
        return 0;
    }

    private Contender contender() {
        if (which.reference != null) {
            return new Contender.ReferenceServer(which.reference);
        }
        Strategy s = which.strategy != null ? which.strategy : new Converters.StrategyConverter().convert("virtual");
        return new Contender.JavaStrategy(s.name(), s.summary());
    }

    static String text(IdleResult r, String file) {
        var s = new StringBuilder();
        s.append(String.format(
                Locale.ROOT,
                "c10k idle: %s, %s idle keep-alive connections (each after one GET /%s)%n%n",
                r.contender(),
                Units.count(r.connections()),
                file));
        line(s, "RSS", Units.bytes(r.rssBefore()) + " -> " + Units.bytes(r.rssAfter()), r.rssPerConnection());
        if (!Double.isNaN(r.pssPerConnection())) {
            line(s, "PSS", Units.bytes(r.pssBefore()) + " -> " + Units.bytes(r.pssAfter()), r.pssPerConnection());
        }
        if (!Double.isNaN(r.heapPerConnection())) {
            line(
                    s,
                    "Java heap",
                    Units.bytes(r.heapBefore()) + " -> " + Units.bytes(r.heapAfter()) + " after a full GC",
                    r.heapPerConnection());
        }
        line(
                s,
                "kernel stacks",
                (r.kernelStackDelta() < 0 ? "" : "+") + Units.bytes(r.kernelStackDelta())
                        + " (system-wide, not in RSS)",
                r.kernelStackPerConnection());
        s.append(String.format(
                Locale.ROOT,
                "  %-14s %s -> %s, processes %d%n",
                "threads",
                Units.count(r.threadsBefore()),
                Units.count(r.threadsAfter()),
                r.processesAfter()));
        if (ResultsTable.anyNegative(r)) {
            s.append(System.lineSeparator()).append(ResultsTable.NEGATIVE_NOTE).append(System.lineSeparator());
        }
        return s.toString();
    }

    private static void line(StringBuilder s, String what, String values, double perConnection) {
        s.append(String.format(
                Locale.ROOT,
                "  %-14s %-44s %s per connection%n",
                what,
                values,
                ResultsTable.perConnection(perConnection)));
    }

    static String json(IdleResult r) {
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("strategy", r.contender());
        o.put("kind", r.kind());
        o.put("connections", r.connections());
        o.put("rss_bytes_per_connection", Math.round(r.rssPerConnection()));
        if (Double.isNaN(r.pssPerConnection())) {
            o.putNull("pss_bytes_per_connection");
        } else {
            o.put("pss_bytes_per_connection", Math.round(r.pssPerConnection()));
        }
        if (Double.isNaN(r.heapPerConnection())) {
            o.putNull("heap_bytes_per_connection");
        } else {
            o.put("heap_bytes_per_connection", Math.round(r.heapPerConnection()));
        }
        o.put("kernel_stack_bytes_per_connection", Math.round(r.kernelStackPerConnection()));
        o.put("rss_before", r.rssBefore());
        o.put("rss_after", r.rssAfter());
        o.put("heap_before", r.heapBefore());
        o.put("heap_after", r.heapAfter());
        o.put("threads_before", r.threadsBefore());
        o.put("threads_after", r.threadsAfter());
        o.put("processes", r.processesAfter());
        return o.toString();
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind
        }
    }
}
