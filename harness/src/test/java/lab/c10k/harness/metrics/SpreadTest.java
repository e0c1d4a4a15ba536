package lab.c10k.harness.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpreadTest {

    @Test
    void medianOfAnOddAndAnEvenCount() {
        assertThat(Spread.of(List.of(3.0, 1.0, 2.0))).isEqualTo(new Spread(2, 1, 3, 3));
        assertThat(Spread.of(List.of(4.0, 1.0, 2.0, 3.0))).isEqualTo(new Spread(2.5, 1, 4, 4));
    }

    @Test
    void leavesOutWhatWasNotMeasured() {
        assertThat(Spread.of(Arrays.asList(Double.NaN, 5.0, null))).isEqualTo(new Spread(5, 5, 5, 1));
        assertThat(Spread.of(List.of())).isEqualTo(Spread.EMPTY);
        assertThat(Spread.EMPTY.relativeHalfRange()).isNaN();
    }

    @Test
    void halfTheRangeRelativeToTheMedian() {
        assertThat(Spread.of(List.of(96.0, 100.0, 104.0)).relativeHalfRange())
                .isCloseTo(0.04, org.assertj.core.data.Offset.offset(1e-12));
    }
}
