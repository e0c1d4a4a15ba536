package lab.c10k.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import lab.c10k.harness.load.EarlyStop;
import lab.c10k.harness.load.LoadGenerator;
import lab.c10k.harness.load.LoadProfile;
import lab.c10k.harness.load.LoadResult;
import lab.c10k.harness.load.Target;
import lab.c10k.harness.report.BenchSummary;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code c10k bench URL}: the load generator on its own, as ab and wrk (closed loop) or wrk2 (open loop). */
@Command(
        name = "bench",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
            "Load an HTTP/1.1 server and measure it: closed loop like ab and wrk (each connection sends its next"
                    + " request when the last response is in), or open loop like wrk2 (--rate: requests are due on a"
                    + " clock and latency counts from the due time, corrected for coordinated omission).",
            "",
            "First checks that the server accepts a connection (one line and status 1 if not), then warms up for"
                    + " --warmup without counting, then measures. Prints requests/s, responses by status code,"
                    + " latency percentiles (HdrHistogram), errors by kind, and ab's two \"time per request\""
                    + " figures, each with what it divides: the user average wait time (connections / requests/s) and"
                    + " the server average request processing time (1 s / requests/s). Ctrl-C stops the load and"
                    + " prints what was measured until then, with status 130.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  c10k bench -c 50 -d 10s http://127.0.0.1:8080/2k.bin",
            "  c10k bench -c 100 -n 100000 --no-keep-alive http://127.0.0.1:8080/2k.bin",
            "  c10k bench -c 50 -d 30s --rate 20000 --json http://127.0.0.1:8080/2k.bin",
            "  taskset -c 0 c10k bench -c 50 -d 10s URL      (pin the generator to CPU 0)%n"
        })
final class BenchCommand implements Callable<Integer> {
    /** The exit status of a run stopped by Ctrl-C, as wrk's and ab's: 128 + SIGINT. */
    static final int INTERRUPTED = 130;

    /** How long Ctrl-C waits for the summary before the JVM exits regardless. */
    private static final Duration REPORT_GRACE = Duration.ofSeconds(10);

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "URL", description = "The URL to load: http://host[:port]/path.")
    String url;

    @Option(
            names = {"-c", "--connections"},
            paramLabel = "N",
            defaultValue = "10",
            description = "Connections; in closed loop, the concurrent users (default: ${DEFAULT-VALUE}).")
    int connections;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Length length = new Length();

    static final class Length {
        @Option(
                names = {"-n", "--requests"},
                paramLabel = "N",
                description = "Measure this many requests, then stop.")
        long requests;

        @Option(
                names = {"-d", "--duration"},
                paramLabel = "DURATION",
                converter = Converters.DurationConverter.class,
                description = "Measure for this long (default: 10s, unless -n is given).")
        Duration duration;
    }

    @Option(
            names = "--warmup",
            paramLabel = "DURATION",
            defaultValue = "2s",
            converter = Converters.OptionalDurationConverter.class,
            description = "Offer the same load this long first and discard it: the server's JIT and the generator's"
                    + " own warm, and the connections are open before the window, so a first run measures what a"
                    + " second would; 0 to skip (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(
            names = "--no-keep-alive",
            description = "Send Connection: close and open a new connection for every request (default: keep"
                    + " connections alive).")
    boolean noKeepAlive;

    @Option(
            names = "--rate",
            paramLabel = "R",
            description = "Open loop: R requests per second in all, spread over the connections; latency counts"
                    + " from when each request was due (default: closed loop).")
    Double rate;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "10s",
            converter = Converters.DurationConverter.class,
            description = "A request without a whole response after this long, connect included, is a timeout"
                    + " error (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(
            names = "--threads",
            paramLabel = "N",
            description = "I/O threads (default: one per CPU this process may run on, at most one per connection).")
    Integer threads;

    @Option(names = "--json", description = "Print one JSON object instead of the summary.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        LoadProfile profile = profile();
        probe(profile);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!json) {
            out.print(BenchSummary.header(profile) + BenchSummary.warmingUp(profile));
            out.flush();
        }
        // Ctrl-C (or a kill) runs the shutdown hooks: this one ends the load and lets the summary of what was
        // measured be printed before the JVM exits (with 130 for SIGINT, as wrk and ab end).
        var stop = new EarlyStop();
        var reported = new CountDownLatch(1);
        Thread hook = Thread.ofPlatform().name("c10k-bench-interrupt").unstarted(() -> {
            stop.stop();
            try {
                reported.await(REPORT_GRACE.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            LoadResult result = LoadGenerator.run(profile, new BenchWarmUp(profile, json ? null : out), stop);
            return report(result, out, err);
        } finally {
            reported.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it returns now that the summary is out
            }
        }
    }

    /** Prints the result; the exit status: 130 when interrupted, 1 when nothing was answered, else 0. */
    private int report(LoadResult result, PrintWriter out, PrintWriter err) {
        out.print(json ? BenchSummary.json(result) + System.lineSeparator() : BenchSummary.text(result));
        out.flush();
        String warning = json ? BenchSummary.rateWarning(result) : null;
        if (warning != null) {
            err.println(warning);
        }
        int status = 0;
        if (result.interrupted()) {
            status = INTERRUPTED;
        } else if (result.requests() == 0) {
            err.println(
                    "c10k: no response in the measured window (errors: " + BenchSummary.errors(result.errors()) + ")");
            status = 1;
        }
        err.flush();
        return status;
    }

    /**
     * Fails fast, in one line, when the server does not accept a connection: else every request of the run would
     * fail alike, and the user would wait out the warm-up and the window for a report of zeros. The probe connection
     * is closed at once without a request. A connect that merely takes long (a full backlog drops the first SYN) is
     * given the request timeout.
     */
    private void probe(LoadProfile profile) {
        try (var s = new Socket()) {
            s.connect(profile.target().address(), (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot connect to " + profile.target().url() + ": " + e.getMessage());
        }
    }

    private LoadProfile profile() {
        Target target;
        try {
            target = Target.parse(url);
            target.address();
        } catch (IllegalArgumentException e) {
            throw InvalidValue.parameter(spec, "URL", e.getMessage());
        }
        if (connections < 1) {
            throw InvalidValue.option(spec, "--connections", connections + " is below 1");
        }
        if (length.requests < 0
                || (length.requests == 0 && spec.commandLine().getParseResult().hasMatchedOption("-n"))) {
            throw InvalidValue.option(spec, "--requests", length.requests + " is below 1");
        }
        if (rate != null && !(rate > 0 && rate <= 10_000_000)) {
            throw InvalidValue.option(spec, "--rate", rate + " is not in 0 < R <= 10000000");
        }
        if (threads != null && threads < 1) {
            throw InvalidValue.option(spec, "--threads", threads + " is below 1");
        }
        var profile = LoadProfile.closedLoop(
                        target, connections, length.duration != null ? length.duration : Duration.ofSeconds(10))
                .withWarmup(warmup)
                .withKeepAlive(!noKeepAlive)
                .withRate(rate == null ? 0 : rate)
                .withTimeout(timeout)
                .withThreads(threads != null ? threads : LoadProfile.defaultThreads(connections));
        return length.requests > 0 ? profile.withRequests(length.requests) : profile;
    }
}
