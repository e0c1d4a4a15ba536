/**
 * What the harness measures from outside the server: {@code /proc} (RSS, PSS, processes, threads, and the live
 * threads' context switches), {@code perf stat} as a cross-check of the context switches, the CPU affinity of the
 * harness itself, the machine description, and the median-and-spread of repetitions.
 *
 * <p>Why two sources of context switches: a server's own {@code getrusage(RUSAGE_SELF)} counts every thread it
 * ever ran, exited ones included, but it is the server's word; {@code perf stat}, started before the server forks
 * anything, inherits into every thread and process and is independent, but needs root. {@code /proc} sees only
 * the threads alive now, which is exactly what a thread-per-connection server without keep-alive does not have.
 *
 * <p>Threading: everything here is stateless or confined to the caller, except {@link
 * lab.c10k.harness.metrics.PerfStat}, which one experiment thread drives.
 */
package lab.c10k.harness.metrics;
