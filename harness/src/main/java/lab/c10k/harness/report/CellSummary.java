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
 * @param mean the mean latency of each repetition, µs, the waits of unanswered connections included
 * @param littleDisagrees whether the mean latency over every repetition's requests ({@link #meanMicros})
 *     differed from Little's law's ({@link #littleMicros}) by more than {@link Trial#LITTLE_TOLERANCE}, in a cell
 *     where every connection was answered (where some were not, the law does not hold: the mean is a lower bound)
 * @param waiting the most connections that got no answer in a whole window, over the repetitions
 * @param intended requests the clients wanted answered, median over the repetitions
 * @param served requests answered, median over the repetitions
 * @param meanMicros the mean latency over every request of the repetitions, µs: what the tables show
 * @param littleMicros Little's law's mean for the closed loop over the repetitions: connections x their windows /
 *     their responses, µs (NaN when nothing was answered)
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
        Spread served,
        double meanMicros,
        double littleMicros) {

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
                    disagrees(ok),
                    ok.stream().mapToLong(t -> t.client().waitingAtEnd()).max().orElse(0),
                    spread(ok, t -> t.client().intended()),
                    spread(ok, t -> t.client().requests()),
                    pooledMean(ok),
                    little(ok)));
        }
        return rows;
    }

    /** The mean latency over every latency the repetitions recorded, µs. */
    private static double pooledMean(List<Trial> ok) {
        double sum = 0;
        long n = 0;
        for (Trial t : ok) {
            Trial.Client c = t.client();
            long count = c.requests() + c.waitingAtEnd() + c.errors().timeout();
            sum += c.latency().mean() * count;
            n += count;
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Little's law's mean over the repetitions, µs: connections x the windows' seconds / the responses. */
    private static double little(List<Trial> ok) {
        double seconds = 0;
        long answered = 0;
        for (Trial t : ok) {
            seconds += t.client().durationSeconds();
            answered += t.client().requests();
        }
        return answered == 0 ? Double.NaN : ok.getFirst().cell().connections() * seconds / answered * 1e6;
    }

    private static boolean disagrees(List<Trial> ok) {
        if (ok.isEmpty() || ok.stream().anyMatch(t -> t.client().waitingAtEnd() > 0)) {
            return false;
        }
        double mean = pooledMean(ok);
        double little = little(ok);
        return !Double.isNaN(little) && Math.abs(mean / little - 1) > Trial.LITTLE_TOLERANCE;
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
