package lab.c10k.harness.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import lab.c10k.harness.metrics.PerfStat;
import lab.c10k.testkit.TestDocRoot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny experiment end to end: two real strategies in server JVMs of their own, a third that cannot start, two
 * cells, two repetitions, the idle-connection memory. Kept short: the point is that every figure is there and
 * plausible, not its value.
 */
class ExperimentTest {
    private static TestDocRoot docRoot;
    private static ExperimentResult result;

    @TempDir
    static Path work;

    @BeforeAll
    static void run() throws Exception {
        docRoot = TestDocRoot.create();
        var plan = Plan.builder(Profile.QUICK)
                .contenders(List.of(
                        new Contender.JavaStrategy("thread", "a thread per connection"),
                        new Contender.JavaStrategy("no-such-strategy", "cannot start"),
                        new Contender.JavaStrategy("virtual", "a virtual thread per connection")))
                .connections(List.of(4))
                .files(List.of("2k.bin"))
                .serverWarmup(Duration.ofMillis(300))
                .ramp(Duration.ofMillis(100))
                .duration(Duration.ofMillis(300))
                .repetitions(2)
                .idleConnections(50)
                .timeout(Duration.ofSeconds(10))
                .root(docRoot.root())
                .perf(true)
                .build();
        result = new Experiment(plan, work, Progress.NONE).run();
    }

    @AfterAll
    static void clean() {
        docRoot.close();
    }

    @Test
    void measuresEveryCellOfEveryStrategyThatStarts() {
        List<Trial> ok = result.trials().stream().filter(Trial::ok).toList();
        assertThat(ok).hasSize(2 * 2 * 2); // strategies x cells x repetitions
        for (Trial t : ok) {
            assertThat(t.client().requests()).as(t.toString()).isPositive();
            assertThat(t.client().errors().total()).isZero();
            assertThat(t.server().source()).isEqualTo("getrusage");
            // the server counts its own window; threads that wrote a response may count it a moment later
            assertThat(t.server().requests()).isPositive();
            assertThat(t.contextSwitchesPerRequest()).isPositive();
            assertThat(t.cpuMicrosPerRequest()).isPositive();
            assertThat(t.tree().rssBytes()).isGreaterThan(10L << 20);
            assertThat(t.tree().processes()).isEqualTo(1);
        }
        assertThat(ok.stream().map(Trial::repetition).distinct()).containsExactlyInAnyOrder(1, 2);
    }

    /** Each server is warmed with the small file kept alive, then closed; each warm-up is recorded step by step. */
    @Test
    void everyServerThatStartsIsWarmedAndTheWarmUpRecorded() {
        assertThat(result.warmUps()).hasSize(2 * 2); // strategies x (keep-alive, close)
        for (WarmUp w : result.warmUps()) {
            assertThat(w.contender()).isIn("thread", "virtual");
            assertThat(w.requestsPerSecond())
                    .as(w.toString())
                    .isNotEmpty()
                    .allSatisfy(r -> assertThat(r).isPositive());
            assertThat(w.seconds()).isGreaterThanOrEqualTo(w.stepSeconds());
            // a 300 ms cap: too short to see two windows agree
            assertThat(w.steady()).isFalse();
        }
        assertThat(result.warmUps().stream().map(WarmUp::load))
                .anySatisfy(l -> assertThat(l).contains("keep-alive"))
                .anySatisfy(l -> assertThat(l).contains("close"));
    }

    @Test
    void aStrategyThatCannotStartIsReportedNotFatal() {
        List<Trial> failed = result.trials().stream().filter(t -> !t.ok()).toList();
        assertThat(failed).hasSize(2 * 2);
        assertThat(failed).allSatisfy(t -> {
            assertThat(t.contender()).isEqualTo("no-such-strategy");
            assertThat(t.error()).startsWith("server did not start: no-such-strategy exited with status 2");
        });
        assertThat(result.notes())
                .anySatisfy(n -> assertThat(n)
                        .startsWith("no-such-strategy could not start")
                        .contains("not an installed strategy"));
        assertThat(result.idle().stream().filter(i -> i.contender().equals("no-such-strategy")))
                .singleElement()
                .satisfies(i -> assertThat(i.ok()).isFalse());
    }

    @Test
    void idleConnectionsCostAThreadEachOnlyUnderTheThreadStrategy() {
        IdleResult thread = idle("thread");
        IdleResult virtual = idle("virtual");
        assertThat(thread.ok()).as(thread.error()).isTrue();
        assertThat(virtual.ok()).as(virtual.error()).isTrue();
        assertThat(thread.threadsAfter() - thread.threadsBefore()).isBetween(50, 55);
        assertThat(virtual.threadsAfter() - virtual.threadsBefore()).isLessThan(10);
        // the heap is read through /gc; with 50 connections its change is within the collector's noise
        assertThat(thread.heapBefore()).isPositive();
        assertThat(virtual.heapAfter()).isPositive();
    }

    @Test
    void perfChecksEachServerWhenItCan() {
        if (PerfStat.unavailable().isPresent()) {
            assertThat(result.perfChecks()).isEmpty();
            assertThat(result.notes()).anySatisfy(n -> assertThat(n).startsWith("perf cross-check skipped"));
            return;
        }
        assertThat(result.perfChecks()).hasSize(2); // one server per strategy: the quick profile's
        for (PerfCheck c : result.perfChecks()) {
            assertThat(c.repetition()).as("one server for every repetition").isZero();
            assertThat(c.windows()).isEqualTo(2 * 2); // cells x repetitions
            assertThat(c.switchRatio()).as(c.toString()).isBetween(0.8, 1.2);
            assertThat(c.cpuRatio()).as(c.toString()).isBetween(0.7, 1.3);
        }
    }

    private static IdleResult idle(String name) {
        return result.idle().stream()
                .filter(i -> i.contender().equals(name))
                .findFirst()
                .orElseThrow();
    }

    static ExperimentResult result() {
        return result;
    }
}
