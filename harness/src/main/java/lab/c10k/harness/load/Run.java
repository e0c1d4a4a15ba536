package lab.c10k.harness.load;

import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** What the client loops of one run share: the phase, the request, and the tickets of a run of N requests. */
final class Run {
    static final int WARMUP = 0;
    static final int MEASURE = 1;
    static final int STOP = 2;
    /**
     * Closed loop, between warm-up and window: a connection whose warm-up response is in sends nothing more until
     * the window opens, so that the server's counters, read as the window opens, are not overtaken by warm-up
     * requests the generator does not count.
     */
    static final int HOLD = 3;

    final LoadProfile profile;
    final InetSocketAddress address;
    final byte[] request;
    final long startNanos;
    /** Open loop: the time between two requests on one connection. */
    final long intervalNanos;
    /** Open loop: the time between two requests of the whole run, for staggering the connections. */
    final long spacingNanos;

    volatile int phase;

    /** When the measured window opened (set before the phase turns to MEASURE), 0 while it has not. */
    volatile long windowStartNanos;

    /** When the measured window closed (set before the phase turns to STOP), 0 while it has not. */
    volatile long windowEndNanos;

    /** Responses received in any phase: how the warm-up follows the throughput. */
    final LongAdder answered = new LongAdder();

    /** Connections that have had at least one response, in any phase: whether the server has taken them all on. */
    final LongAdder connectionsAnswered = new LongAdder();

    /** Runs of N requests: tickets not yet taken, and tickets whose request has not yet ended. */
    private final AtomicLong tickets;

    private final AtomicLong unfinished;
    /**
     * Counted down when the run must end before its time: all N requests have ended, a client loop failed, or an
     * {@link EarlyStop} was pulled. The thread that runs the load waits on it rather than sleeps.
     */
    final CountDownLatch over = new CountDownLatch(1);

    Run(LoadProfile profile, InetSocketAddress address, long startNanos) {
        this.profile = profile;
        this.address = address;
        this.request = profile.target().request(profile.keepAlive());
        this.startNanos = startNanos;
        this.intervalNanos =
                profile.openLoop() ? Math.max(1, (long) (profile.connections() * 1e9 / profile.rate())) : 0;
        this.spacingNanos = profile.openLoop() ? Math.max(1, (long) (1e9 / profile.rate())) : 0;
        this.tickets = new AtomicLong(profile.requests());
        this.unfinished = new AtomicLong(profile.requests());
        this.phase = profile.warmup().isZero() ? MEASURE : WARMUP;
    }

    boolean counted() {
        return profile.requests() > 0;
    }

    /** A run of N requests: takes the right to send one measured request, false when all N are taken. */
    boolean takeTicket() {
        return tickets.getAndDecrement() > 0;
    }

    /** The request of a ticket has ended, with a response or an error. */
    void ticketDone() {
        if (unfinished.decrementAndGet() == 0) {
            over.countDown();
        }
    }

    /** A run of N requests: whether all N have ended. */
    boolean allEnded() {
        return unfinished.get() <= 0;
    }
}
