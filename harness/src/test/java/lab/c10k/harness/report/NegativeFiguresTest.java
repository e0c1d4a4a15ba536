package lab.c10k.harness.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import lab.c10k.harness.experiment.ExperimentResult;
import lab.c10k.harness.experiment.IdleResult;
import org.junit.jupiter.api.Test;

/**
 * No connection costs less than nothing: an idle figure below zero (selector once read -674 B of RSS per
 * connection, process -14.4 KiB of heap) reaches the user marked and explained, and a positive one unmarked.
 */
class NegativeFiguresTest {

    private static ExperimentResult withIdle(List<IdleResult> idle) {
        return Fixtures.withIdle(Fixtures.result(), idle);
    }

    /** 2,000 connections; RSS and heap each moved by {@code rss} and {@code heap} bytes in all. */
    private static IdleResult idle(String who, long rss, long heap) {
        return new IdleResult(
                who,
                "strategy",
                2000,
                null,
                100L << 20,
                (100L << 20) + rss,
                -1,
                -1,
                5L << 20,
                (5L << 20) + heap,
                15,
                15,
                1,
                0);
    }

    @Test
    void aFigureBelowZeroIsMarkedAndExplainedEverywhere() {
        ExperimentResult r = withIdle(
                List.of(idle("selector", -674L * 2000, 491L * 2000), idle("virtual", 9_830L * 2000, 9_800L * 2000)));

        String table = ResultsTable.text(r);
        assertThat(table.lines().filter(l -> l.startsWith("idle selector")))
                .singleElement()
                .satisfies(l ->
                        assertThat(l).contains("-674 B § RSS per connection").contains("491 B heap"));
        assertThat(table.lines().filter(l -> l.startsWith("idle virtual")))
                .singleElement()
                .satisfies(l -> assertThat(l).doesNotContain("§"));
        assertThat(table).contains("§ below zero: the server's own memory shrank between the two readings");

        String html = HtmlReport.write(r);
        assertThat(html).contains("-674 B §").contains("§ below zero");
    }

    @Test
    void withoutANegativeFigureThereIsNoNote() {
        String table = ResultsTable.text(withIdle(List.of(idle("virtual", 9_830L * 2000, 9_800L * 2000))));
        assertThat(table).doesNotContain("§");
        assertThat(HtmlReport.write(withIdle(List.of(idle("virtual", 9_830L * 2000, 9_800L * 2000)))))
                .doesNotContain("§");
    }
}
