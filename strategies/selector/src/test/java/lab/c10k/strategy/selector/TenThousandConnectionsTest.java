package lab.c10k.strategy.selector;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import lab.c10k.server.ServerConfig;
import lab.c10k.server.spi.RunningServer;
import lab.c10k.server.spi.Strategies;
import lab.c10k.testkit.RawClient;
import lab.c10k.testkit.TestDocRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The c10k test itself: 10,000 concurrent keep-alive connections on one selector loop, every response right, and
 * what they cost in heap once idle. The clients live in a child JVM (see {@link KeepAliveLoad}), so that neither
 * process needs more than about 10,000 descriptors.
 */
class TenThousandConnectionsTest {
    private static final int CONNECTIONS = 10_000;
    private static final int ROUNDS = 3;

    /**
     * The heap an idle connection may cost the server, at most. The target is 1 KiB (nginx: about 530 B);
     * the measured figure is printed. One buffer per connection (8 or 16 KiB) would fail it many times over.
     */
    private static final long MAX_HEAP_PER_IDLE_CONNECTION = 1024;

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void tenThousandKeepAliveConnectionsAreServedWithoutAnErrorAndCostLittleWhileIdle() throws Exception {
        try (TestDocRoot docs = TestDocRoot.create();
                RunningServer server = Strategies.find("selector")
                        .orElseThrow()
                        .start(ServerConfig.builder(docs.root())
                                .host("127.0.0.1")
                                .port(0)
                                .build())) {
            try (RawClient warm = RawClient.connect(server.address())) {
                for (int i = 0; i < 100; i++) {
                    assertThat(warm.get("/2k.bin").status()).isEqualTo(200);
                }
            }
            awaitOpen(server, 0);
            long heapBefore = heapAfterGc();

            try (ChildJvm clients = ChildJvm.start(
                    KeepAliveLoad.class,
                    server.address().getHostString(),
                    server.address().getPort(),
                    CONNECTIONS,
                    ROUNDS,
                    "/2k.bin",
                    2048)) {
                assertThat(clients.readLine()).isEqualTo("connected " + CONNECTIONS);
                for (int round = 0; round < ROUNDS; round++) {
                    assertThat(clients.readLine())
                            .as("every response of round %d", round)
                            .isEqualTo("round " + round + " ok " + CONNECTIONS + " errors 0");
                }
                assertThat(clients.readLine()).isEqualTo("idle");
                assertThat(server.stats().connectionsOpen()).isEqualTo(CONNECTIONS);
                assertThat(server.stats().errors()).isZero();

                long perConnection = (heapAfterGc() - heapBefore) / CONNECTIONS;
                System.out.printf(
                        "selector: %d idle keep-alive connections cost %d bytes of heap each%n",
                        CONNECTIONS, perConnection);
                assertThat(perConnection).isLessThan(MAX_HEAP_PER_IDLE_CONNECTION);

                clients.writeLine("close");
                assertThat(clients.readLine()).isEqualTo("closed");
                assertThat(clients.await(30)).isZero();
            }
            awaitOpen(server, 0);
            assertThat(server.stats().requests()).isGreaterThanOrEqualTo(CONNECTIONS * ROUNDS);
        }
    }

    private static void awaitOpen(RunningServer server, long expected) throws InterruptedException {
        LongSupplier open = () -> server.stats().connectionsOpen();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (open.getAsLong() != expected && System.nanoTime() - deadline < 0) {
            Thread.sleep(10);
        }
        assertThat(open.getAsLong()).isEqualTo(expected);
    }

    private static long heapAfterGc() {
        var memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            memory.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
