package lab.c10k.harness.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import lab.c10k.server.ServerConfig;
import lab.c10k.server.ServerStats;
import lab.c10k.server.spi.RunningServer;
import lab.c10k.server.spi.Strategies;
import lab.c10k.testkit.TestDocRoot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The load generator over real sockets: against a real server started in-process through the SPI (its own counters
 * say what it served), and against stub servers that misbehave on purpose.
 */
class LoadGeneratorTest {
    private static TestDocRoot docRoot;
    private static RunningServer server;

    @BeforeAll
    static void start() throws IOException {
        docRoot = TestDocRoot.create();
        server = Strategies.find("virtual")
                .orElseThrow()
                .start(ServerConfig.builder(docRoot.root())
                        .port(0)
                        .maxRequestsPerConnection(0)
                        .build());
    }

    @AfterAll
    static void stop() {
        server.shutdown(Duration.ofSeconds(1));
        docRoot.close();
    }

    private static Target target(String path) {
        return new Target("127.0.0.1", server.address().getPort(), path);
    }

    private static LoadProfile requests(String path, int connections, long n) {
        return LoadProfile.closedLoop(target(path), connections, Duration.ofSeconds(1))
                .withRequests(n)
                .withThreads(2);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aRunOfNRequestsSendsExactlyN(boolean keepAlive) throws Exception {
        ServerStats before = server.stats();
        LoadResult r = LoadGenerator.run(requests("/2k.bin", 8, 1000).withKeepAlive(keepAlive));
        ServerStats after = awaitRequests(before.requests() + 1000);

        assertThat(r.requests()).isEqualTo(1000);
        assertThat(r.errors()).isEqualTo(ErrorCounts.NONE);
        assertThat(after.requests() - before.requests()).isEqualTo(1000);
        assertThat(r.bytes()).isEqualTo(after.bytesWritten() - before.bytesWritten());
        assertThat(r.latency().getTotalCount()).isEqualTo(1000);
        assertThat(r.threads()).isEqualTo(2);
        long connections = after.connectionsAccepted() - before.connectionsAccepted();
        if (keepAlive) {
            assertThat(connections).isEqualTo(8);
            assertThat(r.connects()).isEqualTo(8);
        } else {
            assertThat(connections).isEqualTo(1000);
            assertThat(r.connects()).isEqualTo(1000);
        }
    }

    @Test
    void aTimedRunMeasuresItsWindowAndTheSeedArticlesTwoFigures() throws Exception {
        LoadResult r = LoadGenerator.run(LoadProfile.closedLoop(target("/1k.bin"), 4, Duration.ofMillis(500)));
        assertThat(r.durationSeconds()).isBetween(0.5, 0.7);
        assertThat(r.requests()).isPositive();
        assertThat(r.requestsPerSecond()).isEqualTo(r.requests() / r.durationSeconds());
        // ab: Time per request = concurrency / throughput; across all concurrent requests = 1 / throughput
        assertThat(r.userWaitMillis())
                .isCloseTo(4 * 1000 / r.requestsPerSecond(), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(r.serverTimeMillis())
                .isCloseTo(1000 / r.requestsPerSecond(), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(r.bytes()).isGreaterThanOrEqualTo(r.requests() * 1024);
    }

    @Test
    void theWarmUpIsLeftOutAndTheListenerSeesTheWindow() throws Exception {
        var before = new AtomicReference<ServerStats>();
        var after = new AtomicReference<ServerStats>();
        LoadResult r =
                LoadGenerator.run(requests("/2k.bin", 4, 500).withWarmup(Duration.ofMillis(300)), new WindowListener() {
                    @Override
                    public void windowOpening() {
                        before.set(server.stats());
                        // A listener takes its time (the harness reads /proc and a control port): warm-up requests
                        // must not go on meanwhile, or the server counts them in the window and the generator not.
                        try {
                            Thread.sleep(50);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }

                    @Override
                    public void windowClosed() {
                        after.set(server.stats());
                    }
                });
        assertThat(r.requests()).isEqualTo(500);
        // Inside the window the server may also finish one warm-up request per connection, and count one more per
        // connection that it had written but not yet counted when the window opened.
        assertThat(after.get().requests() - before.get().requests()).isBetween(500L, 508L);
    }

    /** Past its minimum the warm-up goes on, one step at a time, while the listener asks, and its load with it. */
    @Test
    void theWarmUpGoesOnWhileTheListenerAsks() throws Exception {
        var asked = new java.util.concurrent.atomic.AtomicInteger();
        var opened = new java.util.concurrent.atomic.AtomicLong();
        var answers = new java.util.concurrent.CopyOnWriteArrayList<Long>();
        var taken = new java.util.concurrent.atomic.AtomicInteger();
        long before = server.stats().requests();
        long start = System.nanoTime();
        LoadResult r =
                LoadGenerator.run(requests("/2k.bin", 2, 50).withWarmup(Duration.ofMillis(200)), new WindowListener() {
                    @Override
                    public boolean keepWarming(long answered, int connectionsAnswered) {
                        answers.add(answered);
                        taken.set(connectionsAnswered);
                        return asked.incrementAndGet() <= 3; // three more steps, then no
                    }

                    @Override
                    public void windowOpening() {
                        opened.set(System.nanoTime());
                    }
                });
        assertThat(asked).hasValue(4);
        assertThat(Duration.ofNanos(opened.get() - start))
                .isGreaterThanOrEqualTo(Duration.ofMillis(200).plus(WindowListener.WARMUP_STEP.multipliedBy(3)));
        assertThat(r.requests()).isEqualTo(50);
        assertThat(server.stats().requests() - before)
                .as("load went on through the steps")
                .isGreaterThan(50 + 100);
        assertThat(answers)
                .as("the responses so far, growing from step to step")
                .hasSize(4);
        assertThat(taken).as("both connections answered").hasValue(2);
        for (int i = 1; i < answers.size(); i++) {
            assertThat(answers.get(i)).isGreaterThan(answers.get(i - 1));
        }
    }

    @Test
    void non2xxResponsesAreCountedAndStillRequests() throws Exception {
        LoadResult r = LoadGenerator.run(requests("/no-such-file", 2, 200));
        assertThat(r.requests()).isEqualTo(200);
        assertThat(r.errors().non2xx()).isEqualTo(200);
        assertThat(r.errors().total()).isEqualTo(200);
        assertThat(r.statusCodes()).containsExactly(Map.entry(404, 200L));
    }

    @Test
    void responsesAreCountedByStatusCodeInTheWindowOnly() throws Exception {
        String[] codes = {"200 OK", "404 Not Found", "200 OK", "503 Service Unavailable"};
        try (var stub = new StubServer(
                i -> StubServer.Answer.of("HTTP/1.1 " + codes[i % 4] + "\r\nContent-Length: 0\r\n\r\n"))) {
            LoadResult r = LoadGenerator.run(
                    requests("/", 1, 400).withTarget(stub.target()).withWarmup(Duration.ofMillis(100)));
            assertThat(r.requests()).isEqualTo(400);
            // one connection, answers in turn: whatever the warm-up took, the 400 in the window cycle the four
            assertThat(r.statusCodes()).containsOnlyKeys(200, 404, 503);
            assertThat(r.statusCodes().get(200)).isEqualTo(200);
            assertThat(r.statusCodes().get(404)).isEqualTo(100);
            assertThat(r.statusCodes().get(503)).isEqualTo(100);
            assertThat(r.errors().non2xx()).isEqualTo(200);
            assertThat(stub.requests()).isGreaterThan(400); // the warm-up's were answered, and not counted
        }
    }

    @Test
    void anEarlyStopEndsTheWindowAndKeepsWhatWasMeasured() throws Exception {
        var stop = new EarlyStop();
        Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(400);
            } catch (InterruptedException e) {
                return;
            }
            stop.stop();
        });
        long t0 = System.nanoTime();
        LoadResult r = LoadGenerator.run(
                LoadProfile.closedLoop(target("/2k.bin"), 2, Duration.ofSeconds(30)), WindowListener.NONE, stop);
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(5);
        assertThat(r.interrupted()).isTrue();
        assertThat(r.measured()).isTrue();
        assertThat(r.durationSeconds()).isBetween(0.3, 5.0);
        assertThat(r.requests()).isPositive();
        assertThat(r.latency().getTotalCount()).isEqualTo(r.requests());
    }

    @Test
    void anEarlyStopInTheWarmUpMeasuresNothing() throws Exception {
        var stop = new EarlyStop();
        stop.stop(); // pulled before the run began: it ends at once
        LoadResult r = LoadGenerator.run(
                requests("/2k.bin", 2, 1_000_000).withWarmup(Duration.ofSeconds(30)), WindowListener.NONE, stop);
        assertThat(r.interrupted()).isTrue();
        assertThat(r.measured()).isFalse();
        assertThat(r.requests()).isZero();
    }

    @Test
    void aRunThatEndsByItselfIsNotInterrupted() throws Exception {
        LoadResult r = LoadGenerator.run(requests("/2k.bin", 2, 100), WindowListener.NONE, new EarlyStop());
        assertThat(r.interrupted()).isFalse();
        assertThat(r.pacing()).isNull();
    }

    @Test
    void aClosedPortGivesConnectErrors() throws Exception {
        int port;
        try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        LoadResult r = LoadGenerator.run(
                LoadProfile.closedLoop(new Target("127.0.0.1", port, "/"), 2, Duration.ofMillis(300)));
        assertThat(r.requests()).isZero();
        assertThat(r.errors().connect()).isGreaterThanOrEqualTo(2);
        assertThat(r.errors().total()).isEqualTo(r.errors().connect());
    }

    /**
     * A server that serves one connection and leaves the others in its backlog, as a prefork pool smaller than the
     * load does: the waiting connections enter the latencies with the time they waited, so that the mean agrees
     * with Little's law (connections / throughput) instead of reporting the one connection that was served.
     */
    @Test
    void connectionsLeftInTheBacklogCountInTheLatency() throws Exception {
        try (var listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread served = Thread.ofPlatform().daemon(true).start(() -> serveOneConnection(listener));
            LoadResult r = LoadGenerator.run(LoadProfile.closedLoop(
                            new Target("127.0.0.1", listener.getLocalPort(), "/"), 10, Duration.ofMillis(800))
                    .withThreads(2));
            served.interrupt();
            assertThat(r.requests()).as("the one served connection's requests").isGreaterThan(100);
            assertThat(r.waitingAtEnd())
                    .as("connections the window never answered")
                    .isEqualTo(9);
            assertThat(r.openAtEnd()).isBetween(9L, 10L);
            assertThat(r.intended()).isEqualTo(r.requests() + r.openAtEnd());
            assertThat(r.latency().getTotalCount()).isEqualTo(r.requests() + 9);
            assertThat(r.latency().getMaxValue())
                    .as("a whole window in the backlog")
                    .isGreaterThan(780_000_000L);
            double little = 10 / r.requestsPerSecond() * 1e9;
            assertThat(r.latency().getMean()).isCloseTo(little, org.assertj.core.data.Percentage.withPercentage(10));
        }
    }

    private static void serveOneConnection(ServerSocket listener) {
        byte[] response =
                "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try (var s = listener.accept()) {
            var in = s.getInputStream();
            var out = s.getOutputStream();
            int matched = 0;
            int b;
            while ((b = in.read()) >= 0) {
                matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : (b == '\r' ? 1 : 0);
                if (matched == 4) {
                    out.write(response);
                    out.flush();
                    matched = 0;
                }
            }
        } catch (IOException e) {
            // the generator closed it
        }
    }

