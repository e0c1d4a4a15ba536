package lab.c10k.harness.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import lab.c10k.harness.experiment.ExperimentResult;
import lab.c10k.harness.experiment.IdleResult;
import lab.c10k.harness.experiment.PerfCheck;
import lab.c10k.harness.experiment.Trial;
import lab.c10k.harness.experiment.WarmUp;
import lab.c10k.harness.metrics.Spread;

/** The table {@code c10k compare} prints: one row per contender and cell, medians with the spread of req/s. */
public final class ResultsTable {
    private ResultsTable() {}

    /** The table, the idle-connection lines, the warm-ups and the perf cross-check, ready to print. */
    public static String text(ExperimentResult result) {
        List<CellSummary> rows = CellSummary.of(result);
        boolean fileIo = result.plan().fileIo().size() > 1;
        boolean anyErrors =
                rows.stream().anyMatch(r -> r.errors().count() > 0 && r.errors().max() > 0);
        var header = new ArrayList<>(List.of("strategy", "conns", "file", "keep-alive"));
        if (fileIo) {
            header.add("file-io");
        }
        header.addAll(List.of("req/s", "p50", "p99", "mean", "ctx sw/req", "CPU µs/req", "RSS"));
        if (anyErrors) {
            header.add("errors");
        }
        var lines = new ArrayList<List<String>>();
        lines.add(header);
        for (CellSummary r : rows) {
            var l = new ArrayList<String>();
            l.add(r.contender());
            l.add(Integer.toString(r.cell().connections()));
            l.add(r.cell().size());
            l.add(r.cell().keepAlive() ? "on" : "off");
            if (fileIo) {
                l.add(r.cell().fileIoName());
            }
            if (r.measured() == 0) {
                l.add("failed: " + shorten(r.error(), 60));
                lines.add(l);
                continue;
            }
            l.add(rateWithSpread(r.requestsPerSecond()) + (r.rough() ? " †" : ""));
            l.add(Units.micros(r.p50().median()));
            l.add(Units.micros(r.p99().median()));
            l.add((r.waiting() > 0 ? "≥ " : "")
                    + Units.micros(r.meanMicros())
                    + (r.littleDisagrees() ? " ≠" : "")
                    + (r.waiting() > 0 ? " w" : ""));
            String counts = r.countsDisagree() ? " ‡" : "";
            l.add(
                    Double.isNaN(r.contextSwitchesPerRequest().median())
                            ? "-"
                            : Units.ratio(r.contextSwitchesPerRequest().median())
                                    + ("/proc".equals(r.switchSource()) ? "*" : "")
                                    + counts);
            l.add(
                    Double.isNaN(r.cpuMicrosPerRequest().median())
                            ? "-"
                            : String.format(
                                            Locale.ROOT,
                                            "%.1f",
                                            r.cpuMicrosPerRequest().median())
                                    + counts);
            l.add(Units.bytes(r.rssBytes().median())
                    + (r.processes() > 1 && r.pssBytes().count() > 0
                            ? " (PSS " + Units.bytes(r.pssBytes().median()) + ")"
                            : ""));
            if (anyErrors) {
                l.add(Units.count(Math.round(r.errors().median())));
            }
            lines.add(l);
        }
        var s = new StringBuilder(format(lines));
        if (rows.stream().anyMatch(r -> "/proc".equals(r.switchSource()))) {
            s.append("* reference servers: context switches of their live threads and processes (/proc), which"
                    + " persist for the whole window; their CPU time is counted in 10 ms ticks per process, which"
                    + " undercounts a server of hundreds of processes (Apache prefork)\n");
        }
        if (rows.stream().anyMatch(CellSummary::rough)) {
            s.append("† the median latency is longer than the ")
                    .append(result.plan().duration().toMillis())
                    .append(" ms window: about one response per connection per window, so the per-request figures"
                            + " of this cell are rough; use a longer --duration\n");
        }
        if (rows.stream().anyMatch(CellSummary::countsDisagree)) {
            s.append(COUNTS_NOTE).append('\n');
        }
        if (rows.stream().anyMatch(CellSummary::littleDisagrees)) {
            s.append(LITTLE_NOTE).append('\n');
        }
        for (CellSummary r : rows) {
            if (r.waiting() > 0) {
                s.append(waitingLine(r)).append('\n');
            }
        }
        s.append("req/s: median of ")
                .append(result.plan().repetitions())
                .append(
                        result.plan().freshServerPerTrial()
                                ? " repetitions, each on a fresh server,"
                                : " repetitions on one server per strategy (the range is the windows' noise, not"
                                        + " how far a JVM's steady level moves from one start to the next),")
                .append(" ± half their range; other columns: medians. RSS: all processes of the server"
                        + " at the end of the window")
                .append(
                        rows.stream().anyMatch(r -> r.processes() > 1)
                                ? "; with several processes RSS counts shared pages in each, PSS shares them out"
                                : "")
                .append(".\n");
        List<IdleResult> idle = result.idle();
        if (!idle.isEmpty()) {
            s.append('\n');
            for (IdleResult i : idle) {
                s.append(idleLine(i)).append('\n');
            }
            idle.stream()
                    .filter(i -> i.okJvm() && i.connections() < PRECISE_IDLE_CONNECTIONS)
                    .mapToInt(IdleResult::connections)
                    .max()
                    .ifPresent(n -> s.append(roughIdleNote(n)).append('\n'));
            if (idle.stream().anyMatch(ResultsTable::anyNegative)) {
                s.append(NEGATIVE_NOTE).append('\n');
            }
        }
        if (!result.warmUps().isEmpty()) {
            s.append('\n');
            result.warmUps().forEach(w -> s.append(warmUpLine(w)).append('\n'));
        }
        if (!result.perfChecks().isEmpty()) {
            s.append('\n').append(perfLine(result.perfChecks())).append('\n');
        }
        return s.toString();
    }

