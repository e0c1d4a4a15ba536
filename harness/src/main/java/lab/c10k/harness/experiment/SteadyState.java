package lab.c10k.harness.experiment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import lab.c10k.harness.load.WindowListener;

/**
 * Decides when a warm-up is over: the load generator asks it every {@link WindowListener#WARMUP_STEP} with the
 * responses so far; it keeps the throughput of each step, and says stop when the last two windows of {@link
 * #WINDOW_STEPS} steps agree within {@link #TOLERANCE} (each with at least {@link #MIN_RESPONSES} responses) and,
 * for a server that reports its JIT's work, its compilers spent less than {@link #QUIET_COMPILER_SHARE} of the last
 * window compiling; or when the cap has passed. A JVM that is still compiling its hot paths climbs from one window
 * to the next, or holds level on code of the first tier while the second compiles on the same core (then the
 * throughput alone would call it steady too early: measured, a selector held 6.5k requests/s with close for two
 * seconds, then served 12k in its window); one that has finished holds level with an idle compiler, so a measured
 * window that follows sees the server as it runs for hours, not as it starts. (The process strategy's control
 * server is its master's, whose compiler idles while the workers compile: there, throughput alone decides.)
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

    /** A compiler busy for less than this share of a window counts as done. */
    static final double QUIET_COMPILER_SHARE = 0.02;

    /** How long to wait for the server's answer on its compiler before going on without it. */
    private static final int JIT_TIMEOUT_MILLIS = 2000;

    private final long capNanos;
    private final long start;
    private final List<Double> rps = new ArrayList<>();
    private final List<Long> answers = new ArrayList<>();
    private final List<Long> compiled = new ArrayList<>();
    private final java.util.function.LongSupplier compilationMillis;
    private long lastTime;
    private long lastAnswered;
    private double steadyAfter = Double.NaN;

    /** Starts the clock: construct it just before the load begins. Throughput alone decides. */
    SteadyState(Duration cap) {
        this(cap, null);
    }

    /**
     * Starts the clock; {@code control}, when given, tells how long the server's compilers have worked.
     */
    SteadyState(Duration cap, lab.c10k.harness.control.ControlClient control) {
        this.compilationMillis = control == null ? () -> -1 : () -> control.compilationMillis(JIT_TIMEOUT_MILLIS);
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
        compiled.add(compilationMillis.getAsLong());
        lastTime = now;
        lastAnswered = answered;
        if (steady(rps, answers) && compilerQuiet(compiled)) {
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

    /**
     * Whether the compilers worked less than {@link #QUIET_COMPILER_SHARE} of the last window (true when the server
     * does not say): package-private for the tests.
     */
    static boolean compilerQuiet(List<Long> compiledMillis) {
        int n = compiledMillis.size();
        if (n <= WINDOW_STEPS) {
            return n > 0 && compiledMillis.getLast() < 0;
        }
        long now = compiledMillis.get(n - 1);
        long before = compiledMillis.get(n - 1 - WINDOW_STEPS);
        if (now < 0 || before < 0) {
            return true;
        }
        return now - before < QUIET_COMPILER_SHARE * WINDOW_STEPS * WARMUP_STEP.toMillis();
    }

    /** What this warm-up saw, for the report. */
    WarmUp result(String contender, int repetition, String load) {
        return new WarmUp(
                contender, repetition, load, WARMUP_STEP.toMillis() / 1e3, rps, steadyAfter, (lastTime - start) / 1e9);
    }
}