    @Test
    void aServerThatNeverAnswersGivesTimeouts() throws Exception {
        try (var stub = new StubServer(i -> null)) {
            LoadResult r = LoadGenerator.run(LoadProfile.closedLoop(stub.target(), 3, Duration.ofMillis(800))
                    .withTimeout(Duration.ofMillis(200)));
            assertThat(r.requests()).isZero();
            assertThat(r.errors().timeout()).isGreaterThanOrEqualTo(6); // 3 connections, at least 2 rounds
            assertThat(r.errors().total()).isEqualTo(r.errors().timeout());
        }
    }

    @Test
    void aServerThatClosesMidResponseGivesReadErrors() throws Exception {
        try (var stub = new StubServer(
                i -> new StubServer.Answer("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", 0, true))) {
            LoadResult r = LoadGenerator.run(requests("/", 2, 50).withTarget(stub.target()));
            assertThat(r.requests()).isZero();
            assertThat(r.errors().read()).isEqualTo(50);
        }
    }

    @Test
    void chunkedAndCloseDelimitedResponsesAreFollowed() throws Exception {
        String chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n";
        String untilClose = "HTTP/1.0 200 OK\r\n\r\nuntil the close";
        try (var stub = new StubServer(
                i -> i % 2 == 0 ? StubServer.Answer.of(chunked) : new StubServer.Answer(untilClose, 0, true))) {
            LoadResult r = LoadGenerator.run(requests("/", 1, 100).withTarget(stub.target()));
            assertThat(r.requests()).isEqualTo(100);
            assertThat(r.errors()).isEqualTo(ErrorCounts.NONE);
            assertThat(r.bytes()).isEqualTo(50L * chunked.length() + 50L * untilClose.length());
            assertThat(r.connects()).isEqualTo(50); // a new connection after each close-delimited response
        }
    }

