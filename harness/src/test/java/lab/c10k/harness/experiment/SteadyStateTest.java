package lab.c10k.harness.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import lab.c10k.harness.load.WindowListener;
import org.junit.jupiter.api.Test;

/** When a warm-up counts as steady: series of steps fed to it, and a real clock for the cap. */
class SteadyStateTest {

    private static List<Long> counts(List<Double> rps) {
        return rps.stream()
                .map(r -> Math.round(r * WindowListener.WARMUP_STEP.toMillis() / 1e3))
                .collect(Collectors.toList());
    }

    private static boolean steady(List<Double> rps) {
        return SteadyState.steady(rps, counts(rps));
    }

    @Test
    void aLevelSeriesIsSteadyAfterTwoWindows() {
        var level = new ArrayList<Double>();
        for (int i = 0; i < 2 * SteadyState.WINDOW_STEPS - 1; i++) {
            level.add(20_000.0 + (i % 2) * 300);
            assertThat(steady(level)).as("fewer steps than two windows").isFalse();
        }
        level.add(20_000.0);
        assertThat(steady(level)).isTrue();
    }

    @Test
    void aClimbingJitIsNotSteadyUntilItLevels() {
        // 10k, climbing 8% a step, then level at the top: steady only once two whole windows sit on the plateau
        var series = new ArrayList<Double>();
        double r = 10_000;
        for (int i = 0; i < 10; i++) {
            series.add(r);
            assertThat(steady(series)).as("still climbing at step %d", i).isFalse();
            r *= 1.08;
        }
        int plateauSteps = 0;
        while (!steady(series)) {
            series.add(r);
            plateauSteps++;
        }
        assertThat(plateauSteps).isBetween(SteadyState.WINDOW_STEPS, 2 * SteadyState.WINDOW_STEPS);
    }

    @Test
    void windowsThatDifferByMoreThanTheToleranceAreNotSteady() {
        var before = IntStream.range(0, SteadyState.WINDOW_STEPS).mapToObj(i -> 10_000.0);
        var after =
                IntStream.range(0, SteadyState.WINDOW_STEPS).mapToObj(i -> 10_000.0 * (1 + 2 * SteadyState.TOLERANCE));
        var series = new ArrayList<Double>();
        before.forEach(series::add);
        after.forEach(series::add);
        assertThat(steady(series)).isFalse();
    }

    @Test
    void tooFewResponsesAreNeverSteady() {
        var slow = new ArrayList<Double>();
        for (int i = 0; i < 4 * SteadyState.WINDOW_STEPS; i++) {
            slow.add(40.0); // 10 responses a step: a window of 2 MiB to a few connections
        }
        assertThat(steady(slow)).isFalse();
    }

    /** A level throughput is not enough while the server's compiler is still working. */
    @Test
    void aBusyCompilerIsNotDone() {
        int w = SteadyState.WINDOW_STEPS;
        long window = w * WindowListener.WARMUP_STEP.toMillis();
        var busy = new ArrayList<Long>();
        var quiet = new ArrayList<Long>();
        for (int i = 0; i <= w; i++) {
            busy.add(i * window / w / 5); // a fifth of every step compiling
            quiet.add(900L + (i == w ? 1 : 0)); // a millisecond in a whole window
        }
        assertThat(SteadyState.compilerQuiet(busy)).isFalse();
        assertThat(SteadyState.compilerQuiet(quiet)).isTrue();
        assertThat(SteadyState.compilerQuiet(List.of(-1L, -1L, -1L, -1L, -1L, -1L)))
                .as("a server that does not say")
                .isTrue();
        assertThat(SteadyState.compilerQuiet(List.of(100L, 200L)))
                .as("too soon to tell")
                .isFalse();
    }

    /** The listener itself: it records each step and stops asking at the cap when the series never levels. */
    @Test
    void theCapEndsAWarmUpThatNeverLevels() throws InterruptedException {
        var s = new SteadyState(Duration.ofMillis(600));
        long answered = 0;
        int steps = 0;
        long step = 1000;
        boolean more = true;
        while (more) {
            Thread.sleep(WindowListener.WARMUP_STEP.toMillis());
            step = step * 2; // doubling: never steady
            answered += step;
            more = s.keepWarming(answered, 50);
            steps++;
        }
        WarmUp w = s.result("thread", 1, "2 KiB");
        assertThat(w.steady()).isFalse();
        assertThat(w.requestsPerSecond()).hasSize(steps);
        assertThat(w.seconds()).isGreaterThanOrEqualTo(0.5);
        assertThat(w.requestsPerSecond().getLast())
                .isGreaterThan(w.requestsPerSecond().getFirst());
    }

    /** Each repetition measures the cells in another order: no cell is always last. */
    @Test
    void everyRepetitionHasAnotherOrder() {
        var cells = IntStream.of(10, 100, 1000, 10_000)
                .mapToObj(c -> new Cell(c, "2k.bin", 2048, true, null))
                .toList();
        var last = new ArrayList<Integer>();
        for (int rep = 1; rep <= 3; rep++) {
            List<Cell> order = Plan.inOrderOf(cells, rep);
            assertThat(order).containsExactlyInAnyOrderElementsOf(cells);
            last.add(order.getLast().connections());
        }
        assertThat(last).doesNotHaveDuplicates();
    }
}
