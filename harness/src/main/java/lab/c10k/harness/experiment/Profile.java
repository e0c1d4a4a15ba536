package lab.c10k.harness.experiment;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The values of a plan before flags override them: the matrix's connection counts, the timing, how often a server
 * is fresh, the idle connections. Both warm every server until its throughput holds steady ({@link SteadyState}),
 * the warm-up being a cap. The quick profile trades depth for time: it shares one server among all the cells and
 * repetitions of a strategy, shortens its windows so that the whole run keeps within a budget whatever the number
 * of contenders (down to a floor below which a window shows noise, not a shape), and leaves out the cells whose
 * responses take about as long as a window (2 MiB to 1,000 connections).
 */
public enum Profile {
    QUICK(
            List.of(10, 100, 1000),
            Duration.ofSeconds(10),
            Duration.ofMillis(200),
            Duration.ofMillis(1500),
            false,
            2000,
            512L << 20),
    FULL(
            List.of(1, 10, 100, 1000, 10000),
            Duration.ofSeconds(30),
            Duration.ofSeconds(2),
            Duration.ofSeconds(10),
            true,
            10000,
            0);

    /** The quick profile's budget, seconds: more contenders get shorter windows to keep the estimate within it. */
    static final double QUICK_BUDGET_SECONDS = 270;

    /** The shortest window the quick profile shortens to: the budget gives way before the figures do. */
    static final Duration QUICK_MIN_WINDOW = Duration.ofMillis(500);

    private final List<Integer> connections;
    private final Duration warmup;
    private final Duration ramp;
    private final Duration duration;
    private final boolean freshServerPerTrial;
    private final int idleConnections;
    private final long maxRoundBytes;

    Profile(
            List<Integer> connections,
            Duration warmup,
            Duration ramp,
            Duration duration,
            boolean freshServerPerTrial,
            int idleConnections,
            long maxRoundBytes) {
        this.connections = connections;
        this.warmup = warmup;
        this.ramp = ramp;
        this.duration = duration;
        this.freshServerPerTrial = freshServerPerTrial;
        this.idleConnections = idleConnections;
        this.maxRoundBytes = maxRoundBytes;
    }

    /** The heaviest round of responses (connections x file size) whose cells this profile measures; 0: any. */
    long maxRoundBytes() {
        return maxRoundBytes;
    }

    /** The name on the command line and in the report: {@code quick}, {@code full}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The profile called {@code name}, in any case. */
    public static Optional<Profile> byKey(String name) {
        for (Profile p : values()) {
            if (p.key().equals(name.trim().toLowerCase(Locale.ROOT))) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    List<Integer> connections() {
        return connections;
    }

    Duration warmup() {
        return warmup;
    }

    Duration ramp() {
        return ramp;
    }

    Duration duration() {
        return duration;
    }

    boolean freshServerPerTrial() {
        return freshServerPerTrial;
    }

    int idleConnections() {
        return idleConnections;
    }

    /** {@code plan}, whose windows were not given, with the windows this profile gives it. */
    Plan fit(Plan plan) {
        return this == QUICK ? plan.fitTo(QUICK_BUDGET_SECONDS, QUICK_MIN_WINDOW, duration) : plan;
    }

    /**
     * How long a run of this profile takes, seconds, by the plan's estimate, when nothing but the contenders is
     * chosen: what the help and the README promise for {@code c10k compare}.
     */
    public double estimatedSeconds(List<Contender> contenders) {
        return Plan.builder(this)
                .contenders(contenders)
                .root(Path.of("/")) // the estimate reads no file
                .build()
                .estimatedSeconds();
    }

    /** A duration as a person says it: {@code 40 seconds}, {@code 3 minutes}, {@code 3½ minutes}. */
    public static String roughly(double seconds) {
        if (seconds < 90) {
            return Math.round(seconds) + " seconds";
        }
        long halves = Math.round(seconds / 30);
        return halves / 2 + (halves % 2 == 0 ? "" : "½") + " minutes";
    }
}
