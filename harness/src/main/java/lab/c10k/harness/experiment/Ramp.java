package lab.c10k.harness.experiment;

import java.time.Duration;

/**
 * How long a cell's ramp goes on past its minimum: until every connection has had a response, so that the window
 * measures the server with all its connections taken on rather than while it is still accepting them (a thread
 * per connection on one core accepts slowly while its first threads run); or until no connection had its first
 * response in the last step (a prefork pool smaller than the connections will never take on the rest: the window
 * shows them waiting); or a cap.
 *
 * <p>Threading: asked on the thread that runs the load, one call at a time.
 */
final class Ramp {
    /** The longest ramp of a cell on a shared server. */
    static final Duration CAP = Duration.ofSeconds(2);

    private final int connections;
    private final long capNanos;
    private final long start = System.nanoTime();
    private int last = -1;

    Ramp(int connections, Duration cap) {
        this.connections = connections;
        this.capNanos = cap.toNanos();
    }

    /** Whether to go on for another step, given how many connections have had a response so far. */
    boolean keepGoing(int connectionsAnswered) {
        boolean more = connectionsAnswered < connections
                && connectionsAnswered != last
                && System.nanoTime() - start < capNanos;
        last = connectionsAnswered;
        return more;
    }
}
