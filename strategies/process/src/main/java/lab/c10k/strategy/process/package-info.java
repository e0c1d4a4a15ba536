/**
 * The process strategy: one process per connection at a time, Apache prefork's pool of workers or inetd's fresh
 * process per connection, with JVMs. See {@link lab.c10k.strategy.process.ProcessPerConnection} for the
 * trade-off.
 *
 * <p>How a JVM hands a socket to a child. {@link java.lang.ProcessBuilder} cannot: a child gets files or pipes,
 * never a socket. So the master does what a C server does, through FFM ({@link
 * lab.c10k.strategy.process.Posix}): it creates the listening socket with {@code socket}/{@code bind}/{@code
 * listen} to own its descriptor number, and starts each worker with {@code posix_spawn} after {@code
 * posix_spawn_file_actions_adddup2(listenFd, 0)}. The worker finds the socket with {@link
 * java.lang.System#inheritedChannel()}: a {@link java.nio.channels.ServerSocketChannel} in prefork mode, on which
 * every worker blocks in {@code accept} and the kernel wakes one per connection; a {@link
 * java.nio.channels.SocketChannel} in fork-per-connection mode, where the master accepts (with {@code accept4})
 * and spawns a JVM with the connection as its descriptor 0, as inetd does. Every other descriptor of the master
 * is close-on-exec or closed in the child ({@code posix_spawn_file_actions_addclosefrom_np}), so a worker holds
 * nothing it was not given.
 *
 * <p>The parts: {@link lab.c10k.strategy.process.Master} (the server, its listening socket and, in
 * fork-per-connection mode, the acceptor); {@link lab.c10k.strategy.process.Supervisor} (the one thread that
 * spawns, watches, reaps, resizes and drains the workers); {@link lab.c10k.strategy.process.PoolPolicy} (Apache's
 * idle-server maintenance); {@link lab.c10k.strategy.process.CrashGuard} (back-off and giving up); {@link
 * lab.c10k.strategy.process.Scoreboard} (shared memory, one slot per worker); {@link
 * lab.c10k.strategy.process.Lifeline} (the pipe from the master to each worker, whose end of file tells workers
 * that the master is gone); {@link lab.c10k.strategy.process.WorkerCommand} (the worker JVM's command line and
 * flags); {@link lab.c10k.strategy.process.AotCache} (the JDK 25 AOT cache that halves a worker's start-up);
 * {@link lab.c10k.strategy.process.WorkerMain} (the worker).
 *
 * <p>Accounting. A worker publishes its counters and its own {@code getrusage(RUSAGE_SELF)} in its scoreboard
 * slot, when it gets ready, when a connection opens or closes, and when {@code stats()} asks it to over its
 * lifeline (so that no worker wakes up periodically for it); when it exits, the master reaps it with {@code wait4}, which returns the child's exact final usage, and
 * adds its last counters to the totals of exited workers. So {@link lab.c10k.server.spi.RunningServer#stats()} is
 * the whole process tree, live and exited: the master's own usage, every live worker's slot, every reaped
 * worker's totals. ({@code RUSAGE_CHILDREN} would count only reaped children, and every child this JVM ever
 * reaped.)
 *
 * <p>Threading: in the master, the supervisor thread owns every child and the acceptor thread (fork per
 * connection only) blocks in {@code accept}; {@code stats()} and {@code shutdown()} may be called from any
 * thread. In a worker: the main thread accepts and serves one connection at a time, a deadline scanner thread enforces the
 * deadlines, a lifeline thread waits for the master's commands (and publishes when asked).
 */
package lab.c10k.strategy.process;
