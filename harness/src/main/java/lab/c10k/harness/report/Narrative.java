package lab.c10k.harness.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import lab.c10k.harness.experiment.IdleResult;

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
            s.append("Without keep-alive every request also pays for a TCP handshake and teardown, and each"
                    + " strategy pays for what it does per connection: a thread per connection creates and ends a"
                    + " kernel thread, a process per connection forks, an event loop only registers a socket.");
        } else if (isLarge(rows)) {
            s.append("With a large file most of a request's time goes into moving bytes (sendfile or copies), not"
                    + " into scheduling, ");
            if (atMax.size() >= 2
                    && atMax.getFirst().requestsPerSecond().median()
                            < 1.25 * atMax.getLast().requestsPerSecond().median()) {
                s.append("and the lines lie close together: the concurrency model is not the bottleneck, the copy"
                        + " is.");
            } else {
                s.append("yet the lines part here: with many connections each moving megabytes, how the CPU is"
                        + " shared between them (and what that sharing costs) still matters.");
            }
        } else {
            s.append("With keep-alive and a small file almost all of a request's cost is overhead: system calls,"
                    + " wake-ups and context switches. That is where concurrency models differ, and why the lines"
                    + " part as connections grow on one server CPU.");
        }
        return s.toString();
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
        s.append(" A thread that blocks is switched out, and switched in again when its data arrives: a thread"
                + " per connection pays about two switches per request, more when many runnable threads share one"
                + " CPU (involuntary switches), and without keep-alive it also starts and ends a thread per"
                + " connection. Virtual threads block in the JVM instead, on a few carrier threads; an event loop"
                + " serves every ready socket in one wake-up, so its figure falls below one as load grows.");
        if (rows.stream().anyMatch(r -> "/proc".equals(r.switchSource()))) {
            s.append(" Reference servers are counted from /proc (their processes and threads live through the"
                    + " window).");
        }
        return s.toString();
    }

    /** Under a CPU-per-request chart. */
    static String cpu(List<CellSummary> rows) {
        var s = new StringBuilder();
        s.append(figures(rows, CellSummary::cpuMicrosPerRequest, "µs"));
        s.append(" This is user plus system CPU time of the whole server over the window, divided by the requests"
                + " it served: what a request costs, whatever the throughput. With one server CPU the throughput"
                + " ceiling is about 1,000,000 / this figure requests/s. Kernel time for the socket calls is in it;"
                + " so is the price of waking threads.");
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
            String p = i.contender() + " " + Units.bytes(i.rssPerConnection()) + " of RSS";
            if (!Double.isNaN(i.heapPerConnection())) {
                p += " (" + Units.bytes(i.heapPerConnection()) + " of it live Java heap)";
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