    /** The footnote of a cell whose server and client counted different numbers of requests. */
    static final String COUNTS_NOTE = "‡ per-request figures divide by the server's count of requests, and in this"
            + " cell it differed from the client's by more than "
            + Math.round(Trial.COUNT_TOLERANCE * 100)
            + "% in a repetition (results.csv: requests, server_requests): read them as rough";

    /** The footnote of a cell whose mean latency is not the one Little's law gives for its throughput. */
    static final String LITTLE_NOTE = "≠ the mean latency differs from Little's law's (connections / throughput) by"
            + " more than "
            + Math.round(Trial.LITTLE_TOLERANCE * 100)
            + "% (over every request of the repetitions; results.csv: mean_us, littles_law_us per window): the"
            + " latency is long against the window, whose edges then weigh, or the server stalled at a window's"
            + " edge; mean: over every request of the repetitions, ≥ where connections waited unanswered";

    /**
     * The line of a cell where connections got no answer in a whole window, marked {@code w}: they are not left out
     * of the latencies, which hold their wait until the window closed.
     */
    static String waitingLine(CellSummary r) {
        return "w " + r.contender() + ", " + r.cell().connections() + " connections, "
                + r.cell().size()
                + ", keep-alive " + (r.cell().keepAlive() ? "on" : "off") + ": " + Units.count(r.waiting())
                + " connections got no answer in a whole window (the server's backlog, or behind slow responses);"
                + " their wait within it is in the latencies; requests wanted "
                + Units.count(Math.round(r.intended().median())) + ", answered "
                + Units.count(Math.round(r.served().median())) + " (median window)";
    }

    /**
     * {@code warm-up selector: steady after 3.5 s at 24,100 requests/s (2 KiB, 50 connections, keep-alive)}, with
     * the repetition when it is not the first.
     */
    static String warmUpLine(WarmUp w) {
        return "warm-up " + w.contender() + (w.repetition() > 1 ? " (repetition " + w.repetition() + ")" : "") + ": "
                + Narrative.warmUpState(w) + " (" + w.load() + ")";
    }

    /** Idle connections from which a JVM's RSS per connection is precise to a few hundred bytes. */
    static final int PRECISE_IDLE_CONNECTIONS = 10_000;

    /** Why RSS per connection of a JVM measured with {@code n} connections is rough. */
    static String roughIdleNote(int n) {
        return "idle RSS of a JVM from " + Units.count(n) + " connections is rough: the JVM's own memory (compiled"
                + " code, the C heap) moves by 1-4 MiB between the two readings, up to "
                + Units.bytes(4.0 * (1 << 20) / n) + " per connection here; the heap after GC is the steadier"
                + " figure, and --idle-connections 10000 (the full profile) narrows RSS to a few hundred bytes";
    }

