package lab.c10k.harness.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import lab.c10k.harness.experiment.IdleResult;
import lab.c10k.harness.experiment.WarmUp;

/**
 * The short paragraph under each chart of the report: what the chart shows, in the measured numbers, and the
 * trade-off behind it, for a class. Each paragraph is built from the rows it describes, so it stays true whatever
 * strategies were installed and whatever the machine measured.
 */
final class Narrative {
    private Narrative() {}

    /** Under a requests/s-against-connections chart. */
    static String throughput(List<CellSummary> rows, String file, boolean keepAlive) {
        List<String> names = names(rows);
        int max = maxConnections(rows);
        int min = minConnections(rows);
        var atMax = measured(rows).stream()
                .filter(r -> r.cell().connections() == max)
                .sorted(Comparator.comparingDouble(
                                (CellSummary r) -> r.requestsPerSecond().median())
                        .reversed())
                .toList();
        var s = new StringBuilder();
        if (atMax.size() >= 2) {
            CellSummary best = atMax.getFirst();
            CellSummary worst = atMax.getLast();
            s.append(String.format(
                    Locale.ROOT,
                    "At %d connections %s served the most, %s requests/s, %s times %s (%s requests/s). ",
                    max,
                    best.contender(),
                    Units.rate(best.requestsPerSecond().median()),
                    Units.ratio(best.requestsPerSecond().median()
                            / worst.requestsPerSecond().median()),
                    worst.contender(),
                    Units.rate(worst.requestsPerSecond().median())));
        } else if (atMax.size() == 1) {
            s.append(String.format(
                    Locale.ROOT,
                    "At %d connections %s served %s requests/s. ",
                    max,
                    atMax.getFirst().contender(),
                    Units.rate(atMax.getFirst().requestsPerSecond().median())));
        }
        if (min != max) {
            var changes = new ArrayList<String>();
            for (String n : names) {
                Optional<CellSummary> lo = find(rows, n, min);
                Optional<CellSummary> hi = find(rows, n, max);
                if (lo.isPresent() && hi.isPresent()) {
                    double change = hi.get().requestsPerSecond().median()
                                    / lo.get().requestsPerSecond().median()
                            - 1;
                    changes.add(String.format(Locale.ROOT, "%s %+.0f%%", n, change * 100));
                }
            }
            if (!changes.isEmpty()) {
                s.append("From ")
                        .append(min)
                        .append(" to ")
                        .append(max)
                        .append(" connections: ")
                        .append(String.join(", ", changes))
                        .append(". ");
            }
        }
        if (!keepAlive) {
            s.append("Without keep-alive every request also pays for a TCP handshake and teardown, and for what its"
                    + " server does per connection (a thread per connection starts and ends a thread, a prefork pool"
                    + " hands the connection to a process started beforehand, an event loop registers a socket). ");
            s.append(perConnectionCpu(rows, max));
        } else if (isLarge(rows)) {
            s.append("With a large file most of a request's time goes into moving bytes (sendfile or copies), not"
                    + " into scheduling, ");
            if (atMax.size() >= 2
                    && atMax.getFirst().requestsPerSecond().median()
                            < APART * atMax.getLast().requestsPerSecond().median()) {
                s.append("and the lines lie close together: the concurrency model is not the bottleneck, the copy"
                        + " is.");
            } else {
                s.append("yet the lines part here: with many connections each moving megabytes, how the CPU is"
                        + " shared between them (and what that sharing costs) still matters.");
            }
        } else {
            s.append("With keep-alive and a small file almost all of a request's cost is overhead: system calls,"
                    + " wake-ups and context switches, which is where concurrency models differ. ");
            s.append(howTheLinesMove(rows, min, max));
        }
        return s.toString().strip();
    }

    /** How many times the fastest-to-slowest ratio must grow (or shrink) for the text to say the lines part. */
    static final double APART = 1.25;

