package lab.c10k.harness.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import lab.c10k.files.FileIo;
import lab.c10k.testkit.TestDocRoot;
import org.junit.jupiter.api.Test;

/** The matrix, its estimate, and how the quick profile fits more strategies into the same time. */
class PlanTest {

    private static Plan plan(int strategies, Path root) {
        List<Contender> contenders = IntStream.range(0, strategies)
                .<Contender>mapToObj(i -> new Contender.JavaStrategy("s" + i, ""))
                .toList();
        return Plan.builder(Profile.QUICK)
                .contenders(contenders)
                .duration(Duration.ofMillis(750))
                .root(root)
                .cpus(new CpuSplit(List.of(1), List.of(0)))
                .build();
    }

    @Test
    void moreStrategiesShareTheBudgetWithShorterWindows() {
        Path root = Path.of("/nonexistent");
        Duration min = Profile.QUICK_MIN_WINDOW;
        Duration max = Duration.ofMillis(1500);
        double budget = Profile.QUICK_BUDGET_SECONDS;
        Plan one = quick(1, root);
        Plan four = quick(4, root);
        Plan ten = quick(10, root);
        assertThat(one.duration()).isEqualTo(max);
        assertThat(one.estimatedSeconds()).isLessThan(budget);
        assertThat(four.duration()).isBetween(min, max.minusMillis(100));
        assertThat(four.estimatedSeconds()).isLessThanOrEqualTo(budget);
        assertThat(ten.duration()).isEqualTo(min); // the floor: quality before the budget
        assertThat(ten.estimatedSeconds()).isGreaterThan(budget);
        assertThat(one.windows()).isEqualTo(3 * 10); // without 2 MiB at 1000 connections (default sizes)
        assertThat(plan(1, root).windows()).isEqualTo(3 * 12); // a duration was given: every cell is kept
    }

    /** The quick profile as {@code compare} builds it: no window given, so the profile fits it. */
    private static Plan quick(int strategies, Path root) {
        return Plan.builder(Profile.QUICK)
                .contenders(IntStream.range(0, strategies)
                        .<Contender>mapToObj(i -> new Contender.JavaStrategy("s" + i, ""))
                        .toList())
                .root(root)
                .cpus(new CpuSplit(List.of(1), List.of(0)))
                .build();
    }

    /** The quick profile's own windows leave out 2 MiB to 1000 connections, and say so. */
    @Test
    void theQuickProfileLeavesOutTheCellsAsLongAsAWindow() throws Exception {
        try (TestDocRoot docRoot = TestDocRoot.create()) {
            Plan quick = Plan.builder(Profile.QUICK)
                    .contenders(List.of(new Contender.JavaStrategy("thread", "")))
                    .root(docRoot.root())
                    .build();
            List<Cell> cells = quick.cells(new Contender.JavaStrategy("thread", ""));
            assertThat(cells).hasSize(10).noneMatch(c -> c.connections() == 1000 && c.fileBytes() == 2 << 20);
            assertThat(quick.windows()).isEqualTo(3 * 10);
            assertThat(quick.leftOut())
                    .hasValueSatisfying(s -> assertThat(s).startsWith("2 MiB at 1000 connections left out"));
            Plan full = Plan.builder(Profile.FULL).root(docRoot.root()).build();
            assertThat(full.leftOut()).isEmpty();
        }
    }

    @Test
    void cellsComeByFileKeepAliveAndConnectionsAndReferencesHaveNoFileIo() throws Exception {
        try (TestDocRoot docRoot = TestDocRoot.create()) {
            Plan p = plan(1, docRoot.root());
            List<Cell> cells = p.cells(new Contender.JavaStrategy("thread", ""));
            assertThat(cells).hasSize(12);
            assertThat(cells.getFirst()).isEqualTo(new Cell(10, "2k.bin", 2048, true, FileIo.SENDFILE));
            assertThat(cells.get(3)).isEqualTo(new Cell(10, "2k.bin", 2048, false, FileIo.SENDFILE));
            assertThat(cells.getLast()).isEqualTo(new Cell(1000, "2m.bin", 2 << 20, false, FileIo.SENDFILE));
            assertThat(p.cells(new Contender.ReferenceServer(Reference.NGINX)))
                    .allSatisfy(c -> assertThat(c.fileIo()).isNull());
            assertThat(p.maxConnections()).isEqualTo(2000); // the idle measurement opens the most
            assertThatThrownBy(() -> p.fileSize("../outside/secret.txt")).hasMessageContaining("no file");
        }
    }

    @Test
    void refusesAnEmptyAxis() {
        var builder = Plan.builder(Profile.QUICK).connections(new ArrayList<>()).root(Path.of("/"));
        assertThatThrownBy(builder::build).hasMessageContaining("empty axis");
    }

    @Test
    void whatIsNotGivenIsTheProfilesAndTheQuickProfileFitsItsWindowsToItsBudget() {
        var contenders = IntStream.range(0, 4)
                .<Contender>mapToObj(i -> new Contender.JavaStrategy("s" + i, ""))
                .toList();
        Plan quick = Plan.builder(Profile.QUICK)
                .contenders(contenders)
                .root(Path.of("/"))
                .build();
        assertThat(quick.profile()).isEqualTo("quick");
        assertThat(quick.connections()).isEqualTo(Profile.QUICK.connections());
        assertThat(quick.files()).containsExactly("2k.bin", "2m.bin");
        assertThat(quick.keepAlive()).containsExactly(true, false);
        assertThat(quick.repetitions()).isEqualTo(3);
        assertThat(quick.freshServerPerTrial()).isFalse();
        assertThat(quick.serverCpus()).isEmpty();
        assertThat(quick.duration()).isBetween(Profile.QUICK_MIN_WINDOW, Profile.QUICK.duration());
        assertThat(quick)
                .isEqualTo(Plan.builder(Profile.QUICK)
                        .contenders(contenders)
                        .root(Path.of("/"))
                        .build()
                        .fitTo(Profile.QUICK_BUDGET_SECONDS, Profile.QUICK_MIN_WINDOW, Profile.QUICK.duration()));
        assertThat(Profile.QUICK.estimatedSeconds(contenders)).isEqualTo(quick.estimatedSeconds());

        Plan given = Plan.builder(Profile.QUICK)
                .contenders(contenders)
                .duration(Duration.ofSeconds(2))
                .keepAlive(List.of(true, true))
                .root(Path.of("/"))
                .build();
        assertThat(given.duration()).as("a window given is not fitted").isEqualTo(Duration.ofSeconds(2));
        assertThat(given.keepAlive()).containsExactly(true);

        Plan full = Plan.builder(Profile.FULL)
                .contenders(contenders)
                .root(Path.of("/"))
                .build();
        assertThat(full.duration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(full.freshServerPerTrial()).isTrue();
        assertThat(full.idleConnections()).isEqualTo(10000);
    }

    @Test
    void aDurationIsSaidRoughly() {
        assertThat(Profile.roughly(42.4)).isEqualTo("42 seconds");
        assertThat(Profile.roughly(180)).isEqualTo("3 minutes");
        assertThat(Profile.roughly(200)).isEqualTo("3½ minutes");
        assertThat(Profile.roughly(230)).isEqualTo("4 minutes");
    }
}
