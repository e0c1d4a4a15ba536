package lab.c10k.harness.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** /proc as the harness reads it: this JVM and a child of it. */
class ProcessTreeTest {

    @Test
    void seesThisJvm() throws IOException {
        ProcessTree t = ProcessTree.sample(ProcessHandle.current().pid(), true);
        assertThat(t.processes()).isGreaterThanOrEqualTo(1);
        assertThat(t.threads()).isGreaterThan(5); // a JVM has GC, JIT and service threads
        assertThat(t.rssBytes()).isGreaterThan(10L << 20);
        assertThat(t.cpuMicros()).isPositive();
        assertThat(t.liveContextSwitches()).isPositive();
        assertThat(t.pssBytes()).isPositive().isLessThanOrEqualTo(t.rssBytes());
    }

    @Test
    void countsChildrenInTheTree() throws Exception {
        Process child = new ProcessBuilder("sleep", "30").start();
        try {
            ProcessTree alone = ProcessTree.sample(child.pid(), false);
            assertThat(alone.processes()).isEqualTo(1);
            assertThat(alone.threads()).isEqualTo(1);
            ProcessTree withChild = ProcessTree.sample(ProcessHandle.current().pid(), false);
            assertThat(withChild.processes()).isGreaterThanOrEqualTo(2);
            assertThat(withChild.rssBytes()).isGreaterThan(alone.rssBytes());
        } finally {
            child.destroyForcibly();
            child.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void anExitedProcessIsAnError() throws Exception {
        Process child = new ProcessBuilder("true").start();
        child.waitFor(5, TimeUnit.SECONDS);
        assertThatThrownBy(() -> ProcessTree.sample(child.pid(), false)).isInstanceOf(IOException.class);
    }

    @Test
    void parsesStatWhateverTheCommandName() {
        // utime 100, stime 50, cutime 7, cstime 3 ticks = 160 ticks = 1.6 s
        String stat = "4242 (a (weird) name) S 1 4242 4242 0 -1 4194560 100 0 0 0 100 50 7 3 20 0 1 0 1 2 3";
        assertThat(ProcessTree.cpuMicros(stat)).isEqualTo(1_600_000);
    }

    @Test
    void readsStatusFieldsByName() {
        String status = "Name:\tjava\nThreads:\t42\nVmRSS:\t  123456 kB\nvoluntary_ctxt_switches:\t7\n"
                + "nonvoluntary_ctxt_switches:\t9\n";
        assertThat(ProcessTree.field(status, "Threads:")).isEqualTo(42);
        assertThat(ProcessTree.field(status, "VmRSS:")).isEqualTo(123456);
        assertThat(ProcessTree.field(status, "voluntary_ctxt_switches:")).isEqualTo(7);
        assertThat(ProcessTree.field(status, "nonvoluntary_ctxt_switches:")).isEqualTo(9);
        assertThat(ProcessTree.field(status, "Missing:")).isZero();
    }
}