    /**
     * Whether the fastest and the slowest contender drift apart, close up or keep their distance from {@code min}
     * to {@code max} connections, and whether the lead changes: computed, so that the text says what this run
     * measured and not what the lesson expects.
     */
    private static String howTheLinesMove(List<CellSummary> rows, int min, int max) {
        if (min == max) {
            return "";
        }
        var lo = new ArrayList<CellSummary>();
        var hi = new ArrayList<CellSummary>();
        for (String n : names(rows)) {
            Optional<CellSummary> a = find(rows, n, min);
            Optional<CellSummary> b = find(rows, n, max);
            if (a.isPresent() && b.isPresent()) {
                lo.add(a.get());
                hi.add(b.get());
            }
        }
        if (lo.size() < 2) {
            return "";
        }
        Comparator<CellSummary> byRate =
                Comparator.comparingDouble(r -> r.requestsPerSecond().median());
        CellSummary loBest = lo.stream().max(byRate).orElseThrow();
        CellSummary hiBest = hi.stream().max(byRate).orElseThrow();
        double rLo = loBest.requestsPerSecond().median()
                / lo.stream().min(byRate).orElseThrow().requestsPerSecond().median();
        double rHi = hiBest.requestsPerSecond().median()
                / hi.stream().min(byRate).orElseThrow().requestsPerSecond().median();
        String how = rHi >= APART * rLo
                ? "the lines part as connections grow"
                : rLo >= APART * rHi ? "the lines close up as connections grow" : "the lines keep their distance";
        String lead = loBest.contender().equals(hiBest.contender())
                ? loBest.contender() + " leads at both ends"
                : "the lead passes from " + loBest.contender() + " to " + hiBest.contender();
        return String.format(
                Locale.ROOT,
                "Here %s: the fastest served %s times the slowest at %d connections and %s times at %d; %s.",
                how,
                Units.ratio(rLo),
                min,
                Units.ratio(rHi),
                max,
                lead);
    }

    /** "At 100 connections a connection cost a 120 µs of CPU, b 300 µs.", cheapest first. */
    private static String perConnectionCpu(List<CellSummary> rows, int max) {
        var parts = measured(rows).stream()
                .filter(r -> r.cell().connections() == max
                        && !Double.isNaN(r.cpuMicrosPerRequest().median()))
                .sorted(Comparator.comparingDouble(r -> r.cpuMicrosPerRequest().median()))
                .map(r -> r.contender() + " "
                        + Units.micros(r.cpuMicrosPerRequest().median()))
                .toList();
        return parts.isEmpty()
                ? ""
                : "At " + max + " connections a request, and so a connection, cost in CPU time: "
                        + String.join(", ", parts) + ".";
    }

    /** Under a latency-percentiles chart. */
    static String latency(List<CellSummary> rows, int connections) {
        var at = measured(rows).stream()
                .filter(r -> r.cell().connections() == connections)
                .toList();
        if (at.isEmpty()) {
            return "No measurement at " + connections + " connections.";
        }
        var s = new StringBuilder();
        var parts = new ArrayList<String>();
        for (CellSummary r : at) {
            double p50 = r.p50().median();
            double p99 = r.p99().median();
            parts.add(String.format(
                    Locale.ROOT,
                    "%s p50 %s, p99 %s (%s× the median)",
                    r.contender(),
                    Units.micros(p50),
                    Units.micros(p99),
                    Units.ratio(p50 > 0 ? p99 / p50 : Double.NaN)));
        }
        s.append("At ")
                .append(connections)
                .append(" connections: ")
                .append(String.join("; ", parts))
                .append(". ");
        CellSummary first = at.getFirst();
        double rps = first.requestsPerSecond().median();
        s.append(String.format(
                Locale.ROOT,
                "In a closed loop every connection waits for its own answer, so the mean latency is about"
                        + " connections / throughput (Little's law): for %s, %d / %s requests/s = %s. A server that"
                        + " is fast on average can still have a long tail: the ratio of p99 to p50 shows how unevenly"
                        + " it shares its CPU between connections.",
                first.contender(),
                connections,
                Units.rate(rps),
                Units.micros(rps > 0 ? connections * 1e6 / rps : Double.NaN)));
        return s.toString();
    }

    /** Under a context-switches-per-request chart. */
    static String contextSwitches(List<CellSummary> rows) {
        var s = new StringBuilder();
        s.append(figures(rows, CellSummary::contextSwitchesPerRequest, "switches"));
        s.append(" A thread that blocks in read is switched out, and in again when its data arrives; many runnable"
                + " threads on one CPU add involuntary switches; a virtual thread blocks in the JVM, on a few"
                + " carrier threads; an event loop serves every ready socket of one wake-up, so the busier it is,"
                + " the fewer switches per request.");
        s.append(switchTrend(rows));
        s.append(countsNote(rows));
        if (rows.stream().anyMatch(r -> "/proc".equals(r.switchSource()))) {
            s.append(" Reference servers are counted from /proc (their processes and threads live through the"
                    + " window).");
        }
        return s.toString();
    }

