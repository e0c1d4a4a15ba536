package lab.c10k.harness.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** perf stat around a process, counting only between enable and disable. */
class PerfStatTest {

    @Test
    void parsesPerfsCsvOutput() throws IOException {
        String out = "# started on Thu Nov 26 08:01:52 2026\n\n"
                + "536,,context-switches,62708184,100.00,8.548,K/sec\n"
                + "62.71,msec,task-clock,62708184,100.00,0.045,CPUs utilizedEvents disabled\nEvents enabled\n";
        assertThat(PerfStat.parse(out)).isEqualTo(new PerfStat.Counts(536, 62_710));
    }

    @Test
    void refusesUncountedEvents() {
        assertThatThrownBy(
                        () -> PerfStat.parse("<not counted>,,context-switches,0,0.00,,\n1.0,msec,task-clock,1,1,,\n"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("context-switches");
        assertThatThrownBy(() -> PerfStat.parse("")).isInstanceOf(IOException.class);
    }

    /**
     * Only the enabled period counts: 100 short sleeps run before it and 30 inside it; each sleep costs the shell
     * at least one switch (it waits for the child) and the child at least one.
     */
    @Test
    void countsOnlyWhileEnabled(@TempDir Path dir) throws Exception {
        assumeTrue(
                PerfStat.unavailable().isEmpty(),
                () -> "perf: " + PerfStat.unavailable().orElse(""));
        try (PerfStat perf = PerfStat.prepare(dir)) {
            String script = "for i in $(seq 100); do sleep 0.002; done; echo first >&2; read line;"
                    + " for i in $(seq 30); do sleep 0.002; done; echo second >&2; read line";
            Path err = dir.resolve("err");
            Process p = new ProcessBuilder(perf.wrap(List.of("bash", "-c", script)))
                    .redirectError(err.toFile())
                    .start();
            var stdin = p.getOutputStream();
            awaitLine(err, "first");
            perf.enable();
            stdin.write('\n');
            stdin.flush();
            awaitLine(err, "second");
            perf.disable();
            stdin.write('\n');
            stdin.close();
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            PerfStat.Counts counts = perf.read();
            assertThat(counts.contextSwitches()).isBetween(60L, 190L);
            assertThat(counts.taskClockMicros()).isPositive();
        }
    }

    private static void awaitLine(Path file, String line) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!java.nio.file.Files.readString(file).contains(line)) {
            assertThat(System.nanoTime()).as("waiting for '%s'", line).isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
