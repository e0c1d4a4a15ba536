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
        return new Plan(
                "quick",
                contenders,
                List.of(10, 100, 1000),
                List.of("2k.bin", "2m.bin"),
                List.of(true, false),
                List.of(FileIo.SENDFILE),
                Duration.ofSeconds(1),
                Duration.ofMillis(150),
                Duration.ofMillis(750),
                3,
                false,
                2000,
                Duration.ofSeconds(15),
                root,
                List.of(1),
                List.of(0),
                false);
    }

    @Test
    void moreStrategiesShareTheBudgetWithShorterWindows() {
        Path root = Path.of("/nonexistent");
        Plan two = plan(2, root).fitTo(200, Duration.ofMillis(250), Duration.ofMillis(750));
        Plan four = plan(4, root).fitTo(200, Duration.ofMillis(250), Duration.ofMillis(750));
        Plan ten = plan(10, root).fitTo(200, Duration.ofMillis(250), Duration.ofMillis(750));
        assertThat(two.duration()).isEqualTo(Duration.ofMillis(750));
        assertThat(two.estimatedSeconds()).isLessThan(200);
        assertThat(four.duration()).isBetween(Duration.ofMillis(250), Duration.ofMillis(700));
        assertThat(four.estimatedSeconds()).isLessThanOrEqualTo(200);
        assertThat(ten.duration()).isEqualTo(Duration.ofMillis(250)); // the floor: quality before the budget
        assertThat(ten.estimatedSeconds()).isGreaterThan(200);
        assertThat(two.windows()).isEqualTo(2 * 3 * 12);
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
        var empty = new ArrayList<Integer>();
        assertThatThrownBy(() -> new Plan(
                        "x",
                        List.of(),
                        empty,
                        List.of("f"),
                        List.of(true),
                        List.of(FileIo.READ),
                        Duration.ZERO,
                        Duration.ZERO,
                        Duration.ofSeconds(1),
                        1,
                        false,
                        0,
                        Duration.ofSeconds(1),
                        Path.of("/"),
                        List.of(),
                        List.of(),
                        false))
                .hasMessageContaining("empty axis");
    }
}
