package lab.c10k.harness.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import lab.c10k.files.FileIo;
import lab.c10k.harness.experiment.ExperimentResult;
import lab.c10k.harness.experiment.IdleResult;
import lab.c10k.harness.experiment.Trial;
import lab.c10k.harness.experiment.WarmUp;
import lab.c10k.harness.metrics.Spread;

/**
 * One figure of the report's first screen, "What this run shows": a label that names the cell, the figure, and a
 * sentence that places it. Each is computed from the results, like {@link Narrative}'s paragraphs: who led and by
 * how much, latency where connections are most, the cost of a request, of an idle connection, and of warming up.
 * A figure the results mark (‡, ≠, w, §) is said to be marked, or left out; a figure not measured is said to be.
 *
 * @param label what the figure is about, e.g. {@code keep-alive · 2 KiB · 100 connections}
 * @param figure the figure itself, short
 * @param sentence the computed sentence beside it
 */
record Headline(String label, String figure, String sentence) {

    /**
     * What the spread of a run with one server per strategy does not show (the quick profile): measured, one JVM
     * settles at 25k or at 36k requests/s from one start to the next (docs/measurements.md).
     */
    static final String ONE_SERVER = " (Repetitions on one server per strategy: a JVM's steady level can move"
            + " more than this spread between starts; --profile full measures each window on a fresh one.)";

    /** The connection count the headline looks for first: the one nearest to it is "the" cell. */
    static final int TYPICAL_CONNECTIONS = 100;

    /** The headline figures of a run, in the order they are shown. */
    static List<Headline> of(ExperimentResult result, List<CellSummary> rows) {
        FileIo io =
                result.plan().fileIo().isEmpty() ? null : result.plan().fileIo().getFirst();
        boolean manyIo = result.plan().fileIo().size() > 1;
        var measured = rows.stream()
                .filter(r -> r.measured() > 0
                        && (r.cell().fileIo() == null || r.cell().fileIo() == io))
                .toList();
        var out = new ArrayList<Headline>();
        if (measured.isEmpty()) {
            out.add(new Headline("throughput", "-", "No cell was measured in this run: see the table for the errors."));
        } else {
            long smallest =
                    measured.stream().mapToLong(r -> r.cell().fileBytes()).min().orElseThrow();
            var small = measured.stream()
                    .filter(r -> r.cell().fileBytes() == smallest)
                    .toList();
            int typical = nearest(small, TYPICAL_CONNECTIONS);
            String ioLabel = manyIo && io != null ? " · file-io " + io.name().toLowerCase(Locale.ROOT) : "";
            for (boolean keep : new boolean[] {true, false}) {
                var cell = small.stream()
                        .filter(r -> r.cell().keepAlive() == keep && r.cell().connections() == typical)
                        .toList();
                if (!cell.isEmpty()) {
                    Headline h = leader(cell, keep, ioLabel);
                    out.add(
                            result.plan().freshServerPerTrial() || result.plan().repetitions() < 2
                                    ? h
                                    : new Headline(h.label(), h.figure(), h.sentence() + ONE_SERVER));
                }
            }
            boolean keep = small.stream().anyMatch(r -> r.cell().keepAlive());
            int most = small.stream()
                    .filter(r -> r.cell().keepAlive() == keep)
                    .mapToInt(r -> r.cell().connections())
                    .max()
                    .orElseThrow();
            out.add(latency(
                    small.stream()
                            .filter(r ->
                                    r.cell().keepAlive() == keep && r.cell().connections() == most)
                            .toList(),
                    ioLabel));
            out.add(cost(
                    small.stream()
                            .filter(r ->
                                    r.cell().keepAlive() == keep && r.cell().connections() == typical)
                            .toList(),
                    ioLabel));
        }
        out.add(idle(result.idle()));
        out.add(warmUp(result.warmUps()));
        return out;
    }

    private static String label(CellSummary r, String ioLabel) {
        return (r.cell().keepAlive() ? "keep-alive" : "Connection: close") + " · "
                + r.cell().size() + " · " + r.cell().connections() + " connections" + ioLabel;
    }

    private static List<CellSummary> byRate(List<CellSummary> cell) {
        return cell.stream()
                .sorted(Comparator.comparingDouble(
                                (CellSummary r) -> r.requestsPerSecond().median())
                        .reversed())
                .toList();
    }

