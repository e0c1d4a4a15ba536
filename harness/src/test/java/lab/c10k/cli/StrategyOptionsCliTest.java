package lab.c10k.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import lab.c10k.server.ServerConfig;
import lab.c10k.server.spi.RunningServer;
import lab.c10k.server.spi.Strategies;
import lab.c10k.server.spi.Strategy;
import lab.c10k.server.spi.StrategyOption;
import org.junit.jupiter.api.Test;

/**
 * A strategy declared only in this test, with an option of its own, driven through the command line: its flag
 * appears in help under its strategy, is refused with any other strategy, is checked by the strategy, and reaches
 * the strategy's {@code start} through the config. Nothing outside this file knows the strategy.
 */
class StrategyOptionsCliTest {

    /** Serves with the thread strategy, after reading its own option; remembers what it started. */
    static final class Lesson implements Strategy {
        static final StrategyOption CHAPTERS =
                StrategyOption.integer("chapters", 3, "How many chapters the lesson has, at least 1.");
        static final List<Started> started = new ArrayList<>();

        record Started(int chapters, RunningServer server) {}

        @Override
        public String name() {
            return "lesson";
        }

        @Override
        public String summary() {
            return "a strategy known only to a test";
        }

        @Override
        public List<StrategyOption> options() {
            return List.of(CHAPTERS);
        }

        @Override
        public void checkOptions(Map<String, String> values) {
            int chapters = CHAPTERS.intIn(values);
            if (chapters < 1) {
                throw new IllegalArgumentException(CHAPTERS.flag() + " must be at least 1, was " + chapters);
            }
        }

        @Override
        public RunningServer start(ServerConfig config) throws IOException {
            RunningServer server = Strategies.find("thread").orElseThrow().start(config);
            synchronized (started) {
                started.add(new Started(CHAPTERS.intIn(config.strategyOptions()), server));
                started.notifyAll();
            }
            return server;
        }
    }

    private static CliRun run(String... args) {
        var strategies = new ArrayList<>(Strategies.installed());
        strategies.add(new Lesson());
        return CliRun.of(C10k.commandLine(strategies), args);
    }

    @Test
    void helpListsTheOptionUnderItsStrategy() {
        CliRun r = run("serve", "--help");
        assertThat(r.status()).isZero();
        assertThat(r.out())
                .contains("lesson")
                .containsPattern("Options of --strategy lesson:\\R\\s+--chapters=N\\s+How many chapters the lesson"
                        + " has, at least 1 \\(default: 3\\)\\.");
        assertThat(r.out().indexOf("Options of --strategy lesson:"))
                .as("listed after the common options")
                .isGreaterThan(r.out().indexOf("--max-body"));
    }

    @Test
    void theOptionWithAnotherStrategyIsOneLineNamingItsStrategy() {
        CliRun r = run("serve", "--strategy", "thread", "--chapters", "2");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().lines().findFirst().orElseThrow())
                .isEqualTo("c10k serve: --chapters does not apply to --strategy thread; it applies to: lesson");
        assertThat(r.err()).doesNotContain("Exception");
    }

    @Test
    void theStrategyChecksItsOwnValues() {
        CliRun r = run("serve", "--strategy", "lesson", "--chapters", "0");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err())
                .contains(
                        "c10k serve: Invalid options for --strategy lesson: --chapters must be at least 1," + " was 0");
        CliRun notANumber = run("serve", "--strategy", "lesson", "--chapters", "many");
        assertThat(notANumber.status()).isEqualTo(2);
        assertThat(notANumber.err()).contains("Invalid value for option '--chapters': 'many' is not an int");
    }

    @Test
    void theValueReachesTheStrategyThatServes() throws Exception {
        int before;
        synchronized (Lesson.started) {
            before = Lesson.started.size();
        }
        var serve = CompletableFuture.supplyAsync(
                () -> run("serve", "--strategy", "lesson", "--chapters", "7", "--port", "0", "--shutdown-grace", "1s"));
        Lesson.Started started;
        synchronized (Lesson.started) {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (Lesson.started.size() == before && !serve.isDone() && System.nanoTime() < until) {
                Lesson.started.wait(100);
            }
            assertThat(Lesson.started)
                    .as("started; serve said %s", serve.getNow(null))
                    .hasSizeGreaterThan(before);
            started = Lesson.started.get(before);
        }
        try {
            assertThat(started.chapters()).isEqualTo(7);
            assertThat(get(started.server().address())).startsWith("HTTP/1.1 200 ");
        } finally {
            started.server().shutdown(Duration.ofSeconds(1));
        }
        CliRun r = serve.get(20, TimeUnit.SECONDS);
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("with strategy lesson");
    }

    private static String get(InetSocketAddress address) throws IOException {
        try (var socket = new Socket(address.getAddress(), address.getPort())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream()
                    .write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
