package lab.c10k.harness.load;

/**
 * Open loop: how well the requests kept to their due times in the window. A request begins late either because
 * its connection was still waiting for the previous response when it fell due (too few connections for the rate,
 * or a slow server: the corrected latency charges that wait), or because the generator's own loop did not get to
 * it in time (the generator is the bottleneck, and the rate it asked of the server was not offered).
 *
 * @param asked the rate asked for, requests per second
 * @param started requests begun in the window, whether they got a response or not
 * @param late of those, the ones begun more than {@link #LATE_MILLIS} ms after they were due
 * @param lateBehindResponse of the late ones, those whose connection was still awaiting the previous response
 * @param seconds the length of the window
 */
public record Pacing(double asked, long started, long late, long lateBehindResponse, double seconds) {

    /** The lateness above which a request counts as started late. */
    public static final double LATE_MILLIS = ClientLoop.LATE_NANOS / 1e6;

    /** Below this share of the asked rate, the rate was not kept. */
    static final double KEPT_SHARE = 0.97;

    /** Above this share of late requests, the rate was not kept either, whatever the count. */
    static final double LATE_SHARE = 0.05;

    /** Requests begun per second in the window. */
    public double startedPerSecond() {
        return seconds > 0 ? started / seconds : 0;
    }

    /** The share of requests begun late, 0 to 1. */
    public double lateShare() {
        return started > 0 ? (double) late / started : 0;
    }

    /** Whether the load kept to its clock: the rate asked was offered, and few requests began late. */
    public boolean kept() {
        return startedPerSecond() >= KEPT_SHARE * asked && lateShare() <= LATE_SHARE;
    }

    /** Whether most late requests were late because their connection awaited a response, not the generator. */
    public boolean mostlyBehindResponses() {
        return lateBehindResponse * 2 >= late;
    }
}