    /** Who served the most in one cell, by how much, and whether the repetitions' spread allows calling it. */
    static Headline leader(List<CellSummary> cell, boolean keepAlive, String ioLabel) {
        var ranked = byRate(cell);
        CellSummary first = ranked.getFirst();
        String figure = first.contender() + " " + rps(first.requestsPerSecond().median());
        var s = new StringBuilder();
        if (ranked.size() == 1) {
            s.append("Only ").append(first.contender()).append(" was measured in this cell.");
        } else {
            CellSummary second = ranked.get(1);
            CellSummary last = ranked.getLast();
            s.append(String.format(
                    Locale.ROOT,
                    "%s served the most %s: %s times %s (%s), the slowest of %d.",
                    first.contender(),
                    keepAlive ? "with keep-alive" : "without keep-alive",
                    Units.ratio(first.requestsPerSecond().median()
                            / last.requestsPerSecond().median()),
                    last.contender(),
                    rps(last.requestsPerSecond().median()),
                    ranked.size()));
            Spread a = first.requestsPerSecond();
            Spread b = second.requestsPerSecond();
            if (a.min() <= b.max()) {
                s.append(String.format(
                        Locale.ROOT,
                        " %s came second (%s) and their repetitions overlap (%s against %s): call it a tie.",
                        second.contender(),
                        rps(b.median()),
                        range(a),
                        range(b)));
            } else {
                s.append(String.format(
                        Locale.ROOT,
                        " %s came second, %.0f%% behind, outside the spread of the repetitions.",
                        second.contender(),
                        (1 - b.median() / a.median()) * 100));
            }
        }
        var rough = cell.stream()
                .filter(CellSummary::rough)
                .map(CellSummary::contender)
                .toList();
        if (!rough.isEmpty()) {
            s.append(" † ")
                    .append(String.join(", ", rough))
                    .append(": the median latency is longer than the window, so the figure is rough.");
        }
        return new Headline(label(first, ioLabel), figure, s.toString());
    }

    /** Mean and p99 latency where the connections are most, and whether connections waited unanswered. */
    static Headline latency(List<CellSummary> cell, String ioLabel) {
        var ranked = cell.stream()
                .sorted(Comparator.comparingDouble(r -> r.meanMicros()))
                .toList();
        CellSummary best = ranked.getFirst();
        var parts = new ArrayList<String>();
        for (CellSummary r : ranked) {
            parts.add(r.contender() + " " + Units.micros(r.meanMicros()) + " / "
                    + Units.micros(r.p99().median()) + (r.littleDisagrees() ? " ≠" : "")
                    + (r.waiting() > 0 ? " w" : ""));
        }
        var s = new StringBuilder("Mean / p99 latency: ")
                .append(String.join(", ", parts))
                .append('.');
        var waited = ranked.stream().filter(r -> r.waiting() > 0).toList();
        if (waited.isEmpty()) {
            s.append(" Every connection got an answer in every window.");
        } else {
            for (CellSummary r : waited) {
                s.append(String.format(
                        Locale.ROOT,
                        " w %s: %s of %d connections got no answer in a whole window (%s requests wanted, %s"
                                + " answered, median window); their wait is in the figures.",
                        r.contender(),
                        Units.count(r.waiting()),
                        r.cell().connections(),
                        Units.count(Math.round(r.intended().median())),
                        Units.count(Math.round(r.served().median()))));
            }
        }
        if (ranked.stream().anyMatch(CellSummary::littleDisagrees)) {
            s.append(" ≠ the mean differs from connections / throughput (Little's law) by more than ")
                    .append(Math.round(Trial.LITTLE_TOLERANCE * 100))
                    .append("%: read it as rough.");
        }
        String figure = best.contender() + " " + Units.micros(best.meanMicros()) + " mean"
                + (best.littleDisagrees() ? " ≠" : "");
        return new Headline("latency · " + label(best, ioLabel), figure, s.toString());
    }

    /** CPU time and context switches per request of the leader and of the last, in the headline's cell. */
    static Headline cost(List<CellSummary> cell, String ioLabel) {
        var ranked = byRate(cell);
        CellSummary first = ranked.getFirst();
        CellSummary last = ranked.getLast();
        String label = "cost per request · " + label(first, ioLabel);
        if (Double.isNaN(first.cpuMicrosPerRequest().median())) {
            return new Headline(label, "-", "The CPU time of " + first.contender() + " was not measured.");
        }
        String figure = first.contender() + " "
                + Units.micros(first.cpuMicrosPerRequest().median()) + " CPU" + (first.countsDisagree() ? " ‡" : "");
        var s = new StringBuilder(first.contender())
                .append(" (most requests/s) used ")
                .append(costOf(first));
        if (last != first) {
            s.append("; ").append(last.contender()).append(" (fewest) ").append(costOf(last));
            double a = first.cpuMicrosPerRequest().median();
            double b = last.cpuMicrosPerRequest().median();
            if (!Double.isNaN(b) && b > 0 && a > 0) {
                s.append(String.format(
                        Locale.ROOT, ", %s times the CPU time of %s", Units.ratio(b / a), first.contender()));
            }
        }
        s.append('.');
        var marked = List.of(first, last).stream()
                .distinct()
                .filter(CellSummary::countsDisagree)
                .map(CellSummary::contender)
                .toList();
        if (!marked.isEmpty()) {
            s.append(" ‡ ")
                    .append(String.join(", ", marked))
                    .append(": these figures divide by the server's count of requests, which differed from the"
                            + " client's by more than ")
                    .append(Math.round(Trial.COUNT_TOLERANCE * 100))
                    .append("%; read them as rough.");
        }
        return new Headline(label, figure, s.toString());
    }

