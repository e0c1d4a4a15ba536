/**
 * The side channel between a server under test and the harness: {@code c10k serve --control-port P} answers
 * {@code GET /stats} (the server's own counters and getrusage) and {@code GET /gc} (the heap after a full
 * collection) on a loopback port of its own, from one small thread of the CLI process.
 *
 * <p>The harness reads {@code /stats} right before and right after each measured window and works with the
 * difference, so JVM start-up and warm-up never count. For a multi-process strategy the numbers are the sum over
 * its processes, live and exited, as {@link lab.c10k.server.spi.RunningServer#stats()} promises.
 *
 * <p>Threading: {@link lab.c10k.harness.control.ControlServer} answers one request at a time on its own thread;
 * {@link lab.c10k.harness.control.ControlClient} is stateless and thread-safe.
 */
package lab.c10k.harness.control;
