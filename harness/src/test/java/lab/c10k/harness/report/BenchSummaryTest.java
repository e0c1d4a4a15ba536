package lab.c10k.harness.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import lab.c10k.harness.load.ErrorCounts;
import lab.c10k.harness.load.LoadProfile;
import lab.c10k.harness.load.LoadResult;
import lab.c10k.harness.load.Pacing;
import lab.c10k.harness.load.Target;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The words of {@code c10k bench}'s summary come from the result: flip the data, the words follow. */
class BenchSummaryTest {
    private static final LoadProfile CLOSED =
            LoadProfile.closedLoop(new Target("127.0.0.1", 8080, "/2k.bin"), 10, Duration.ofSeconds(10));
    private static final LoadProfile OPEN = CLOSED.withRate(20_000);

    private static LoadResult result(
            LoadProfile p, double seconds, Map<Integer, Long> codes, Pacing pacing, boolean interrupted) {
        var latency = new Histogram(3_600_000_000_000L, 3);
        long requests = codes.values().stream().mapToLong(Long::longValue).sum();
        for (long i = 0; i < requests; i++) {
            latency.recordValue(500_000);
        }
        long non2xx = codes.entrySet().stream()
                .filter(e -> e.getKey() / 100 != 2)
                .mapToLong(Map.Entry::getValue)
                .sum();
        return new LoadResult(
                p,
                2,
                requests,
                requests * 2300,
                10,
                seconds,
                latency,
                latency,
                new ErrorCounts(0, 0, 0, 0, non2xx),
                codes,
                pacing,
                0,
                0,
                interrupted);
    }

    @Test
    void statusCodesAndNon2xx() {
        String all2xx = BenchSummary.text(result(CLOSED, 10, Map.of(200, 1000L), null, false));
        assertThat(all2xx)
                .contains("  requests       1,000 answered in 10.00 s: 100 requests/s")
                .contains("  status codes   200: 1,000\n")
                .contains("  non-2xx        none\n")
                .contains("  errors         none\n")
                .doesNotContain("interrupted");
        String mixed = BenchSummary.text(result(CLOSED, 10, Map.of(404, 12L, 200, 51_234L, 503, 4L), null, false));
        assertThat(mixed)
                .contains("  status codes   200: 51,234   404: 12   503: 4\n")
                .contains("  non-2xx        16 of 51,250 responses (0.03%), counted in the requests above\n")
                .contains("  errors         none\n");
    }

    @Test
    void abFiguresSayWhatTheyDivide() {
        String text = BenchSummary.text(result(CLOSED, 10, Map.of(200, 1000L), null, false));
        // 100 requests/s: 10 connections wait 100 ms each; a response comes out every 10 ms
        assertThat(text)
                .contains("user average wait time                  100.000 ms   10 connections / 100 requests/s:"
                        + " how long each of the 10 users waits for each of its responses (ab: \"Time per request\")")
                .contains("server average request processing time   10.000 ms   1 s / 100 requests/s: the mean time"
                        + " between two responses, all connections together");
    }

    @Test
    void anInterruptedRunSaysWhatItCovers() {
        String stopped = BenchSummary.text(result(CLOSED, 2.5, Map.of(200, 1000L), null, true));
        assertThat(stopped)
                .contains("  interrupted    after 2.50 s of the window of 10.00 s: the figures below cover those"
                        + " 2.50 s\n");
        String inWarmUp = BenchSummary.text(result(CLOSED, 0, Map.of(), null, true));
        assertThat(inWarmUp).isEqualTo("\n  interrupted    during the warm-up: nothing was measured\n");
        String counted = BenchSummary.text(result(CLOSED.withRequests(5000), 1, Map.of(200, 1000L), null, true));
        assertThat(counted).contains("after 1.00 s of the window, before all 5,000 requests:");
    }

    @Test
    void thePacingVerdictFollowsTheCounts() {
        var kept = new Pacing(20_000, 199_900, 300, 100, 10);
        var tooFew = new Pacing(20_000, 130_000, 120_000, 110_000, 10);
        var generatorBehind = new Pacing(20_000, 199_000, 50_000, 1_000, 10);
        assertThat(kept.kept()).isTrue();
        assertThat(tooFew.kept()).isFalse();
        assertThat(generatorBehind.kept()).isFalse(); // the count is right, but a quarter began late

        assertThat(BenchSummary.text(result(OPEN, 10, Map.of(200, 199_900L), kept, false)))
                .contains("  rate           kept: 20,000 requests/s asked, 19,990 begun per second (100.0%); 0.2%"
                        + " begun more than 1 ms after they were due\n");
        assertThat(BenchSummary.rateWarning(result(OPEN, 10, Map.of(200, 199_900L), kept, false)))
                .isNull();
        assertThat(BenchSummary.text(result(OPEN, 10, Map.of(200, 130_000L), tooFew, false)))
                .contains("  rate           NOT KEPT: 20,000 requests/s asked, 13,000 begun per second (65.0%); 92.3%"
                        + " begun more than 1 ms after they were due, most because their connection still awaited"
                        + " the previous response (use more connections, -c, or a lower rate)\n");
        assertThat(BenchSummary.rateWarning(result(OPEN, 10, Map.of(200, 199_000L), generatorBehind, false)))
                .isEqualTo("c10k: warning: rate NOT KEPT: 20,000 requests/s asked, 19,900 begun per second (99.5%);"
                        + " 25.1% begun more than 1 ms after they were due, most while their connection was free:"
                        + " the generator fell behind (a lower rate, or a faster machine for the generator)");
    }
}
