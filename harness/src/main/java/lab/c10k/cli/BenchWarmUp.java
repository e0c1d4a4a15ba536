package lab.c10k.cli;

import java.io.PrintWriter;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import lab.c10k.harness.load.LoadProfile;
import lab.c10k.harness.load.WindowListener;
import lab.c10k.harness.report.BenchSummary;

/**
 * The warm-up of {@code c10k bench}: the load generator is itself a JVM, and on its first run its JIT compiler
 * still compiles the generator's own hot paths when a fixed warm-up ends, taking CPU from the load on a pinned
 * core. So past {@code --warmup} the warm-up goes on, step by step, for as long as this JVM's compiler keeps busy
 * (more than {@link #SETTLED_SHARE} of a step's time), at most {@link #MAX_EXTRA_WARMUP} longer; and
 * the output says how long it took.
 */
final class BenchWarmUp implements WindowListener {
    /** Compilation time below this share of a step counts as a settled compiler. */
    static final double SETTLED_SHARE = 0.02;

    /** How much longer than {@code --warmup} the warm-up may go on while the compiler keeps busy. */
    static final java.time.Duration MAX_EXTRA_WARMUP = java.time.Duration.ofSeconds(8);

    private final LoadProfile profile;
    private final PrintWriter out;
    private final CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    private final long started = System.nanoTime();
    private long compiledMillis = compiledMillis();
    private boolean settled;
    private long extraSince;

    /** With {@code out} null (for {@code --json}) it prints nothing. */
    BenchWarmUp(LoadProfile profile, PrintWriter out) {
        this.profile = profile;
        this.out = out;
    }

    @Override
    public boolean keepWarming(long answered, int connectionsAnswered) {
        if (extraSince == 0) {
            extraSince = System.nanoTime();
        } else if (System.nanoTime() - extraSince >= MAX_EXTRA_WARMUP.toNanos()) {
            return false;
        }
        long now = compiledMillis();
        boolean busy = now - compiledMillis > SETTLED_SHARE * WARMUP_STEP.toMillis();
        compiledMillis = now;
        settled = !busy;
        return busy;
    }

    @Override
    public void windowOpening() {
        if (out == null) {
            return;
        }
        if (!profile.warmup().isZero()) {
            out.printf(
                    Locale.ROOT,
                    "  warm after %.1f s%s%n",
                    (System.nanoTime() - started) / 1e9,
                    settled || jit == null
                            ? ""
                            : ", the longest warm-up: this JVM's compiler was still busy (figures may be low)");
        }
        out.print(BenchSummary.measuring(profile));
        out.flush();
    }

    /** Milliseconds this JVM's JIT compilers have worked, or 0 when the JVM does not say (then no extra warm-up). */
    private long compiledMillis() {
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }
}