    private static String costOf(CellSummary r) {
        double cpu = r.cpuMicrosPerRequest().median();
        double sw = r.contextSwitchesPerRequest().median();
        return (Double.isNaN(cpu) ? "CPU time not measured" : Units.micros(cpu) + " of CPU") + " and "
                + (Double.isNaN(sw) ? "context switches not measured" : Units.ratio(sw) + " context switches")
                + " per request";
    }

    /** RSS per idle connection, cheapest first; a figure below zero (§) is named but not ranked. */
    static Headline idle(List<IdleResult> idle) {
        var ok = idle.stream()
                .filter(i -> i.ok() && i.rssPerConnection() >= 0)
                .sorted(Comparator.comparingDouble(IdleResult::rssPerConnection))
                .toList();
        if (ok.isEmpty()) {
            return new Headline(
                    "memory per idle connection",
                    "-",
                    idle.isEmpty()
                            ? "Not measured in this run (--idle-connections 0)."
                            : "No figure to show: " + notShown(idle) + ".");
        }
        boolean sameCount =
                ok.stream().allMatch(i -> i.connections() == ok.getFirst().connections());
        var parts = new ArrayList<String>();
        for (IdleResult i : ok) {
            String p = i.contender() + " " + Units.bytes(i.rssPerConnection());
            if (i.kernelStackPerConnection() > 1024) {
                p += " (plus " + Units.bytes(i.kernelStackPerConnection()) + " of kernel stack)";
            }
            parts.add(sameCount ? p : p + " (from " + Units.count(i.connections()) + " connections)");
        }
        var s = new StringBuilder("RSS per idle keep-alive connection: ").append(String.join(", ", parts));
        s.append(sameCount ? ", each from " + Units.count(ok.getFirst().connections()) + " connections." : ".");
        var others =
                idle.stream().filter(i -> !i.ok() || i.rssPerConnection() < 0).toList();
        if (!others.isEmpty()) {
            s.append(' ').append(notShown(others)).append('.');
        }
        ok.stream()
                .filter(i -> i.okJvm() && i.connections() < ResultsTable.PRECISE_IDLE_CONNECTIONS)
                .mapToInt(IdleResult::connections)
                .min()
                .ifPresent(n -> s.append(" From ")
                        .append(Units.count(n))
                        .append(" connections a JVM's figure is rough, by up to ")
                        .append(Units.bytes(4.0 * (1 << 20) / n))
                        .append(" (see the memory section)."));
        IdleResult cheapest = ok.getFirst();
        return new Headline(
                "memory per idle connection",
                cheapest.contender() + " " + Units.bytes(cheapest.rssPerConnection()),
                s.toString());
    }

    private static String notShown(List<IdleResult> idle) {
        var parts = new ArrayList<String>();
        for (IdleResult i : idle) {
            parts.add(
                    i.ok()
                            ? i.contender() + " measured below zero (§: its memory shrank between the readings,"
                                    + " the connections' cost is below the noise)"
                            : i.contender() + " could not be measured (" + i.error() + ")");
        }
        return String.join("; ", parts);
    }

    /** How long each contender took to hold steady, or that it did not. */
    static Headline warmUp(List<WarmUp> warmUps) {
        if (warmUps.isEmpty()) {
            return new Headline("warm-up", "-", "No warm-up was recorded in this run.");
        }
        var parts = new ArrayList<String>();
        var unsteady = new ArrayList<String>();
        double longest = 0;
        for (String name : warmUps.stream().map(WarmUp::contender).distinct().toList()) {
            var mine = warmUps.stream().filter(w -> w.contender().equals(name)).toList();
            parts.add(name + " " + Narrative.warmUpTimes(mine));
            if (mine.stream().anyMatch(w -> !w.steady())) {
                unsteady.add(name);
            }
            longest = Math.max(
                    longest,
                    mine.stream()
                            .filter(WarmUp::steady)
                            .mapToDouble(WarmUp::steadyAfterSeconds)
                            .max()
                            .orElse(0));
        }
        String figure = unsteady.isEmpty()
                ? String.format(Locale.ROOT, "steady within %.1f s", longest)
                : String.join(", ", unsteady) + " not steady";
        var s = new StringBuilder("Warm-up until the throughput held steady: ")
                .append(String.join("; ", parts))
                .append('.');
        if (!unsteady.isEmpty()) {
            s.append(" A server that did not hold steady was measured while its throughput still moved: its"
                    + " figures may be off (see the warm-up chart).");
        }
        return new Headline("warm-up", figure, s.toString());
    }

    /** The connection count of {@code rows} nearest to {@code target}, the smaller of two as near. */
    private static int nearest(List<CellSummary> rows, int target) {
        return rows.stream()
                .map(r -> r.cell().connections())
                .distinct()
                .min(Comparator.comparingInt((Integer c) -> Math.abs(c - target))
                        .thenComparing(Function.identity()))
                .orElseThrow();
    }

    private static String rps(double v) {
        return Units.rate(v) + " req/s";
    }

    private static String range(Spread s) {
        return Units.rate(s.min()) + "–" + Units.rate(s.max());
    }
}
