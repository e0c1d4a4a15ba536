package lab.c10k.harness.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** sched_setaffinity for every thread of this JVM, and for the threads it starts afterwards. */
class AffinityTest {

    @Test
    void pinsEveryThreadAndTheThreadsStartedLater() throws Exception {
        List<Integer> all = Affinity.allowedCpus();
        assertThat(all).isNotEmpty();
        int one = all.getFirst();
        try {
            int pinned = Affinity.pinThisProcess(List.of(one));
            assertThat(pinned).isGreaterThan(5);
            assertThat(Affinity.allowedCpus()).containsExactly(one);
            var seen = new AtomicReference<List<Integer>>();
            Thread t = Thread.ofPlatform().start(() -> seen.set(Affinity.allowedCpus()));
            t.join();
            assertThat(seen.get())
                    .as("a thread started afterwards inherits the mask")
                    .containsExactly(one);
        } finally {
            Affinity.pinThisProcess(all);
        }
        assertThat(Affinity.allowedCpus()).isEqualTo(all);
    }

    @Test
    void refusesACpuThatCannotExist() {
        assertThatThrownBy(() -> Affinity.pinThisProcess(List.of(5000))).isInstanceOf(IOException.class);
    }
}
