package lab.c10k.harness.report;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import lab.c10k.files.FileIo;
import lab.c10k.harness.experiment.Cell;
import lab.c10k.harness.experiment.Contender;
import lab.c10k.harness.experiment.CpuSplit;
import lab.c10k.harness.experiment.ExperimentResult;
import lab.c10k.harness.experiment.IdleResult;
import lab.c10k.harness.experiment.PerfCheck;
import lab.c10k.harness.experiment.Plan;
import lab.c10k.harness.experiment.Profile;
import lab.c10k.harness.experiment.Reference;
import lab.c10k.harness.experiment.Trial;
import lab.c10k.harness.load.ErrorCounts;
import lab.c10k.harness.load.Latencies;
import lab.c10k.harness.metrics.Machine;

/** A made-up experiment with round numbers, for testing the reports without running anything. */
final class Fixtures {
    private Fixtures() {}

    static final Machine MACHINE = new Machine("Test CPU", 2, 8L << 30, "6.1.0", "Linux amd64", "25", "Test VM", true);

    /**
     * thread and virtual at 10 and 100 connections, 2k.bin, keep-alive on and off, three repetitions each
     * (throughput 900, 1000, 1100 times a factor); nginx likewise without a file-io mode, with one cell whose
     * median latency (0.9 s) is longer than the window; one failed trial.
     */
    static ExperimentResult result() {
        var contenders = List.<Contender>of(
                new Contender.JavaStrategy("thread", "a <thread> per connection"),
                new Contender.JavaStrategy("virtual", "a virtual thread per connection"),
                new Contender.ReferenceServer(Reference.NGINX));
        var plan = Plan.builder(Profile.QUICK)
                .contenders(contenders)
                .connections(List.of(10, 100))
                .files(List.of("2k.bin"))
                .serverWarmup(Duration.ofMillis(1500))
                .ramp(Duration.ofMillis(250))
                .duration(Duration.ofMillis(750))
                .idleConnections(1000)
                .root(Path.of("/tmp/root"))
                .cpus(new CpuSplit(List.of(1), List.of(0)))
                .perf(true)
                .build();
        var trials = new ArrayList<Trial>();
        for (Contender c : contenders) {
            double factor = switch (c.name()) {
                case "thread" -> 10;
                case "virtual" -> 20;
                default -> 30;
            };
            for (int conns : List.of(10, 100)) {
                for (boolean keep : List.of(true, false)) {
                    var cell = new Cell(
                            conns, "2k.bin", 2048, keep, c.kind().equals("reference") ? null : FileIo.SENDFILE);
                    for (int rep = 1; rep <= 3; rep++) {
                        if (c.name().equals("virtual") && conns == 100 && !keep && rep == 2) {
                            trials.add(new Trial(
                                    c.name(),
                                    c.kind(),
                                    rep,
                                    cell,
                                    "measuring failed: \"boom\", twice",
                                    null,
                                    null,
                                    null));
                            continue;
                        }
                        double rps = factor * (800 + 100 * rep) * (keep ? 1 : 0.5);
                        long requests = Math.round(rps * 0.75);
                        // nginx at 100 connections without keep-alive: a median latency longer than the window
                        boolean slow = c.name().equals("nginx") && conns == 100 && !keep;
                        var latency = new Latencies(slow ? 900_000 : 100 * rep, 200, 300 * rep, 400, 500, 600, 150);
                        var client = new Trial.Client(
                                requests,
                                0.75,
                                rps,
                                rps * 2100,
                                latency,
                                ErrorCounts.NONE,
                                conns,
                                conns * 1000 / rps,
                                1000 / rps,
                                requests + conns,
                                conns,
                                0);
                        var server = new Trial.Server(
                                c.kind().equals("reference") ? "/proc" : "getrusage",
                                requests,
                                2 * requests,
                                requests / 10,
                                30 * requests,
                                20 * requests,
                                20);
                        var tree = new Trial.Tree(100L << 20, 90L << 20, 1, 20, requests, 50 * requests);
                        trials.add(new Trial(c.name(), c.kind(), rep, cell, null, client, server, tree));
                    }
                }
            }
        }
        var idle = List.of(
                new IdleResult(
                        "thread",
                        "strategy",
                        1000,
                        null,
                        100L << 20,
                        (100L << 20) + 36L * 1024 * 1000,
                        90L << 20,
                        (90L << 20) + 30L * 1024 * 1000,
                        5L << 20,
                        (5L << 20) + 14L * 1024 * 1000,
                        16,
                        1016,
                        1,
                        16L * 1024 * 1000),
                new IdleResult(
                        "virtual",
                        "strategy",
                        1000,
                        null,
                        100L << 20,
                        (100L << 20) + 10L * 1024 * 1000,
                        -1,
                        -1,
                        5L << 20,
                        (5L << 20) + 9L * 1024 * 1000,
                        19,
                        19,
                        1,
                        0),
                IdleResult.class.cast(failedIdle()));
        var perf = List.of(new PerfCheck("thread", 1, 4, 1000, 1010, "getrusage", 50_000, 51_000));
        return new ExperimentResult(
                plan,
                MACHINE,
                List.of("-XX:+UseSerialGC"),
                Instant.parse("2025-01-02T03:04:05Z"),
                Instant.parse("2025-01-02T03:06:05Z"),
                trials,
                idle,
                warmUps(),
                perf,
                List.of("apache-prefork skipped: Apache httpd is not installed"));
    }

