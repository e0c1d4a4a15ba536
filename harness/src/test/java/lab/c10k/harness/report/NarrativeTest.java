package lab.c10k.harness.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import lab.c10k.files.FileIo;
import lab.c10k.harness.experiment.Cell;
import lab.c10k.harness.metrics.Spread;
import org.junit.jupiter.api.Test;

/**
 * The report's sentences follow the data: synthetic results in which the ranking, the gap and the trend flip, and
 * the words that must flip with them.
 */
class NarrativeTest {

    private static Spread exactly(double v) {
        return new Spread(v, v, v, 3);
    }

    /** One measured row: {@code rps} requests/s, {@code switches} and {@code cpu} µs per request. */
    private static CellSummary row(
            String who, int connections, boolean keepAlive, double rps, double switches, double cpu) {
        return new CellSummary(
                who,
                "strategy",
                new Cell(connections, "2k.bin", 2048, keepAlive, FileIo.SENDFILE),
                3,
                0,
                null,
                exactly(rps),
                exactly(1000),
                exactly(5000),
                exactly(switches),
                exactly(cpu),
                exactly(100 << 20),
                exactly(90 << 20),
                1,
                exactly(0),
                "getrusage",
                false,
                false,
                exactly(connections / rps * 1e6),
                false,
                0,
                exactly(rps * 3),
                exactly(rps * 3),
                connections / rps * 1e6,
                connections / rps * 1e6);
    }

    @Test
    void theLinesPartOnlyWhenTheMeasuredGapGrows() {
        var parting = List.of(
                row("selector", 10, true, 20_000, 0.5, 40),
                row("thread", 10, true, 19_000, 1.0, 50),
                row("selector", 1000, true, 30_000, 0.1, 30),
                row("thread", 1000, true, 10_000, 1.0, 90));
        assertThat(Narrative.throughput(parting, "2k.bin", true))
                .contains("At 1000 connections selector served the most, 30,000 requests/s, 3.00 times thread")
                .contains("Here the lines part as connections grow")
                .contains("1.05 times the slowest at 10 connections and 3.00 times at 1000")
                .contains("selector leads at both ends");

        var parallel = List.of(
                row("selector", 10, true, 20_000, 0.5, 40),
                row("thread", 10, true, 19_000, 1.0, 50),
                row("selector", 1000, true, 21_000, 0.1, 30),
                row("thread", 1000, true, 20_000, 1.0, 90));
        assertThat(Narrative.throughput(parallel, "2k.bin", true))
                .contains("Here the lines keep their distance")
                .doesNotContain("part as connections grow");
    }

    @Test
    void theLeaderNamedIsTheOneMeasuredAndALeadThatPassesIsSaid() {
        var threadFirst = List.of(
                row("selector", 10, true, 10_000, 0.5, 40),
                row("thread", 10, true, 30_000, 1.0, 50),
                row("selector", 1000, true, 12_000, 0.1, 30),
                row("thread", 1000, true, 24_000, 1.0, 90));
        assertThat(Narrative.throughput(threadFirst, "2k.bin", true))
                .contains("At 1000 connections thread served the most, 24,000 requests/s, 2.00 times selector")
                .contains("Here the lines close up as connections grow: the fastest served 3.00 times the slowest at"
                        + " 10 connections and 2.00 times at 1000")
                .contains("thread leads at both ends");

        var flips = List.of(
                row("selector", 10, true, 10_000, 0.5, 40),
                row("thread", 10, true, 30_000, 1.0, 50),
                row("selector", 1000, true, 24_000, 0.1, 30),
                row("thread", 1000, true, 12_000, 1.0, 90));
        assertThat(Narrative.throughput(flips, "2k.bin", true))
                .contains("At 1000 connections selector served the most")
                .contains("the lead passes from thread to selector");
    }

    @Test
    void withoutKeepAliveTheCostOfAConnectionIsTheMeasuredCpuCheapestFirst() {
        var rows = List.of(
                row("selector", 100, false, 9_000, 0.2, 95),
                row("thread", 100, false, 2_000, 6.0, 480),
                row("process", 100, false, 4_000, 0.4, 250));
        String text = Narrative.throughput(rows, "2k.bin", false);
        assertThat(text)
                .contains("a prefork pool hands the connection to a process started beforehand")
                .doesNotContain("forks")
                .contains("a request, and so a connection, cost in CPU time: selector 95 µs, process 250 µs,"
                        + " thread 480 µs");
    }

    @Test
    void switchesPerRequestAreTheMeasuredOnesWithTheirTrend() {
        var rows = List.of(
                row("selector", 10, true, 20_000, 0.9, 40),
                row("thread", 10, true, 19_000, 1.02, 50),
                row("selector", 1000, true, 30_000, 0.21, 30),
                row("thread", 1000, true, 10_000, 1.04, 90));
        String text = Narrative.contextSwitches(rows);
        assertThat(text)
                .contains("switches per request with keep-alive selector 0.21, thread 1.04")
                .contains("From 10 to 1000 connections with keep-alive, switches per request went: selector 0.90 to"
                        + " 0.21, thread 1.02 to 1.04")
                .doesNotContain("about two switches");
    }

    @Test
    void theWarmUpParagraphFollowsEachCurve() {
        String text = Narrative.warmUp(Fixtures.warmUps());
        assertThat(text)
                .contains("selector rose from 8,000 requests/s in its first step and was steady after 3.5 s at 24,100")
                .contains("thread was level from its first step and was steady after 2.0 s")
                .contains("virtual rose from 10,000 requests/s in its first step and was not steady after 10.0 s:"
                        + " still climbing");

        var falling = new java.util.ArrayList<Double>();
        for (int i = 0; i < 16; i++) {
            falling.add(30_000.0 - 1_000 * i);
        }
        var w = new lab.c10k.harness.experiment.WarmUp(
                "virtual", 1, "2 KiB", 0.25, falling, Double.NaN, 0.25 * falling.size());
        assertThat(Narrative.warmUpState(w))
                .startsWith("not steady after 4.0 s: falling")
                .doesNotContain("climbing");
        assertThat(Narrative.warmUp(List.of(w))).contains("virtual fell from 30,000 requests/s");
    }

    @Test
    void theChartShowsTheFirstWarmUpOfEachContender() {
        var a1 = new lab.c10k.harness.experiment.WarmUp("a", 1, "first load", 0.25, List.of(1.0), 0.25, 0.25);
        var a1b = new lab.c10k.harness.experiment.WarmUp("a", 1, "second load", 0.25, List.of(1.0), 0.25, 0.25);
        var b2 = new lab.c10k.harness.experiment.WarmUp("b", 2, "first load", 0.25, List.of(1.0), 0.25, 0.25);
        var b1 = new lab.c10k.harness.experiment.WarmUp("b", 1, "first load", 0.25, List.of(1.0), 0.25, 0.25);
        assertThat(Narrative.firstWarmUps(List.of(a1, a1b, b2, b1))).containsExactly(a1, b1);
    }
}
