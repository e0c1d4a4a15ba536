package lab.c10k.strategy.process;

import java.io.PrintStream;

/**
 * The master's handle on one worker process: its slot, its pid, and the descriptors that connect the two (a
 * pidfd that becomes readable when it exits, the write end of its lifeline, the read ends of its output pipes).
 * Confined to the supervisor thread, but for {@link #leaving}, which {@link WorkerAccounts#readyWorkers()} reads.
 */
final class WorkerProcess {
    final int slot;
    final int pid;
    final int pidfd;
    final int lifeline;
    final boolean forked;
    final WorkerOutput stdout;
    final WorkerOutput stderr;
    final WorkerOutput.Tail tail;
    int stdoutFd;
    int stderrFd;
    /** The supervisor has seen it ready. */
    boolean ready;
    /** Told to retire or drain: no longer counted in the pool. */
    volatile boolean leaving;
    /** Killed by the master: still running after the shutdown deadline. */
    boolean killed;

    WorkerProcess(
            int slot,
            int pid,
            int pidfd,
            int lifeline,
            boolean forked,
            int stdoutFd,
            int stderrFd,
            String prefix,
            PrintStream out,
            PrintStream err) {
        this.slot = slot;
        this.pid = pid;
        this.pidfd = pidfd;
        this.lifeline = lifeline;
        this.forked = forked;
        this.stdoutFd = stdoutFd;
        this.stderrFd = stderrFd;
        this.tail = new WorkerOutput.Tail();
        this.stdout = new WorkerOutput(prefix, out, tail);
        this.stderr = new WorkerOutput(prefix, err, tail);
    }

    @Override
    public String toString() {
        return (forked ? "connection process " : "worker ") + slot + " (pid " + pid + ")";
    }
}