    /**
     * " From 10 to 1000 connections with keep-alive, switches per request went: a 1.02 to 1.04, b 0.90 to 0.21."
     * The measured trend of each contender, so that the reader sees which fell and which did not.
     */
    private static String switchTrend(List<CellSummary> rows) {
        var keep = rows.stream().filter(r -> r.cell().keepAlive()).toList();
        int min = minConnections(keep);
        int max = maxConnections(keep);
        if (min == max) {
            return "";
        }
        var parts = new ArrayList<String>();
        for (String n : names(keep)) {
            Optional<CellSummary> lo = find(keep, n, min);
            Optional<CellSummary> hi = find(keep, n, max);
            if (lo.isPresent() && hi.isPresent()) {
                double a = lo.get().contextSwitchesPerRequest().median();
                double b = hi.get().contextSwitchesPerRequest().median();
                if (!Double.isNaN(a) && !Double.isNaN(b)) {
                    parts.add(n + " " + Units.ratio(a) + " to " + Units.ratio(b));
                }
            }
        }
        return parts.isEmpty()
                ? ""
                : " From " + min + " to " + max + " connections with keep-alive, switches per request went: "
                        + String.join(", ", parts) + ".";
    }

    /** " Pale bars: ..." when a cell's per-request figures divide by a count the client does not confirm. */
    private static String countsNote(List<CellSummary> rows) {
        var cells = measured(rows).stream()
                .filter(CellSummary::countsDisagree)
                .map(r -> r.contender() + " at " + r.cell().connections())
                .toList();
        return cells.isEmpty()
                ? ""
                : " Pale bars (" + String.join(", ", cells) + "): the server's count of requests, which these"
                        + " figures divide by, differed from the client's by more than "
                        + Math.round(lab.c10k.harness.experiment.Trial.COUNT_TOLERANCE * 100)
                        + "%; read them as rough.";
    }

    /** Under a CPU-per-request chart. */
    static String cpu(List<CellSummary> rows) {
        var s = new StringBuilder();
        s.append(figures(rows, CellSummary::cpuMicrosPerRequest, "µs"));
        s.append(" This is user plus system CPU time of the whole server over the window, divided by the requests"
                + " it served: what a request costs, whatever the throughput. With one server CPU the throughput"
                + " ceiling is about 1,000,000 / this figure requests/s. Kernel time for the socket calls is in it;"
                + " so is the price of waking threads.");
        s.append(countsNote(rows));
        if (rows.stream().anyMatch(r -> "/proc".equals(r.switchSource()))) {
            s.append(" For reference servers the CPU time comes from /proc in 10 ms ticks per process: fine for nginx's"
                    + " two processes, an undercount for Apache prefork's hundreds (see the perf cross-check).");
        }
        return s.toString();
    }

    /** Under the memory-per-idle-connection chart. */
    static String idle(List<IdleResult> idle) {
        var parts = new ArrayList<String>();
        for (IdleResult i : idle) {
            if (!i.ok()) {
                parts.add(i.contender() + " could not be measured (" + i.error() + ")");
                continue;
            }
            String p = i.contender() + " " + ResultsTable.perConnection(i.rssPerConnection()) + " of RSS";
            if (!Double.isNaN(i.heapPerConnection())) {
                p += " (" + ResultsTable.perConnection(i.heapPerConnection()) + " of it live Java heap)";
            }
            if (i.kernelStackPerConnection() > 1024) {
                p += " plus " + Units.bytes(i.kernelStackPerConnection()) + " of kernel stack";
            }
            p += ", so 10,000 idle connections would take "
                    + Units.bytes(
                            10_000 * (Math.max(0, i.rssPerConnection()) + Math.max(0, i.kernelStackPerConnection())));
            parts.add(p);
        }
        int n = idle.isEmpty() ? 0 : idle.getFirst().connections();
        return "Each of " + Units.count(n) + " idle keep-alive connections cost: " + String.join("; ", parts) + ". "
                + "A platform thread per connection keeps a stack (its touched pages count in RSS) and a kernel"
                + " stack of 16 KiB (not in RSS, so it is shown apart); a process per connection adds page tables"
                + " and a private heap; a virtual thread or an event loop keeps only the connection's objects on"
                + " the heap. RSS moves in whole pages and with the garbage collector, so small differences are"
                + " noise"
                + (n < ResultsTable.PRECISE_IDLE_CONNECTIONS && idle.stream().anyMatch(IdleResult::okJvm)
                        ? "; and a JVM's own memory (compiled code, the C heap) moves by 1-4 MiB between the two"
                                + " readings, so from " + Units.count(n) + " connections its RSS per connection is"
                                + " rough and the heap after GC is the steadier figure."
                        : ".");
    }

