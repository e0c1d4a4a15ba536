/**
 * Experiments: every contender (the installed Java strategies, found through the SPI, and optionally nginx and
 * Apache) measured under the same load, on the same root, pinned the same way.
 *
 * <p>A {@link lab.c10k.harness.experiment.Plan} is a matrix (connections x files x keep-alive x file-io) with its
 * timing and repetitions; {@link lab.c10k.harness.experiment.Experiment} runs it. Each server runs in processes of
 * its own ({@link lab.c10k.harness.experiment.ServerUnderTest}): {@code c10k serve --control-port 0} for a Java
 * strategy, nginx or Apache in the foreground with a generated configuration for a reference; pinned with {@code
 * taskset}, under {@code perf stat} when it can; or, with a {@link lab.c10k.harness.experiment.ContainerRuntime}
 * ({@code compare --docker}), a Java strategy in a container of its own, on the same CPUs, read the same way. Each
 * window is read on both sides: the client's requests and latencies, the server's own counters and getrusage before
 * and after, and its process tree in {@code /proc}.
 *
 * <p>Figures per request divide the server's own counts over the window by the requests the server counted in
 * it. The server's count can trail the client's for a moment, when threads that already wrote a response have
 * not yet run to the end of it (a thread per connection on one busy CPU); both ends of the window trail alike, so
 * the ratio holds.
 *
 * <p>Threading: an experiment runs on the calling thread, plus the load generator's threads; none of these classes
 * is shared between threads.
 */
package lab.c10k.harness.experiment;