    @Test
    void theOpenLoopHoldsItsRate() throws Exception {
        LoadResult r = LoadGenerator.run(LoadProfile.closedLoop(target("/1k.bin"), 4, Duration.ofSeconds(1))
                .withRate(2000));
        assertThat(r.requests()).isBetween(1800L, 2100L);
        assertThat(r.errors()).isEqualTo(ErrorCounts.NONE);
        // whether few enough began late depends on this machine's stalls: BenchSummaryTest has the verdict's words
        assertThat(r.pacing().startedPerSecond()).isBetween(1900.0, 2100.0);
    }

    /**
     * One connection to a server that takes 20 ms per response cannot carry 1,000 requests/s: the requests begin
     * late, behind the response before them, and the pacing says the rate was not kept and why.
     */
    @Test
    void anOpenLoopThatCannotKeepItsRateSaysSo() throws Exception {
        String ok = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
        try (var stub = new StubServer(i -> new StubServer.Answer(ok, 20, false))) {
            LoadResult r = LoadGenerator.run(LoadProfile.closedLoop(stub.target(), 1, Duration.ofMillis(600))
                    .withRate(1000));
            Pacing p = r.pacing();
            assertThat(p.asked()).isEqualTo(1000);
            assertThat(p.startedPerSecond()).isLessThan(60); // at most one per 20 ms
            assertThat(p.kept()).isFalse();
            assertThat(p.lateShare()).isGreaterThan(0.9);
            assertThat(p.mostlyBehindResponses()).isTrue();
        }
    }

