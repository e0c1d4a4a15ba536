package lab.c10k.harness.experiment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import lab.c10k.harness.load.WindowListener;

/**
 * Decides when a warm-up is over: the load generator asks it every {@link WindowListener#WARMUP_STEP} with the
 * responses so far; it keeps the throughput of each step, and says stop when the last two windows of {@link
 * #WINDOW_STEPS} steps agree within {@link #TOLERANCE} (each with at least {@link #MIN_RESPONSES} responses), or
 * when the cap has passed. A JVM that is still compiling its hot paths climbs from one window to the next; one
 * that has finished holds level, so a measured window that follows sees the server as it runs for hours, not as
 * it starts.
 *
 * <p>Threading: asked on the thread that runs the load, one call at a time.
 */
final class SteadyState implements WindowListener {
    /** Steps per window: two windows of a second each with the generator's step of a quarter second. */
    static final int WINDOW_STEPS = 4;

    /** How far two successive windows may differ, as a share of the larger, and still count as steady. */
    static final double TOLERANCE = 0.05;

    /** Fewer responses in a window than this are too few to call it steady, whatever they say. */
    static final long MIN_RESPONSES = 100;

    private final long capNanos;
    private final long start;
    private final List<Double> rps = new ArrayList<>();
    private final List<Long> answers = new ArrayList<>();
    private long lastTime;
    private long lastAnswered;
    private double steadyAfter = Double.NaN;

    /** Starts the clock: construct it just before the load begins. */
    SteadyState(Duration cap) {
        this.capNanos = cap.toNanos();
        this.start = System.nanoTime();
        this.lastTime = start;
    }

    @Override
    public boolean keepWarming(long answered, int connectionsAnswered) {
        long now = System.nanoTime();
        double seconds = (now - lastTime) / 1e9;
        rps.add(seconds > 0 ? (answered - lastAnswered) / seconds : 0);
        answers.add(answered - lastAnswered);
        lastTime = now;
        lastAnswered = answered;
        if (steady(rps, answers)) {
            steadyAfter = (now - start) / 1e9;
            return false;
        }
        return now - start < capNanos;
    }

    /** Whether the last two windows of steps agree: package-private for the tests, which feed it series. */
    static boolean steady(List<Double> rps, List<Long> answers) {
        int n = rps.size();
        if (n < 2 * WINDOW_STEPS) {
            return false;
        }
        double last = 0;
        double before = 0;
        long lastCount = 0;
        long beforeCount = 0;
        for (int i = 0; i < WINDOW_STEPS; i++) {
            last += rps.get(n - 1 - i);
            before += rps.get(n - 1 - WINDOW_STEPS - i);
            lastCount += answers.get(n - 1 - i);
            beforeCount += answers.get(n - 1 - WINDOW_STEPS - i);
        }
        if (lastCount < MIN_RESPONSES || beforeCount < MIN_RESPONSES) {
            return false;
        }
        return Math.abs(last - before) <= TOLERANCE * Math.max(last, before);
    }

    /** What this warm-up saw, for the report. */
    WarmUp result(String contender, int repetition, String load) {
        return new WarmUp(contender, repetition, load, WARMUP_STEP.toMillis() / 1e3, rps, steadyAfter);
    }
}
