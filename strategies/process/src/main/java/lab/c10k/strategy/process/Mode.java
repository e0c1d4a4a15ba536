package lab.c10k.strategy.process;

/**
 * How the master gives connections to processes, the strategy's closed set of two: {@link Prefork}, a pool of
 * workers that all accept on the shared listening socket (Apache prefork), or {@link ForkPerConnection}, a
 * process started for each connection the master accepts (inetd). The {@link Supervisor} spawns, watches, reaps
 * and drains processes the same way in both; a mode decides when a process is started and with which descriptor
 * 0, and what happens to a connection that has no process yet.
 *
 * <p>Threading: every method runs on the supervisor thread, but {@link ForkPerConnection}'s acceptor, which is
 * a thread of its own.
 */
sealed interface Mode permits Prefork, ForkPerConnection {

    /** What the log calls one of its processes, as in "worker 3 (pid 42)". */
    String noun();

    /** The tag on the lines a process of this mode writes, as in "[c10k worker 3 pid 42]". */
    String outputTag();

    /** The supervisor thread starts: prefork spawns its first workers, fork per connection starts accepting. */
    void begin(Supervisor supervisor);

    /** Once per turn of the supervisor's loop, until the drain: start what is due, retire what is not needed. */
    void upkeep(Supervisor supervisor, long now);

    /** How long the supervisor may sleep in {@code poll} before the next {@link #upkeep}. */
    int pollMillis();

    /** A process of this mode was reaped. */
    void exited(WorkerProcess process);

    /** The server is draining, or the supervisor is ending: connections that have no process yet are closed. */
    void refuse();

    /** The supervisor thread has ended: stops whatever the mode runs beside it. */
    void end();
}