    /**
     * Coordinated omission: the server stalls once for 300 ms. A closed-loop tool, or the service time, sees one
     * slow request; the requests that were due during the stall waited too, and the corrected latency says so.
     */
    @Test
    void theOpenLoopChargesTheStallToEveryRequestThatWaitedForIt() throws Exception {
        String ok = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
        try (var stub = new StubServer(i -> new StubServer.Answer(ok, i == 300 ? 300 : 0, false))) {
            LoadResult r = LoadGenerator.run(LoadProfile.closedLoop(stub.target(), 1, Duration.ofMillis(1500))
                    .withRate(1000));
            assertThat(r.errors()).isEqualTo(ErrorCounts.NONE);
            assertThat(r.requests()).isGreaterThan(1200);
            Latencies corrected = r.latencies();
            Latencies service = r.serviceTimes();
            // ~300 requests were due during the stall: well over 1% of the run waited 100 ms or more
            assertThat(corrected.p99()).isGreaterThan(100_000);
            assertThat(corrected.p90()).isGreaterThan(10_000);
            // measured from the send, only the one stalled request was slow
            assertThat(service.p99()).isLessThan(50_000);
            assertThat(service.max()).isGreaterThan(250_000);
        }
    }

    private static ServerStats awaitRequests(long n) throws InterruptedException {
        // the server counts a response after its last byte is written; the client may have read it a moment before
        long deadline = System.nanoTime() + 5_000_000_000L;
        ServerStats s;
        while ((s = server.stats()).requests() < n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return s;
    }
}