    /**
     * The warm-ups the report charts: of each contender, the first of its first repetition (its first load), in
     * the order they ran.
     */
    static List<WarmUp> firstWarmUps(List<WarmUp> all) {
        var first = new ArrayList<WarmUp>();
        for (WarmUp w : all) {
            boolean earlier = first.stream()
                    .anyMatch(f -> f.contender().equals(w.contender()) && f.repetition() <= w.repetition());
            if (!earlier) {
                first.removeIf(f -> f.contender().equals(w.contender()));
                first.add(w);
            }
        }
        return first;
    }

    /** How far the last two one-second windows of a warm-up may differ and still be called level, here. */
    private static final double LEVEL = 0.05;

    /**
     * "steady after 3.5 s at 24,100 requests/s", or "not steady after 10.0 s: still climbing, its figures may be
     * low", from the last two one-second windows of steps.
     */
    static String warmUpState(WarmUp w) {
        if (w.steady()) {
            return String.format(
                    Locale.ROOT,
                    "steady after %.1f s at %s requests/s",
                    w.steadyAfterSeconds(),
                    Units.rate(w.finalRequestsPerSecond()));
        }
        return String.format(Locale.ROOT, "not steady after %.1f s: %s", w.seconds(), unsteadyTrend(w));
    }

    /** Where an unsteady warm-up was heading when its cap ended it. */
    private static String unsteadyTrend(WarmUp w) {
        List<Double> rps = w.requestsPerSecond();
        int steps = Math.max(1, (int) Math.round(1 / w.stepSeconds()));
        if (rps.size() < 2 * steps) {
            return "too short to tell, its figures may be off";
        }
        double last = mean(rps.subList(rps.size() - steps, rps.size()));
        double before = mean(rps.subList(rps.size() - 2 * steps, rps.size() - steps));
        if (last > before * (1 + LEVEL)) {
            return "still climbing (" + Units.rate(before) + " to " + Units.rate(last)
                    + " requests/s in its last two seconds), its figures may be low";
        }
        if (last < before * (1 - LEVEL)) {
            return "falling (" + Units.rate(before) + " to " + Units.rate(last)
                    + " requests/s in its last two seconds), its figures may be off";
        }
        return "uneven before its last two seconds, or too few responses per window, its figures may be off";
    }