    /** One line per idle measurement: bytes per idle connection. */
    public static String idleLine(IdleResult i) {
        String head = String.format(Locale.ROOT, "idle %-16s", i.contender());
        if (!i.ok()) {
            return head + " failed: " + i.error();
        }
        var s = new StringBuilder(head)
                .append(String.format(
                        Locale.ROOT,
                        " %s connections: %s RSS per connection",
                        Units.count(i.connections()),
                        perConnection(i.rssPerConnection())));
        if (!Double.isNaN(i.heapPerConnection())) {
            s.append(", ").append(perConnection(i.heapPerConnection())).append(" heap after GC");
        }
        s.append(", ").append(perConnection(i.kernelStackPerConnection())).append(" kernel stack");
        s.append(String.format(
                Locale.ROOT,
                " (threads %d -> %d, processes %d)",
                i.threadsBefore(),
                i.threadsAfter(),
                i.processesAfter()));
        return s.toString();
    }

    /**
     * Bytes per connection, marked with § when below zero: a figure no connection can cost, which {@link
     * #NEGATIVE_NOTE} explains.
     */
    public static String perConnection(double bytes) {
        return Units.bytes(bytes) + (bytes < 0 ? " §" : "");
    }

    /** Whether any per-connection figure of {@code i} is below zero. */
    public static boolean anyNegative(IdleResult i) {
        return i.ok()
                && (i.rssPerConnection() < 0
                        || i.pssPerConnection() < 0
                        || i.heapPerConnection() < 0
                        || i.kernelStackPerConnection() < 0);
    }

    /** Why a per-connection figure came out below zero. */
    public static final String NEGATIVE_NOTE =
            "§ below zero: the server's own memory shrank between the two readings by"
                    + " more than the idle connections added (a garbage collection, the C heap or the JIT returning memory,"
                    + " a worker process that ended), so the connections' cost is below the noise of this reading; more"
                    + " connections (--idle-connections) make it measurable";

    /** How far perf and the reported figures agree, in one line. */
    public static String perfLine(List<PerfCheck> checks) {
        var ratios = new ArrayList<Double>();
        var cpu = new ArrayList<Double>();
        for (PerfCheck c : checks) {
            ratios.add(c.switchRatio());
            cpu.add(c.cpuRatio());
        }
        Spread s = Spread.of(ratios);
        Spread c = Spread.of(cpu);
        return String.format(
                Locale.ROOT,
                "perf cross-check (%d servers): reported / perf context switches median %.3f (%.3f to %.3f); CPU time"
                        + " %.3f (%.3f to %.3f)",
                checks.size(),
                s.median(),
                s.min(),
                s.max(),
                c.median(),
                c.min(),
                c.max());
    }

    private static String rateWithSpread(Spread s) {
        double half = s.relativeHalfRange();
        return Units.rate(s.median())
                + (s.count() > 1 && !Double.isNaN(half) ? String.format(Locale.ROOT, " ±%.0f%%", half * 100) : "");
    }

    private static String shorten(String s, int max) {
        if (s == null) {
            return "";
        }
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    /** Columns aligned: text columns to the left, numbers to the right; a short row's last cell runs on. */
    private static String format(List<List<String>> lines) {
        List<String> header = lines.getFirst();
        int columns = header.size();
        boolean[] left = new boolean[columns];
        for (int i = 0; i < columns; i++) {
            left[i] = List.of("strategy", "file", "keep-alive", "file-io").contains(header.get(i));
        }
        int[] width = new int[columns];
        for (List<String> l : lines) {
            if (l.size() == columns) {
                for (int i = 0; i < columns; i++) {
                    width[i] = Math.max(width[i], l.get(i).length());
                }
            }
        }
        var s = new StringBuilder();
        for (List<String> l : lines) {
            var row = new StringBuilder();
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    row.append("  ");
                }
                boolean last = i == l.size() - 1;
                if (last && l.size() < columns) {
                    row.append(l.get(i));
                } else {
                    row.append(String.format(left[i] ? "%-" + width[i] + "s" : "%" + width[i] + "s", l.get(i)));
                }
            }
            s.append(row.toString().stripTrailing()).append('\n');
        }
        return s.toString();
    }
}
