package lab.c10k.harness.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import lab.c10k.files.FileIo;
import lab.c10k.harness.experiment.Cell;
import lab.c10k.harness.experiment.IdleResult;
import lab.c10k.harness.experiment.WarmUp;
import lab.c10k.harness.metrics.Spread;
import org.junit.jupiter.api.Test;

/**
 * The first screen follows the data: synthetic cells in which the leader, the gap, the waiting connections and the
 * marks flip, and the headline figures and sentences that must flip with them.
 */
class HeadlineTest {

    private static Spread around(double v, double spread) {
        return new Spread(v, v * (1 - spread), v * (1 + spread), 3);
    }

    /** One measured cell with a spread of ±{@code spread} on its throughput. */
    private static CellSummary row(
            String who, int connections, boolean keepAlive, double rps, double spread, double cpu, long waiting) {
        double mean = connections / rps * 1e6;
        return new CellSummary(
                who,
                "strategy",
                new Cell(connections, "2k.bin", 2048, keepAlive, FileIo.SENDFILE),
                3,
                0,
                null,
                around(rps, spread),
                around(mean / 2, 0),
                around(mean * 4, 0),
                around(cpu / 50, 0),
                around(cpu, 0),
                around(100 << 20, 0),
                around(90 << 20, 0),
                1,
                around(0, 0),
                "getrusage",
                false,
                false,
                around(mean, 0),
                false,
                waiting,
                around(rps, 0),
                around(rps, 0),
                mean,
                mean);
    }

    @Test
    void theLeaderIsTheOneMeasuredAndTheGapIsItsOwn() {
        var selectorFirst = List.of(
                row("selector", 100, true, 24_000, 0.01, 30, 0),
                row("thread", 100, true, 12_000, 0.01, 90, 0),
                row("virtual", 100, true, 18_000, 0.01, 50, 0));
        Headline h = Headline.leader(selectorFirst, true, "");
        assertThat(h.label()).isEqualTo("keep-alive · 2 KiB · 100 connections");
        assertThat(h.figure()).isEqualTo("selector 24,000 req/s");
        assertThat(h.sentence())
                .contains(
                        "selector served the most with keep-alive: 2.00 times thread (12,000 req/s), the slowest of 3")
                .contains("virtual came second, 25% behind, outside the spread of the repetitions");

        var threadFirst = List.of(
                row("selector", 100, false, 6_000, 0.01, 30, 0),
                row("thread", 100, false, 9_000, 0.01, 90, 0),
                row("virtual", 100, false, 3_000, 0.01, 50, 0));
        Headline flipped = Headline.leader(threadFirst, false, "");
        assertThat(flipped.figure()).isEqualTo("thread 9,000 req/s");
        assertThat(flipped.sentence())
                .contains("thread served the most without keep-alive: 3.00 times virtual")
                .contains("selector came second, 33% behind")
                .doesNotContain("selector served the most");
    }

    @Test
    void aLeadWithinTheSpreadOfTheRepetitionsIsCalledATie() {
        var close =
                List.of(row("selector", 100, true, 20_400, 0.05, 30, 0), row("thread", 100, true, 20_000, 0.05, 90, 0));
        assertThat(Headline.leader(close, true, "").sentence())
                .contains("thread came second (20,000 req/s) and their repetitions overlap")
                .contains("call it a tie")
                .doesNotContain("outside the spread");
    }

    @Test
    void connectionsThatWaitedUnansweredAreSaidAndMarked() {
        var answered = List.of(
                row("selector", 1000, true, 20_000, 0.01, 30, 0), row("thread", 1000, true, 10_000, 0.01, 90, 0));
        assertThat(Headline.latency(answered, "").sentence())
                .contains("selector 50.00 ms / 200.0 ms, thread 100.0 ms / 400.0 ms")
                .contains("Every connection got an answer in every window")
                .doesNotContain(" w ");

        var waited = List.of(
                row("selector", 1000, true, 20_000, 0.01, 30, 0), row("process", 1000, true, 10_000, 0.01, 90, 990));
        Headline h = Headline.latency(waited, "");
        assertThat(h.figure()).isEqualTo("selector 50.00 ms mean");
        assertThat(h.sentence())
                .contains("process 100.0 ms / 400.0 ms w")
                .contains("w process: 990 of 1000 connections got no answer in a whole window")
                .doesNotContain("Every connection got an answer");
    }

    @Test
    void theCostComparesTheLeaderWithTheLast() {
        var rows =
                List.of(row("selector", 100, true, 24_000, 0.01, 30, 0), row("thread", 100, true, 12_000, 0.01, 90, 0));
        assertThat(Headline.cost(rows, "").sentence())
                .contains("selector (most requests/s) used 30 µs of CPU and 0.60 context switches per request")
                .contains("thread (fewest) 90 µs of CPU and 1.80 context switches per request, 3.00 times");
        var flipped =
                List.of(row("selector", 100, true, 12_000, 0.01, 30, 0), row("thread", 100, true, 24_000, 0.01, 90, 0));
        assertThat(Headline.cost(flipped, "").figure()).isEqualTo("thread 90 µs CPU");
    }

    @Test
    void idleMemoryIsRankedAndANegativeFigureIsNamedNotRanked() {
        var idle = List.of(
                new IdleResult("thread", "strategy", 10_000, null, 0, 360L * 1024 * 10_000, 0, 0, 0, 0, 1, 1, 1, 0),
                new IdleResult("virtual", "strategy", 10_000, null, 0, 10L * 1024 * 10_000, 0, 0, 0, 0, 1, 1, 1, 0),
                new IdleResult("process", "strategy", 10_000, null, 1_000_000, 0, 0, 0, 0, 0, 1, 1, 1, 0));
        Headline h = Headline.idle(idle);
        assertThat(h.figure()).isEqualTo("virtual 10.0 KiB");
        assertThat(h.sentence())
                .contains("virtual 10.0 KiB, thread 360.0 KiB, each from 10,000 connections")
                .contains("process measured below zero (§")
                .doesNotContain("process -");
    }

    @Test
    void theWarmUpSaysWhoHeldSteadyAndWhoDidNot() {
        Headline h = Headline.warmUp(Fixtures.warmUps());
        assertThat(h.figure()).isEqualTo("virtual not steady");
        assertThat(h.sentence())
                .contains("selector after 3.5 s; thread after 2.0 s")
                .contains("virtual not steady after 10.0 s: still climbing");
        var steady = List.of(
                new WarmUp("virtual", 1, "2 KiB", 0.25, List.of(1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0), 2.0, 2.0),
                new WarmUp("virtual", 2, "2 KiB", 0.25, List.of(1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0), 3.0, 2.0));
        assertThat(Headline.warmUp(steady).figure()).isEqualTo("steady within 3.0 s");
        assertThat(Headline.warmUp(steady).sentence()).contains("virtual after 2.0 to 3.0 s over 2 warm-ups");
    }

    @Test
    void theFirstScreenComesBeforeAnyTableAndFollowsTheFixture() {
        String html = HtmlReport.write(Fixtures.result());
        int headline = html.indexOf("What this run shows");
        assertThat(headline).isPositive().isLessThan(html.indexOf("<table"));
        assertThat(html.indexOf("Throughput while warming up")).isLessThan(html.indexOf("<table class=\"cells\">"));
        assertThat(html).contains("nginx served the most with keep-alive: 3.00 times thread");
    }
}