    private static double mean(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /**
     * "after 3.5 s" for one warm-up; "after 3.0 to 4.0 s over 3 warm-ups, not steady in 1 of 3" for several; the
     * unsteady state in full when none held steady.
     */
    static String warmUpTimes(List<WarmUp> mine) {
        var steady = mine.stream().filter(WarmUp::steady).toList();
        if (mine.size() == 1) {
            return steady.isEmpty()
                    ? warmUpState(mine.getFirst())
                    : String.format(Locale.ROOT, "after %.1f s", mine.getFirst().steadyAfterSeconds());
        }
        if (steady.isEmpty()) {
            return "not steady in any of " + mine.size() + " warm-ups";
        }
        double lo =
                steady.stream().mapToDouble(WarmUp::steadyAfterSeconds).min().orElseThrow();
        double hi =
                steady.stream().mapToDouble(WarmUp::steadyAfterSeconds).max().orElseThrow();
        String times = lo == hi
                ? String.format(Locale.ROOT, "after %.1f s", lo)
                : String.format(Locale.ROOT, "after %.1f to %.1f s", lo, hi);
        return times
                + (steady.size() == 1 ? " in 1 warm-up" : " over " + steady.size() + " warm-ups")
                + (steady.size() < mine.size()
                        ? ", not steady in " + (mine.size() - steady.size()) + " of " + mine.size()
                        : "");
    }

    /** Under the throughput-while-warming-up chart: how each charted warm-up went, and the others in a sentence. */
    static String warmUp(List<WarmUp> all) {
        if (all.isEmpty()) {
            return "No warm-up was recorded in this run.";
        }
        var first = firstWarmUps(all);
        var parts = new ArrayList<String>();
        for (WarmUp w : first) {
            List<Double> rps = w.requestsPerSecond();
            double start = rps.isEmpty() ? Double.NaN : rps.getFirst();
            double end = w.finalRequestsPerSecond();
            String path = start >= end * (1 - LEVEL) && start <= end * (1 + LEVEL)
                    ? "was level from its first step"
                    : (start < end ? "rose" : "fell") + " from " + Units.rate(start) + " requests/s in its first step";
            parts.add(w.contender() + " " + path + " and was " + warmUpState(w));
        }
        var loads = first.stream().map(WarmUp::load).distinct().toList();
        var s = new StringBuilder("Each fresh server ran the load (")
                .append(String.join("; ", loads))
                .append(") in steps of ")
                .append(String.format(Locale.ROOT, "%.2f s", first.getFirst().stepSeconds()))
                .append(
                        " until two successive one-second windows agreed within 5% while its compiler had nearly nothing left to do, or until its cap; only then"
                                + " were windows measured. ")
                .append(String.join("; ", parts))
                .append('.');
        if (all.size() > first.size()) {
            var others = new ArrayList<String>();
            for (String n : all.stream().map(WarmUp::contender).distinct().toList()) {
                others.add(n + " "
                        + warmUpTimes(all.stream()
                                .filter(w -> w.contender().equals(n))
                                .toList()));
            }
            s.append(" The chart shows the first warm-up of each. All ")
                    .append(all.size())
                    .append(" warm-ups, time until steady: ")
                    .append(String.join("; ", others))
                    .append('.');
        }
        return s.toString();
    }

    /** "At N connections with keep-alive: a x, b y; without: ..." for a per-request figure. */
    private static String figures(
            List<CellSummary> rows,
            java.util.function.Function<CellSummary, lab.c10k.harness.metrics.Spread> f,
            String unit) {
        int max = maxConnections(rows);
        var s = new StringBuilder();
        for (boolean keep : new boolean[] {true, false}) {
            var parts = new ArrayList<String>();
            for (CellSummary r : measured(rows)) {
                if (r.cell().connections() == max && r.cell().keepAlive() == keep) {
                    double v = f.apply(r).median();
                    if (!Double.isNaN(v)) {
                        parts.add(r.contender() + " " + Units.ratio(v));
                    }
                }
            }
            if (!parts.isEmpty()) {
                if (!s.isEmpty()) {
                    s.append("; ");
                }
                s.append(keep ? "with keep-alive " : "without keep-alive ").append(String.join(", ", parts));
            }
        }
        return s.isEmpty() ? "No measurement." : "At " + max + " connections, " + unit + " per request " + s + ".";
    }

    private static List<CellSummary> measured(List<CellSummary> rows) {
        return rows.stream().filter(r -> r.measured() > 0).toList();
    }

    private static List<String> names(List<CellSummary> rows) {
        return rows.stream().map(CellSummary::contender).distinct().toList();
    }

    private static int maxConnections(List<CellSummary> rows) {
        return rows.stream().mapToInt(r -> r.cell().connections()).max().orElse(0);
    }

    private static int minConnections(List<CellSummary> rows) {
        return rows.stream().mapToInt(r -> r.cell().connections()).min().orElse(0);
    }

    private static boolean isLarge(List<CellSummary> rows) {
        return rows.stream().anyMatch(r -> r.cell().fileBytes() >= 1 << 20);
    }

    private static Optional<CellSummary> find(List<CellSummary> rows, String name, int connections) {
        return rows.stream()
                .filter(r -> r.measured() > 0
                        && r.contender().equals(name)
                        && r.cell().connections() == connections)
                .findFirst();
    }
}
