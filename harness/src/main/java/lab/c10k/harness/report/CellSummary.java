package lab.c10k.harness.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.ToDoubleFunction;
import lab.c10k.harness.experiment.Cell;
import lab.c10k.harness.experiment.ExperimentResult;
import lab.c10k.harness.experiment.Trial;
import lab.c10k.harness.metrics.Spread;

/**
 * The repetitions of one cell of one contender, reduced to medians and spreads: a row of the table.
 *
 * @param contender the server's name
 * @param kind {@code strategy} or {@code reference}
 * @param cell the cell
 * @param measured repetitions measured
 * @param failed repetitions that failed
 * @param error the first failure, or null
 * @param requestsPerSecond throughput
 * @param p50 median latency, µs
 * @param p99 99th percentile latency, µs
 * @param contextSwitchesPerRequest context switches per request
 * @param cpuMicrosPerRequest CPU µs per request
 * @param rssBytes RSS of the server's processes at the end of the window
 * @param pssBytes PSS likewise: shared pages split between the processes that share them (-1 when unreadable)
 * @param processes the most processes the server had at the end of a window
 * @param errors errors of every kind per window
 * @param switchSource where the switches come from ({@code getrusage} or {@code /proc})
 * @param rough whether the median latency is longer than the window: each connection then completes about one
 *     response per window, so the per-request figures rest on few completions and the server's count of them
 * @param countsDisagree whether in any measured repetition the server's count of requests, which the per-request
 *     figures divide by, differed from the client's by more than {@link Trial#COUNT_TOLERANCE}
 * @param mean mean latency, µs, the waits of unanswered connections included
 * @param littleDisagrees whether in any measured repetition the mean latency differed from Little's law's
 *     (connections / throughput) by more than {@link Trial#LITTLE_TOLERANCE}
 * @param waiting the most connections that got no answer in a whole window, over the repetitions
 * @param intended requests the clients wanted answered, median over the repetitions
 * @param served requests answered, median over the repetitions
 */
public record CellSummary(
        String contender,
        String kind,
        Cell cell,
        int measured,
        int failed,
        String error,
        Spread requestsPerSecond,
        Spread p50,
        Spread p99,
        Spread contextSwitchesPerRequest,
        Spread cpuMicrosPerRequest,
        Spread rssBytes,
        Spread pssBytes,
        int processes,
        Spread errors,
        String switchSource,
        boolean rough,
        boolean countsDisagree,
        Spread mean,
        boolean littleDisagrees,
        long waiting,
        Spread intended,
        Spread served) {

    /** One summary per contender and cell, in the order the trials were planned (contender, then cell). */
    public static List<CellSummary> of(ExperimentResult result) {
        var groups = new LinkedHashMap<String, List<Trial>>();
        for (String contender : contenderOrder(result)) {
            for (Trial t : result.trials()) {
                if (t.contender().equals(contender)) {
                    groups.computeIfAbsent(contender + "\u0000" + t.cell(), k -> new ArrayList<>())
                            .add(t);
                }
            }
        }
        var rows = new ArrayList<CellSummary>();
        double windowMicros = result.plan().duration().toNanos() / 1e3;
        for (List<Trial> ts : groups.values()) {
            Trial first = ts.getFirst();
            List<Trial> ok = ts.stream().filter(Trial::ok).toList();
            String error = ts.stream()
                    .filter(t -> !t.ok())
                    .map(Trial::error)
                    .findFirst()
                    .orElse(null);
            Spread p50 = spread(ok, t -> t.client().latency().p50());
            rows.add(new CellSummary(
                    first.contender(),
                    first.kind(),
                    first.cell(),
                    ok.size(),
                    ts.size() - ok.size(),
                    error,
                    spread(ok, t -> t.client().requestsPerSecond()),
                    p50,
                    spread(ok, t -> t.client().latency().p99()),
                    spread(ok, Trial::contextSwitchesPerRequest),
                    spread(ok, Trial::cpuMicrosPerRequest),
                    spread(ok, t -> t.tree().rssBytes()),
                    spread(
                            ok,
                            t -> t.tree().pssBytes() < 0 ? Double.NaN : t.tree().pssBytes()),
                    ok.stream().mapToInt(t -> t.tree().processes()).max().orElse(0),
                    spread(ok, t -> t.client().errors().total()),
                    ok.isEmpty() ? null : ok.getFirst().server().source(),
                    p50.count() > 0 && p50.median() > windowMicros,
                    ok.stream().anyMatch(t -> !t.countsAgree()),
                    spread(ok, t -> t.client().latency().mean()),
                    ok.stream().anyMatch(t -> !t.latencyAgreesWithLittle()),
                    ok.stream().mapToLong(t -> t.client().waitingAtEnd()).max().orElse(0),
                    spread(ok, t -> t.client().intended()),
                    spread(ok, t -> t.client().requests())));
        }
        return rows;
    }

    /** The contenders in the order they were planned. */
    static List<String> contenderOrder(ExperimentResult result) {
        var names = new ArrayList<String>();
        result.plan().contenders().forEach(c -> names.add(c.name()));
        for (Trial t : result.trials()) {
            if (!names.contains(t.contender())) {
                names.add(t.contender());
            }
        }
        return names;
    }

    private static Spread spread(List<Trial> trials, ToDoubleFunction<Trial> f) {
        return Spread.of(trials.stream().map(t -> f.applyAsDouble(t)).toList());
    }
}
