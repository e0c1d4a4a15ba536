package lab.c10k.harness.load;

/**
 * Told when the measured window opens and closes, on the thread that runs the load, so that whoever watches the
 * server can read its counters at the same moments; and asked, once the warm-up's minimum has passed, whether the
 * warm-up should go on.
 */
public interface WindowListener {

    /** How much longer than its minimum a warm-up may go on when {@link #keepWarming()} keeps asking. */
    java.time.Duration MAX_EXTRA_WARMUP = java.time.Duration.ofSeconds(8);

    /** How often {@link #keepWarming()} is asked once the warm-up's minimum has passed. */
    java.time.Duration WARMUP_STEP = java.time.Duration.ofMillis(500);

    /** Nothing to do. */
    WindowListener NONE = new WindowListener() {};

    /**
     * Whether the warm-up should go on for another {@link #WARMUP_STEP}: asked when its minimum has passed and after
     * every step, at most {@link #MAX_EXTRA_WARMUP} long. No by default: the warm-up lasts its minimum.
     */
    default boolean keepWarming() {
        return false;
    }

    /** The warm-up is over (or there was none); the window opens right after this returns. */
    default void windowOpening() {}

    /** The window has closed: requests completing from now on are not counted. */
    default void windowClosed() {}
}
