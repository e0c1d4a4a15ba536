package lab.c10k.strategy.process;

/**
 * How many workers to start or stop, once per {@link #TICK_MILLIS}: Apache prefork's idle-server maintenance
 * ({@code perform_idle_server_maintenance} in {@code server/mpm/prefork/prefork.c}) as a function of a census.
 *
 * <ul>
 *   <li>Fewer than {@code workers} processes, or fewer than {@code minSpare} idle ones (a starting worker counts
 *       as idle, as Apache counts SERVER_STARTING): start some, at most {@code spawnRate} this tick; the rate
 *       doubles on every tick that is still short, up to {@value #MAX_SPAWN_RATE}, and falls back to 1 once the
 *       pool has caught up. The pool grows fast under a burst but does not fork-bomb the machine.
 *   <li>More idle workers than {@code maxSpare}, the larger of {@code workers} and {@code minSpare}, and more
 *       processes than {@code workers}: retire one idle worker per tick. The pool shrinks back to {@code
 *       workers} slowly, so that a load that comes in waves does not pay for starting JVMs on every wave.
 *   <li>Never more than {@code cap} processes: the smaller of {@code --max-workers} and {@code --max-connections}
 *       (one connection per process).
 * </ul>
 *
 * <p>Apache's tick is one second; this one is shorter because a JVM worker is slower to start than a forked C
 * child, so the pool should begin to grow sooner. Confined to the supervisor thread.
 */
final class PoolPolicy {
    static final long TICK_MILLIS = 100;
    static final int MAX_SPAWN_RATE = 32;

    private final int floor;
    private final int minSpare;
    private final int maxSpare;
    private final int cap;
    private int spawnRate = 1;

    /**
     * @param workers the processes kept at least
     * @param minSpare the idle processes kept at least
     * @param cap the most processes
     */
    PoolPolicy(int workers, int minSpare, int cap) {
        this.floor = Math.min(workers, cap);
        this.minSpare = minSpare;
        this.maxSpare = Math.max(floor, minSpare);
        this.cap = cap;
    }

    /** The processes kept at least. */
    int floor() {
        return floor;
    }

    /**
     * The decision for this tick.
     *
     * @param processes the live workers, retiring ones excluded
     * @param idle those of them starting or idle in accept
     * @return how many workers to start (positive), or -1 to retire one idle worker, or 0
     */
    int decide(int processes, int idle) {
        int want = Math.max(floor - processes, minSpare - idle);
        if (want > 0) {
            int start = Math.min(Math.min(want, spawnRate), cap - processes);
            if (start > 0) {
                spawnRate = Math.min(spawnRate * 2, MAX_SPAWN_RATE);
                return start;
            }
            return 0;
        }
        spawnRate = 1;
        return idle > maxSpare && processes > floor ? -1 : 0;
    }
}
