package lab.c10k.harness.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The default split of the CPUs between servers and load, and the CPUs a user asks for. */
class CpuSplitTest {

    @Test
    void byDefaultTheServersGetTheUpperHalfAndTheLoadTheLower() {
        assertThat(CpuSplit.of(null, null, List.of(0, 1))).isEqualTo(new CpuSplit(List.of(1), List.of(0)));
        assertThat(CpuSplit.of(null, null, List.of(2, 3, 5, 7, 8)))
                .isEqualTo(new CpuSplit(List.of(5, 7, 8), List.of(2, 3)));
        assertThat(CpuSplit.of(null, null, List.of(0))).as("nothing to split").isEqualTo(CpuSplit.NONE);
    }

    @Test
    void cpusAskedForAreTakenAsTheyAreIfThisProcessMayUseThem() {
        assertThat(CpuSplit.of(List.of(0), null, List.of(0, 1))).isEqualTo(new CpuSplit(List.of(0), List.of()));
        assertThat(CpuSplit.of(null, List.of(1), List.of(0, 1))).isEqualTo(new CpuSplit(List.of(), List.of(1)));
        assertThatThrownBy(() -> CpuSplit.of(List.of(1), List.of(999), List.of(0, 1)))
                .hasMessage("CPU 999 is not one this process may use: [0, 1]");
    }
}
