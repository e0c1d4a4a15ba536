package lab.c10k.strategy.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import lab.c10k.server.ResourceUsage;
import lab.c10k.server.ServerConfig;
import lab.c10k.server.ServerStats;
import lab.c10k.strategy.process.Scoreboard.State;
import lab.c10k.testkit.RawClient;
import lab.c10k.testkit.TestDocRoot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/** The master as a supervisor: crashes, pool size, recycling, giving up. Real worker processes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SupervisionTest {
    private TestDocRoot docs;

    @BeforeAll
    void createDocs() {
        docs = TestDocRoot.create();
    }

    @AfterAll
    void deleteDocs() {
        docs.close();
    }

    private Master start(Path root, ProcessOptions options) throws IOException {
        ServerConfig config = ServerConfig.builder(root)
                .host("127.0.0.1")
                .port(0)
                .strategyOptions(options.values())
                .build();
        return (Master) new ProcessPerConnection().start(config);
    }

    @Test
    void aBusyWorkerKilledUnderLoadIsReplacedAndOnlyItsConnectionFails() throws Exception {
        try (Master master = start(docs.root(), new ProcessOptions(4, 0, 8, 0, false))) {
            int clients = 3;
            var stop = new AtomicBoolean();
            var served = new AtomicInteger[clients];
            var failed = new AtomicInteger[clients];
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                AtomicInteger ok = served[i] = new AtomicInteger();
                AtomicInteger bad = failed[i] = new AtomicInteger();
                threads.add(Thread.ofPlatform().start(() -> load(master, stop, ok, bad)));
            }
            await(Duration.ofSeconds(10), () -> minimum(served) >= 20, "every client is served");
            List<Long> busy = master.workerPids(State.BUSY);
            assertThat(busy).hasSize(clients);
            long victim = busy.getFirst();
            Posix.kill((int) victim, Posix.SIGKILL);

            int before = sum(served);
            await(Duration.ofSeconds(10), () -> sum(served) > before + 200, "the server keeps answering");
            await(
                    Duration.ofSeconds(10),
                    () -> master.workerPids().size() == 4
                            && !master.workerPids().contains(victim),
                    "the killed worker is replaced");
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }
            assertThat(sum(failed))
                    .as("only the killed worker's connection failed")
                    .isEqualTo(1);
            try (RawClient c = RawClient.connect(master.address())) {
                assertThat(c.get("/hello.txt").status()).isEqualTo(200);
            }
        }
    }

    /** A keep-alive client that reconnects when its connection fails. */
    private static void load(Master master, AtomicBoolean stop, AtomicInteger served, AtomicInteger failed) {
        while (!stop.get()) {
            try (RawClient c = RawClient.connect(master.address())) {
                while (!stop.get()) {
                    if (c.get("/2k.bin").status() == 200) {
                        served.incrementAndGet();
                    }
                }
            } catch (IOException e) {
                failed.incrementAndGet();
            }
        }
    }

    @Test
    void thePoolGrowsUnderTwiceTheWorkersAndShrinksBackWhenIdle() throws Exception {
        try (Master master = start(docs.root(), new ProcessOptions(2, 1, 8, 0, false))) {
            assertThat(master.stats().processes())
                    .as("the master and its 2 workers")
                    .isEqualTo(3);
            List<RawClient> held = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    RawClient c = RawClient.connect(master.address());
                    held.add(c);
                    assertThat(c.get("/hello.txt").status()).isEqualTo(200); // keeps its worker: keep-alive
                }
                await(
                        Duration.ofSeconds(10),
                        () -> master.workerPids(State.BUSY).size() == 4
                                && master.workerPids(State.IDLE).size() >= 1,
                        "4 busy workers and a spare");
            } finally {
                for (RawClient c : held) {
                    c.close();
                }
            }
            await(Duration.ofSeconds(20), () -> master.workerPids().size() == 2, "back to 2 workers");
            assertThat(master.stats().processes()).isEqualTo(3);
        }
    }

    @Test
    void aWorkerIsRecycledAfterMaxConnectionsAndNothingIsLost() throws Exception {
        try (Master master = start(docs.root(), new ProcessOptions(2, 0, 4, 3, false))) {
            Set<Long> seen = new HashSet<>(master.workerPids());
            int connections = 18;
            for (int i = 0; i < connections; i++) {
                try (RawClient c = RawClient.connect(master.address())) {
                    assertThat(c.get("/hello.txt").status()).isEqualTo(200);
                    assertThat(c.get("/hello.txt").status()).isEqualTo(200);
                }
                seen.addAll(master.workerPids());
            }
            assertThat(seen)
                    .as("every worker served 3 connections and was replaced")
                    .hasSizeGreaterThanOrEqualTo(6);
            // A worker publishes a connection's requests when the connection ends, after the client has read.
            await(
                    Duration.ofSeconds(5),
                    () -> master.stats().requests() == 2L * connections,
                    "the requests of exited workers are counted");
            ServerStats stats = master.stats();
            assertThat(stats.connectionsAccepted()).isEqualTo(connections);
            assertThat(stats.connectionsOpen()).isZero();
            ResourceUsage workers = stats.usage().minus(ResourceUsage.self());
            assertThat(workers.cpuMicros())
                    .as("the CPU of the exited workers (wait4) and the live ones (their slots): 6+ JVM starts")
                    .isGreaterThan(6 * 20_000L);
            assertThat(workers.contextSwitches()).isPositive();
            // The last worker to reach 3 connections may be exiting now, and its replacement starting.
            await(Duration.ofSeconds(10), () -> master.stats().processes() == 3, "the pool is refilled");
        }
    }

    @Test
    void workersThatCannotStartStopTheStartWithTheirReason() {
        ServerConfig config = ServerConfig.builder(docs.root())
                .port(0)
                .strategyOptions(new ProcessOptions(2, 0, 4, 0, false).values())
                .build();
        assertThatThrownBy(() -> Master.start(config, WorkerCommand.ofThisJvm(List.of("-XX:+NoSuchWorkerOption"))))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("workers keep failing to start")
                .hasMessageContaining("exit code 1")
                .hasMessageContaining("NoSuchWorkerOption");
    }

    @Test
    void workersThatCrashInALoopStopTheServerWithTheirReason() throws Exception {
        Path root = Files.createTempDirectory("c10k-vanishing-");
        Files.writeString(root.resolve("hello.txt"), "hello");
        Master master = start(root, new ProcessOptions(1, 0, 2, 0, false));
        try {
            try (RawClient c = RawClient.connect(master.address())) {
                assertThat(c.get("/hello.txt").status()).isEqualTo(200);
            }
            Files.delete(root.resolve("hello.txt"));
            Files.delete(root);
            Posix.kill(master.workerPids().getFirst().intValue(), Posix.SIGKILL);
            assertThatThrownBy(master::awaitTermination)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("workers keep failing to start")
                    .hasMessageContaining("exit code " + WorkerMain.EXIT_CANNOT_START)
                    .hasMessageContaining("does not exist");
            assertThat(master.workerPids()).isEmpty();
            assertThatThrownBy(() -> RawClient.connect(master.address()).close())
                    .as("it stopped listening")
                    .isInstanceOf(IOException.class);
        } finally {
            master.shutdown(Duration.ofSeconds(1));
        }
    }

    private static int sum(AtomicInteger[] counts) {
        int sum = 0;
        for (AtomicInteger c : counts) {
            sum += c.get();
        }
        return sum;
    }

    private static int minimum(AtomicInteger[] counts) {
        int min = Integer.MAX_VALUE;
        for (AtomicInteger c : counts) {
            min = Math.min(min, c.get());
        }
        return min;
    }

    static void await(Duration max, BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError("not within " + max + ": " + what);
            }
            Thread.sleep(20);
        }
    }
}
