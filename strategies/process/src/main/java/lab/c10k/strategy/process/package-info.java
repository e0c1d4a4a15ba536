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
 * <p>Reading order, the lesson first:
 *
 * <ol>
 *   <li>{@link lab.c10k.strategy.process.ProcessPerConnection}: the strategy and its trade-off.
 *   <li>{@link lab.c10k.strategy.process.Master}: the server; it binds, picks the mode, starts the supervisor.
 *   <li>{@link lab.c10k.strategy.process.WorkerMain}: a worker JVM, its descriptors, its accept-and-serve loop.
 *   <li>{@link lab.c10k.strategy.process.Supervisor}: the one thread that spawns, polls, reaps and drains the
 *       workers, and {@link lab.c10k.strategy.process.CrashGuard}, its back-off and giving up.
 *   <li>{@link lab.c10k.strategy.process.Mode}, the difference between the two archetypes: {@link
 *       lab.c10k.strategy.process.Prefork} with {@link lab.c10k.strategy.process.PoolPolicy} (Apache's
 *       idle-server maintenance), or {@link lab.c10k.strategy.process.ForkPerConnection} (the acceptor, the
 *       limit on starting JVMs, newest first).
 *   <li>{@link lab.c10k.strategy.process.WorkerProcess} (the master's handle on a child, and how one is spawned),
 *       {@link lab.c10k.strategy.process.Scoreboard} (shared memory, one slot per worker), {@link
 *       lab.c10k.strategy.process.Lifeline} (the pipe from the master to each worker, whose end of file tells
 *       workers that the master is gone) and {@link lab.c10k.strategy.process.WorkerAccounts} (the stats of the
 *       whole process tree).
 * </ol>
 *
 * <p>Plumbing, needed but not the lesson: {@link lab.c10k.strategy.process.Posix} and {@link
 * lab.c10k.strategy.process.PollSet} (the C calls and {@code struct pollfd}, through FFM), {@link
 * lab.c10k.strategy.process.ListeningSocket} (a socket whose descriptor number the master knows), {@link
 * lab.c10k.strategy.process.WorkerOutput} (the workers' output, prefixed, with a tail for error reports), {@link
 * lab.c10k.strategy.process.WorkerCommand} (the worker JVM's command line and flags) and {@link
 * lab.c10k.strategy.process.AotCache} (the JDK 25 AOT cache, which spares each worker the loading and linking of
 * the server's classes).
 *
 * <p>Accounting. A worker publishes its counters and its own {@code getrusage(RUSAGE_SELF)} in its scoreboard
 * slot, when it gets ready, when a connection opens or closes, and when {@code stats()} asks it to over its
 * lifeline (so that no worker wakes up periodically for it); when it exits, the master reaps it with {@code
 * wait4}, which returns the child's exact final usage, and adds its last counters to the totals of exited
 * workers. So {@link lab.c10k.server.spi.RunningServer#stats()} is the whole process tree, live and exited: the
 * master's own usage, every live worker's slot, every reaped worker's totals. ({@code RUSAGE_CHILDREN} would
 * count only reaped children, and every child this JVM ever reaped.)
 *
 * <p>Threading: in the master, the supervisor thread owns every child and runs the mode; the acceptor thread
 * (fork per connection only) blocks in {@code accept} and hands connections to the supervisor through a queue
 * and an eventfd; {@code stats()} and {@code shutdown()} may be called from any thread, and read only what
 * {@link lab.c10k.strategy.process.WorkerAccounts} guards. In a worker: the main thread accepts and serves one
 * connection at a time, a deadline-scanner thread enforces the deadlines, a lifeline thread waits for the master's
 * commands (and publishes when asked).
 *
 * <p>Why the parts are cut where they are:
 *
 * <ul>
 *   <li>{@code WorkerAccounts} keeps the table of live workers as well as the totals of exited ones: a reaped
 *       worker must leave the table and join the totals in one step under one monitor, or a concurrent {@code
 *       stats()} would count it twice or not at all.
 *   <li>The {@code struct pollfd} layout is a class of its own, {@code PollSet}, beside {@code Posix} rather than
 *       inside it, so that {@code Posix} stays a list of C calls.
 *   <li>The fork-per-connection acceptor is started by the supervisor thread ({@code Mode.begin}), where prefork
 *       starts its first workers: each mode begins its work in the same place.
 *   <li>Spawning ({@code WorkerProcess.spawn}), the lifeline, the scoreboard and the pool ({@code Supervisor},
 *       {@code Prefork}, {@code PoolPolicy}) depend on a worker only through its contract: the descriptors
 *       {@code WorkerMain} lists, the lifeline's commands and its scoreboard slot, not how it serves. A strategy
 *       that runs another loop in worker processes can reuse them with a worker of its own that keeps that
 *       contract; {@code WorkerCommand} names the worker's main class.
 * </ul>
 */
package lab.c10k.strategy.process;
