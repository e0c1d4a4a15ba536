package lab.c10k.harness.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import lab.c10k.files.FileIo;
import lab.c10k.harness.control.ControlClient;
import lab.c10k.harness.load.ErrorCounts;
import lab.c10k.harness.load.LoadGenerator;
import lab.c10k.harness.load.LoadProfile;
import lab.c10k.harness.load.LoadResult;
import lab.c10k.harness.load.Target;
import lab.c10k.harness.metrics.PerfStat;
import lab.c10k.harness.metrics.ProcessTree;
import lab.c10k.server.ServerStats;
import lab.c10k.testkit.TestDocRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The context-switch figure includes threads that exited. The thread strategy under {@code Connection: close}
 * starts and ends one platform thread per request: 3,000 of them here, in a server JVM of its own. Its getrusage,
 * read through the control port before the load and after the server has closed every connection, must account
 * for their switches; /proc, which sees only the threads alive at both readings, must miss most of them; and, as
 * root with perf installed, perf stat (inherited by every thread the server ever starts, counting between the two
 * readings) must agree with getrusage.
 */
class ExitedThreadsTest {
    private static final int REQUESTS = 3000;

    @Test
    void theThreadStrategysSwitchesIncludeItsExitedThreads(@TempDir Path work) throws Exception {
        boolean perf = PerfStat.unavailable().isEmpty();
        try (TestDocRoot docRoot = TestDocRoot.create()) {
            var setup = new ServerSetup(
                    docRoot.root(),
                    List.of(),
                    100,
                    Duration.ofMinutes(1),
                    perf,
                    work,
                    ServerSetup.currentJava(List.of()));
            var contender = new Contender.JavaStrategy("thread", "");
            try (ServerUnderTest server = ServerUnderTest.start(contender, setup, FileIo.SENDFILE)) {
                ControlClient control = server.control().orElseThrow();
                ProcessTree treeBefore = server.tree(true);
                ServerStats before = control.stats();
                if (perf) {
                    server.perf().orElseThrow().enable();
                }

                LoadResult r = LoadGenerator.run(
                        LoadProfile.closedLoop(Target.parse(server.url("1k.bin")), 4, Duration.ofSeconds(1))
                                .withRequests(REQUESTS)
                                .withKeepAlive(false));
                // Threads that wrote their response may not have run to their end yet: wait for every one.
                server.settle();
                ServerStats after = control.stats();
                if (perf) {
                    server.perf().orElseThrow().disable(); // right after each reading: the same span
                }
                ProcessTree treeAfter = server.tree(true);

                assertThat(r.requests()).isEqualTo(REQUESTS);
                assertThat(r.errors()).isEqualTo(ErrorCounts.NONE);
                assertThat(after.requests() - before.requests()).isEqualTo(REQUESTS);
                assertThat(after.connectionsAccepted() - before.connectionsAccepted())
                        .isEqualTo(REQUESTS);
                assertThat(after.connectionsOpen()).isZero();

                long switches = after.usage().contextSwitches() - before.usage().contextSwitches();
                long live = treeAfter.liveContextSwitches() - treeBefore.liveContextSwitches();
                // The threads that ended are gone from /proc, with their switches: what getrusage counts beyond
                // the live threads belongs to them. They were 3,000; most blocked or were preempted at least once.
                assertThat(treeAfter.threads()).isLessThan(REQUESTS / 10);
                assertThat(switches - live).as("switches of ended threads").isGreaterThan(REQUESTS / 2);
                assertThat(live).as("/proc live-thread switches").isLessThan(switches * 3 / 4);

                Optional<PerfStat.Counts> counts = server.stop();
                if (perf) {
                    assertThat(counts).isPresent();
                    double ratio = (double) switches / counts.get().contextSwitches();
                    assertThat(ratio).as("getrusage / perf").isBetween(0.95, 1.05);
                }
            }
        }
    }
}
