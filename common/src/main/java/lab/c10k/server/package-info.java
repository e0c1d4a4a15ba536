/**
 * The connection state machine and what every strategy shares around it.
 *
 * <p>The rule of the house: <b>the core decides, a strategy moves bytes.</b> {@link
 * lab.c10k.server.Http1Connection} makes every protocol decision (what to answer, keep the connection or close it,
 * when each deadline falls) and writes every outbound byte through the channel the strategy hands it, so one copy
 * of the gather, {@code sendfile}, {@code mmap} and write-budget logic serves all strategies. A strategy decides
 * when a connection runs: it accepts, reads the inbound bytes and feeds them in, waits for the socket when told to,
 * and keeps time. So the core does socket I/O, but only in the direction and at the moment a strategy asks.
 *
 * <p>Reading order:
 *
 * <ol>
 *   <li>{@link lab.c10k.server.Http1Connection}: the lifecycle of one connection, as a diagram and four calls;
 *   <li>{@link lab.c10k.server.ServerConfig} and {@link lab.c10k.server.ServerContext}: what every strategy reads,
 *       and the shared, immutable things built from it once per server;
 *   <li>{@link lab.c10k.server.spi}: the seam a strategy implements, with the options it declares for itself.
 * </ol>
 *
 * <p>A kit for the strategies, so that each is only its lesson: {@link lab.c10k.server.BlockingConnection} drives
 * the state machine with blocking I/O (a thread per connection, a prefork worker) and {@link
 * lab.c10k.server.DeadlineScanner} enforces its deadlines from one thread; {@link lab.c10k.server.Listeners} binds,
 * {@link lab.c10k.server.AcceptBackoff} waits after a failed accept, and {@link lab.c10k.server.Lifecycle} is the
 * stop-once bookkeeping of a running server. {@link lab.c10k.server.ServerCounters}, {@link
 * lab.c10k.server.ServerStats} and {@link lab.c10k.server.ResourceUsage} ({@code getrusage} through FFM) are what a
 * server reports of itself.
 *
 * <p>Threading: nothing here starts a thread or reads a clock of its own accord; the strategy's threads call in,
 * and each class says which of its methods may be called from another thread.
 */
package lab.c10k.server;
