package lab.c10k.strategy.process;

import java.util.concurrent.TimeUnit;
import lab.c10k.strategy.process.Scoreboard.State;

/**
 * Apache prefork: a pool of workers, each given the listening socket as its descriptor 0, each blocking in {@code
 * accept} on it, so that the kernel hands every connection to one idle worker and the master never touches a
 * connection. Once per {@link PoolPolicy#TICK_MILLIS} the master counts the pool in the scoreboard and lets the
 * {@link PoolPolicy} decide: start workers while too few are idle, retire the highest idle one (over its lifeline)
 * while too many are.
 *
 * <p>Recycling needs nothing here: a worker that has served {@code --max-connections-per-worker} connections
 * exits by itself with code 0, the supervisor reaps it as a clean exit, not a crash, and the next tick finds the
 * pool one short and starts a fresh worker, as Apache's MaxConnectionsPerChild does.
 *
 * <p>Confined to the supervisor thread.
 */
final class Prefork implements Mode {
    private final ListeningSocket listener;
    private final PoolPolicy policy;
    private long nextTick;

    Prefork(ListeningSocket listener, PoolPolicy policy) {
        this.listener = listener;
        this.policy = policy;
    }

    @Override
    public String noun() {
        return "worker";
    }

    @Override
    public String outputTag() {
        return "worker";
    }

    @Override
    public void begin(Supervisor supervisor) {
        for (int i = 0; i < policy.floor(); i++) {
            supervisor.spawn(listener.fd(), System.nanoTime());
        }
        nextTick = System.nanoTime();
    }

    @Override
    public void upkeep(Supervisor supervisor, long now) {
        if (now - nextTick >= 0) {
            maintain(supervisor, now);
            nextTick = now + TimeUnit.MILLISECONDS.toNanos(PoolPolicy.TICK_MILLIS);
        }
    }

    private void maintain(Supervisor supervisor, long now) {
        int processes = 0;
        int idle = 0;
        WorkerProcess retirable = null;
        for (WorkerProcess w : supervisor.live()) {
            if (w.leaving) {
                continue;
            }
            processes++;
            State s = supervisor.state(w);
            if (s == State.STARTING || s == State.IDLE) {
                idle++;
            }
            if (s == State.IDLE) {
                retirable = w; // the highest slot, as Apache retires the highest idle one
            }
        }
        int decision = policy.decide(processes, idle);
        for (int i = 0; i < decision && supervisor.mayStart(now) && supervisor.hasFreeSlot(); i++) {
            supervisor.spawn(listener.fd(), now);
        }
        if (decision < 0 && retirable != null) {
            supervisor.retire(retirable);
        }
    }

    @Override
    public int pollMillis() {
        return (int) PoolPolicy.TICK_MILLIS;
    }

    @Override
    public void exited(WorkerProcess process) {
        // the next tick counts the pool without it
    }

    @Override
    public void refuse() {
        // the connections not yet accepted wait in the kernel's backlog, which the drain shuts
    }

    @Override
    public void end() {
        // nothing runs beside the supervisor
    }
}
