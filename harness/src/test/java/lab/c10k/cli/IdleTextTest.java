package lab.c10k.cli;

import static org.assertj.core.api.Assertions.assertThat;

import lab.c10k.harness.experiment.IdleResult;
import org.junit.jupiter.api.Test;

/** The summary {@code c10k idle} prints. */
class IdleTextTest {

    private static IdleResult result(long kernelStackDelta) {
        return new IdleResult(
                "selector",
                "strategy",
                10_000,
                null,
                90L << 20,
                98L << 20,
                80L << 20,
                88L << 20,
                7L << 20,
                14L << 20,
                15,
                15,
                1,
                kernelStackDelta);
    }

    @Test
    void perConnectionFiguresAreTheDifferencesDividedByTheConnections() {
        String text = IdleCommand.text(result(0), "2k.bin");
        assertThat(text).contains("selector, 10,000 idle keep-alive connections (each after one GET /2k.bin)");
        assertThat(text).containsPattern("RSS +90\\.0 MiB -> 98\\.0 MiB +839 B per connection");
        assertThat(text).containsPattern("Java heap +7\\.0 MiB -> 14\\.0 MiB after a full GC +734 B per connection");
        assertThat(text).contains("+0 B (system-wide, not in RSS)");
    }

    @Test
    void kernelStacksThatShrankCarryOneSign() {
        assertThat(IdleCommand.text(result(-16 * 1024), "2k.bin"))
                .contains("kernel stacks  -16.0 KiB (system-wide")
                .doesNotContain("+-")
                .as("a figure below zero is marked and explained")
                .containsPattern("-2 B § per connection")
                .contains("§ below zero: the server's own memory shrank");
        assertThat(IdleCommand.text(result(16 * 1024), "2k.bin"))
                .contains("kernel stacks  +16.0 KiB (system-wide")
                .doesNotContain("§");
    }
}
