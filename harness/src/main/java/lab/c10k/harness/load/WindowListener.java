package lab.c10k.harness.load;

/**
 * Told when the measured window opens and closes, on the thread that runs the load, so that whoever watches the
 * server can read its counters at the same moments.
 */
public interface WindowListener {

    /** Nothing to do. */
    WindowListener NONE = new WindowListener() {};

    /** The warm-up is over (or there was none); the window opens right after this returns. */
    default void windowOpening() {}

    /** The window has closed: requests completing from now on are not counted. */
    default void windowClosed() {}
}
