/**
 * The load generator: closed loop like ab and wrk, open loop like wrk2.
 *
 * <p>{@link lab.c10k.harness.load.LoadGenerator#run} takes a {@link lab.c10k.harness.load.LoadProfile} (the
 * target URL, connections, a number of requests or a duration, warm-up, keep-alive, rate) and returns a {@link
 * lab.c10k.harness.load.LoadResult}: requests and bytes in the measured window, responses by status code,
 * HdrHistogram latencies in nanoseconds, errors by {@link lab.c10k.harness.load.ErrorKind}, and in open loop the
 * {@link lab.c10k.harness.load.Pacing}: whether requests began when they were due. An {@link
 * lab.c10k.harness.load.EarlyStop} ends a run early and keeps what its window measured (Ctrl-C in {@code c10k
 * bench}).
 *
 * <p>Closed loop measures how fast a server can go: the next request waits for the last response. Open loop
 * measures how a server answers a given load: requests are due on a clock, and latency counts from the due time,
 * so the requests that a slow response held back are charged for their wait (the correction for "coordinated
 * omission" that wrk2 made known). Use closed loop for throughput, open loop below saturation for latency.
 *
 * <p>Threading: one platform thread per client loop, a {@code ClientLoop} (as many as the CPUs the process may use,
 * at most one per connection), each owning a selector, its connections and its histograms; nothing on the hot path
 * is shared but a volatile phase and, for a run of N requests, an atomic ticket counter. The thread that calls
 * {@code run} waits through the warm-up and the window (or until an early stop), switches the phase, and merges the
 * loops' results after joining them.
 */
package lab.c10k.harness.load;
