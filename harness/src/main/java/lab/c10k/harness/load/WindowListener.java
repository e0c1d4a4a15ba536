package lab.c10k.harness.load;

/**
 * Told when the measured window opens and closes, on the thread that runs the load, so that whoever watches the
 * server can read its counters at the same moments; and asked, once the warm-up's minimum has passed, whether the
 * warm-up should go on.
 */
public interface WindowListener {

    /** How often {@link #keepWarming} is asked once the warm-up's minimum has passed. */
    java.time.Duration WARMUP_STEP = java.time.Duration.ofMillis(250);

    /** Nothing to do. */
    WindowListener NONE = new WindowListener() {};

    /**
     * Whether the warm-up should go on for another {@link #WARMUP_STEP}: asked when its minimum has passed and after
     * every step, with the responses received since the load began and how many of the connections have had one,
     * until it says no (the listener sets the limit). No by default: the warm-up lasts its minimum.
     */
    default boolean keepWarming(long answered, int connectionsAnswered) {
        return false;
    }

    /** The warm-up is over (or there was none); the window opens right after this returns. */
    default void windowOpening() {}

    /** The window has closed: requests completing from now on are not counted. */
    default void windowClosed() {}
}