    /**
     * Warm-ups of the strategies: selector climbs and holds after 3.5 s, thread is level from the start, virtual
     * never holds before its cap; nginx has none (a reference starts warm).
     */
    static List<lab.c10k.harness.experiment.WarmUp> warmUps() {
        var selector = new java.util.ArrayList<Double>();
        for (int i = 0; i < 14; i++) {
            selector.add(i < 6 ? 8_000.0 + 3_000 * i : 24_000.0 + (i % 2) * 200);
        }
        var virtual = new java.util.ArrayList<Double>();
        for (int i = 0; i < 40; i++) {
            virtual.add(10_000.0 + 400 * i);
        }
        return List.of(
                new lab.c10k.harness.experiment.WarmUp(
                        "selector", 1, "2 KiB, 50 connections, keep-alive", 0.25, selector, 3.5, 3.5),
                new lab.c10k.harness.experiment.WarmUp(
                        "thread",
                        1,
                        "2 KiB, 50 connections, keep-alive",
                        0.25,
                        List.of(20_000.0, 20_100.0, 19_900.0, 20_000.0, 20_050.0, 19_950.0, 20_000.0, 20_000.0),
                        2.0,
                        2.0),
                new lab.c10k.harness.experiment.WarmUp(
                        "virtual", 1, "2 KiB, 50 connections, keep-alive", 0.25, virtual, Double.NaN, 10.0));
    }

    /** {@code r} with other trials. */
    static ExperimentResult withTrials(ExperimentResult r, List<Trial> trials) {
        return new ExperimentResult(
                r.plan(),
                r.machine(),
                r.jvmOptions(),
                r.started(),
                r.finished(),
                trials,
                r.idle(),
                r.warmUps(),
                r.perfChecks(),
                r.notes());
    }

    /** {@code r} with other idle measurements. */
    static ExperimentResult withIdle(ExperimentResult r, List<IdleResult> idle) {
        return new ExperimentResult(
                r.plan(),
                r.machine(),
                r.jvmOptions(),
                r.started(),
                r.finished(),
                r.trials(),
                idle,
                r.warmUps(),
                r.perfChecks(),
                r.notes());
    }

    private static IdleResult failedIdle() {
        return new IdleResult(
                "nginx",
                "reference",
                1000,
                "the server closed 3 of the idle connections",
                0,
                0,
                -1,
                -1,
                -1,
                -1,
                0,
                0,
                0,
                0);
    }
}
