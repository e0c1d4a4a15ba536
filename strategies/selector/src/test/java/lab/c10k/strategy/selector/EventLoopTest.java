package lab.c10k.strategy.selector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import lab.c10k.server.AcceptBackoff;
import lab.c10k.server.ServerConfig;
import lab.c10k.server.spi.RunningServer;
import lab.c10k.server.spi.Strategies;
import lab.c10k.testkit.RawClient;
import lab.c10k.testkit.RawResponse;
import lab.c10k.testkit.TestDocRoot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * What the event loop must get right beyond the shared suite, on one loop where a mistake would show: a client
 * that stops reading, or one that reads a large file as fast as it can, does not hold up the others; pipelined
 * requests split anywhere across reads; and a loop that cannot accept (at the cap, out of descriptors) waits
 * instead of spinning on a level-triggered listener.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EventLoopTest {
    /** CPU time a loop may use in a second in which it has nothing to do; a spinning loop uses all of it. */
    private static final long IDLE_CPU_NANOS_PER_SECOND = TimeUnit.MILLISECONDS.toNanos(150);

    private TestDocRoot docs;

    @BeforeAll
    void createRoot() {
        docs = TestDocRoot.create();
    }

    @AfterAll
    void deleteRoot() {
        docs.close();
    }

    private RunningServer start(UnaryOperator<ServerConfig.Builder> tweak) throws IOException {
        return Strategies.find("selector")
                .orElseThrow()
                .start(tweak.apply(ServerConfig.builder(docs.root())
                                .host("127.0.0.1")
                                .port(0)
                                .strategyOption("reactors", "1"))
                        .build());
    }

    /** The CPU time of every selector loop thread alive in this JVM. */
    private static long loopCpuNanos() {
        var threads = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("c10k-selector-")) {
                sum += Math.max(0, threads.getThreadCpuTime(t.threadId()));
            }
        }
        return sum;
    }

    private static long loopCpuDuring(Duration idle) throws InterruptedException {
        long before = loopCpuNanos();
        Thread.sleep(idle);
        return loopCpuNanos() - before;
    }

    @Test
    void aClientThatStopsReadingA2MiBFileDoesNotDelayTheOthers() throws Exception {
        var timeouts = new ServerConfig.Timeouts(
                Duration.ofSeconds(10),
                Duration.ofSeconds(10),
                Duration.ofSeconds(30),
                Duration.ofSeconds(2),
                Duration.ofSeconds(5));
        byte[] file = docs.bytes("2m.bin");
        try (RunningServer server = start(b -> b.timeouts(timeouts));
                RawClient stalled = RawClient.connect(server.address(), 16 * 1024)) {
            stalled.send("GET /2m.bin HTTP/1.1\r\nHost: x\r\n\r\n");
            byte[] first = stalled.readBytes(4096);
            String text = new String(first, StandardCharsets.ISO_8859_1);
            assertThat(text).startsWith("HTTP/1.1 200 OK");
            int bodyStart = text.indexOf("\r\n\r\n") + 4;
            Thread.sleep(200); // the socket buffers fill up: the server waits for writability

            try (RawClient other = RawClient.connect(server.address())) {
                long slowest = 0;
                for (int i = 0; i < 200; i++) {
                    long start = System.nanoTime();
                    RawResponse r = other.get("/2k.bin");
                    slowest = Math.max(slowest, System.nanoTime() - start);
                    assertThat(r.status()).isEqualTo(200);
                    assertThat(r.body()).hasSize(2048);
                }
                assertThat(Duration.ofNanos(slowest)).isLessThan(Duration.ofSeconds(1));
            }
            assertThat(loopCpuDuring(Duration.ofSeconds(1)))
                    .as("a loop whose only connection waits on a full socket sleeps")
                    .isLessThan(IDLE_CPU_NANOS_PER_SECOND);

            // Not cut off, only parked: the download resumes at the exact byte.
            byte[] rest = stalled.readBytes(bodyStart + file.length - first.length);
            byte[] all = Arrays.copyOf(first, first.length + rest.length);
            System.arraycopy(rest, 0, all, first.length, rest.length);
            assertThat(Arrays.copyOfRange(all, bodyStart, all.length)).isEqualTo(file);
            assertThat(stalled.get("/hello.txt").text()).isEqualTo(TestDocRoot.HELLO);
        }
    }

    @Test
    void aFastDownloadTakesTurnsWithTheOtherConnections() throws Exception {
        byte[] big = new byte[48 << 20];
        new Random(48).nextBytes(big);
        Path file = docs.file("48m.bin");
        Files.write(file, big);
        try (RunningServer server = start(b -> b);
                RawClient fast = RawClient.connect(server.address());
                RawClient other = RawClient.connect(server.address())) {
            var download = CompletableFuture.supplyAsync(() -> {
                try {
                    RawResponse r = fast.timeout(Duration.ofSeconds(20)).get("/48m.bin");
                    return Arrays.equals(r.body(), big);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            long slowest = 0;
            int served = 0;
            while (!download.isDone() || served < 20) {
                long start = System.nanoTime();
                assertThat(other.get("/2k.bin").status()).isEqualTo(200);
                slowest = Math.max(slowest, System.nanoTime() - start);
                served++;
            }
            assertThat(download.get(30, TimeUnit.SECONDS))
                    .as("the 48 MiB arrived intact")
                    .isTrue();
            assertThat(Duration.ofNanos(slowest)).isLessThan(Duration.ofSeconds(1));
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void pipelinedRequestsSplitAnywhereAcrossReadsAreAnsweredInOrder() throws Exception {
        List<String> requests = List.of(
                "GET /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /1k.bin HTTP/1.1\r\nHost: x\r\nUser-Agent: pipelining test\r\n\r\n",
                "HEAD /2k.bin HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /missing HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /100k.bin HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /2k.bin HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
                "GET /dir/ HTTP/1.1\r\nHost: x\r\n\r\n");
        byte[] all = String.join("", requests).getBytes(StandardCharsets.US_ASCII);
        var random = new Random(3);
        try (RunningServer server = start(b -> b)) {
            for (int trial = 0; trial < 8; trial++) {
                try (RawClient c = RawClient.connect(server.address())) {
                    // Cut the stream at random places, CRLFs and request boundaries included, and pause between
                    // the pieces so that each arrives in a read of its own.
                    int at = 0;
                    while (at < all.length) {
                        int n = Math.min(all.length - at, 1 + random.nextInt(trial % 2 == 0 ? 9 : 90));
                        c.send(Arrays.copyOfRange(all, at, at + n));
                        at += n;
                        Thread.sleep(random.nextInt(3));
                    }
                    assertThat(c.readResponse().text()).isEqualTo(TestDocRoot.HELLO);
                    assertThat(c.readResponse().body()).isEqualTo(docs.bytes("1k.bin"));
                    assertThat(c.readHeadResponse().field("Content-Length")).contains("2048");
                    assertThat(c.readResponse().status()).isEqualTo(404);
                    assertThat(c.readResponse().body()).isEqualTo(docs.bytes("100k.bin"));
                    RawResponse http10 = c.readResponse();
                    assertThat(http10.body()).isEqualTo(docs.bytes("2k.bin"));
                    assertThat(http10.field("Connection")).contains("keep-alive");
                    assertThat(c.readResponse().body()).isEqualTo(docs.bytes("dir/index.html"));
                    assertThat(c.staysSilent(Duration.ofMillis(100))).isTrue();
                }
            }
        }
    }

    @Test
    void pipelinedRequestsBehindAResponseThatFillsTheSocketWaitTheirTurn() throws Exception {
        String big = "GET /2m.bin HTTP/1.1\r\nHost: x\r\n\r\n";
        String small = "GET /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n";
        try (RunningServer server = start(b -> b);
                RawClient c = RawClient.connect(server.address(), 16 * 1024)) {
            c.send(big + small + big + small.substring(0, 20));
            Thread.sleep(300); // the client reads nothing yet: the first response stalls, the rest waits stashed
            c.send(small.substring(20));
            assertThat(c.readResponse().body()).isEqualTo(docs.bytes("2m.bin"));
            assertThat(c.readResponse().text()).isEqualTo(TestDocRoot.HELLO);
            assertThat(c.readResponse().body()).isEqualTo(docs.bytes("2m.bin"));
            assertThat(c.readResponse().text()).isEqualTo(TestDocRoot.HELLO);
        }
    }

    @Test
    void atTheConnectionCapTheLoopStopsAcceptingWithoutSpinning() throws Exception {
        try (RunningServer server = start(b -> b.maxConnections(1))) {
            RawClient first = RawClient.connect(server.address());
            try (RawClient waiting = RawClient.connect(server.address())) {
                assertThat(first.get("/hello.txt").status()).isEqualTo(200);
                waiting.send("GET /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(loopCpuDuring(Duration.ofSeconds(1)))
                        .as("a pending connection on a listener the loop no longer watches")
                        .isLessThan(IDLE_CPU_NANOS_PER_SECOND);
                assertThat(waiting.staysSilent(Duration.ofMillis(100))).isTrue();
                first.close(); // a slot frees: the waiting connection is accepted and answered
                assertThat(waiting.readResponse().status()).isEqualTo(200);
            } finally {
                first.close();
            }
        }
    }

    @Test
    void outOfDescriptorsTheLoopBacksOffInsteadOfSpinningAndRecovers() throws Exception {
        try (RunningServer server = start(b -> b)) {
            try (RawClient warm = RawClient.connect(server.address())) {
                assertThat(warm.get("/hello.txt").status()).isEqualTo(200);
            }
            List<FileChannel> hog = new ArrayList<>();
            RawClient client = null;
            try {
                Path devNull = Path.of("/dev/null");
                while (true) {
                    try {
                        hog.add(FileChannel.open(devNull));
                    } catch (IOException e) {
                        assertThat(AcceptBackoff.isOutOfDescriptors(e))
                                .as(e.toString())
                                .isTrue();
                        break;
                    }
                }
                hog.removeLast().close(); // one descriptor for the client's socket, none for the server's end
                client = RawClient.connect(server.address());
                client.send("GET /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n");
                long cpu = loopCpuDuring(Duration.ofSeconds(1));
                for (FileChannel f : hog) {
                    f.close();
                }
                hog.clear();
                assertThat(cpu)
                        .as("accept fails with EMFILE and the pending connection stays: back off, do not spin")
                        .isLessThan(IDLE_CPU_NANOS_PER_SECOND);
                // Accepted once the back-off ends (at most a second), and served.
                RawResponse r = client.readResponse();
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.text()).isEqualTo(TestDocRoot.HELLO);
            } finally {
                for (FileChannel f : hog) {
                    f.close();
                }
                if (client != null) {
                    client.close();
                }
            }
        }
    }
}
