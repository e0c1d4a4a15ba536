package lab.c10k.strategy.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WorkerOutputTest {
    private final ByteArrayOutputStream copied = new ByteArrayOutputStream();
    private final PrintStream to = new PrintStream(copied, true, StandardCharsets.UTF_8);
    private final WorkerOutput.Tail tail = new WorkerOutput.Tail();

    private static void feed(WorkerOutput out, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        out.accept(b, b.length);
    }

    @Test
    void everyLineIsCopiedBehindThePrefixWhereverTheReadsSplitIt() {
        var out = new WorkerOutput("[w1] ", to, tail);
        feed(out, "first li");
        feed(out, "ne\nsecond\nthi");
        assertThat(copied.toString(StandardCharsets.UTF_8)).isEqualTo("[w1] first line\n[w1] second\n");
        feed(out, "rd, é");
        out.end();
        assertThat(copied.toString(StandardCharsets.UTF_8)).endsWith("[w1] third, é\n");
    }

    @Test
    void theTailKeepsTheLastLinesOfBothStreamsInOrder() {
        var stdout = new WorkerOutput("", to, tail);
        var stderr = new WorkerOutput("", to, tail);
        for (int i = 0; i < 30; i++) {
            feed(i % 2 == 0 ? stdout : stderr, "line " + i + "\n");
        }
        assertThat(tail.lines())
                .hasSize(WorkerOutput.Tail.LINES)
                .startsWith("line 10")
                .endsWith("line 29");
    }

    @Test
    void anEndlessLineIsCutSoTheMasterStaysSmall() {
        var out = new WorkerOutput("", to, tail);
        feed(out, "x".repeat(3 * WorkerOutput.MAX_LINE_BYTES));
        assertThat(tail.lines()).hasSize(3).allSatisfy(l -> assertThat(l).hasSize(WorkerOutput.MAX_LINE_BYTES));
    }
}
