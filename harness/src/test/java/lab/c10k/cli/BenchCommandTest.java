package lab.c10k.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import lab.c10k.server.ServerConfig;
import lab.c10k.server.spi.RunningServer;
import lab.c10k.server.spi.Strategies;
import lab.c10k.testkit.TestDocRoot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code c10k bench} as a user runs it, against a real server started in-process through the SPI. */
class BenchCommandTest {
    private static TestDocRoot docRoot;
    private static RunningServer server;
    private static String url;

    private record Run(int status, String out, String err) {}

    @BeforeAll
    static void start() throws Exception {
        docRoot = TestDocRoot.create();
        server = Strategies.find("thread")
                .orElseThrow()
                .start(ServerConfig.builder(docRoot.root()).port(0).build());
        url = "http://127.0.0.1:" + server.address().getPort() + "/2k.bin";
    }

    @AfterAll
    static void stop() {
        server.shutdown(Duration.ofSeconds(1));
        docRoot.close();
    }

    private static Run run(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var cl = C10k.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int status = cl.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void jsonHasTheFieldsTheIssueAsksFor() throws Exception {
        Run r = run("bench", "--json", "--warmup", "0", "-c", "3", "-n", "300", url);
        assertThat(r.status()).as(r.err()).isZero();
        JsonNode o = new ObjectMapper().readTree(r.out());
        assertThat(o.get("requests").asLong()).isEqualTo(300);
        assertThat(o.get("duration_s").asDouble()).isPositive();
        assertThat(o.get("requests_per_second").asDouble()).isPositive();
        assertThat(o.get("bytes_per_second").asDouble())
                .isGreaterThan(2048 * o.get("requests_per_second").asDouble());
        for (String p : new String[] {"p50", "p90", "p99", "p999", "p9999", "max"}) {
            assertThat(o.get("latency_us").get(p).asDouble()).as(p).isPositive();
        }
        assertThat(o.get("latency_us").get("p50").asDouble())
                .isLessThanOrEqualTo(o.get("latency_us").get("max").asDouble());
        for (String e : new String[] {"connect", "read", "write", "timeout", "non_2xx"}) {
            assertThat(o.get("errors").get(e).asLong()).as(e).isZero();
        }
        assertThat(o.get("status_codes").properties()).hasSize(1);
        assertThat(o.get("status_codes").get("200").asLong()).isEqualTo(300);
        assertThat(o.get("non_2xx").asLong()).isZero();
        assertThat(o.get("interrupted").asBoolean()).isFalse();
        assertThat(o.get("warmup_s").asDouble()).isZero();
        assertThat(o.get("user_average_wait_ms").asDouble())
                .isCloseTo(
                        3 * o.get("server_average_request_ms").asDouble(),
                        org.assertj.core.data.Percentage.withPercentage(0.1));
        assertThat(r.out().strip().lines()).hasSize(1);
    }

    @Test
    void theSummaryExplainsAbsTwoFigures() {
        Run r = run("bench", "--warmup", "0", "-c", "2", "-d", "300ms", "--no-keep-alive", url);
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("closed loop: 2 connections, a new connection per request")
                .doesNotContain("warming up")
                .contains("measuring for 0.30 s")
                .contains("requests/s")
                .contains("status codes   200: ")
                .contains("non-2xx        none")
                .contains("p99.99")
                .contains("errors         none")
                .contains("user average wait time")
                .contains("2 connections / ")
                .contains("(ab: \"Time per request\")")
                .contains("server average request processing time")
                .contains("1 s / ")
                .contains("the mean time between two responses")
                .contains("across all concurrent requests")
                .doesNotContain("seed article");
    }

    /** A first run warms up by default and says so; the window's figures leave the warm-up out. */
    @Test
    void theWarmUpIsOnByDefaultAndAnnounced() throws Exception {
        long before = server.stats().requests();
        Run r = run("bench", "--json", "-c", "2", "-n", "100", url);
        assertThat(r.status()).as(r.err()).isZero();
        JsonNode o = new ObjectMapper().readTree(r.out());
        assertThat(o.get("warmup_s").asDouble()).isEqualTo(2.0);
        assertThat(o.get("requests").asLong()).isEqualTo(100);
        assertThat(server.stats().requests() - before).isGreaterThan(100); // the warm-up's, not counted

        Run text = run("bench", "--warmup", "200ms", "-c", "2", "-n", "100", url);
        assertThat(text.out())
                .contains("  warming up for 0.20 s, and on while this JVM's compiler is busy: the same load, not"
                        + " counted (--warmup 0 to skip)\n")
                .containsPattern("\n  warm after \\d+\\.\\d s[^\n]*\n  measuring 100 requests");
        assertThat(text.out().indexOf("warming up")).isLessThan(text.out().indexOf("requests       100 answered"));
    }

    @Test
    void responsesAreBrokenDownByStatusCode() throws Exception {
        String missing = url.replace("/2k.bin", "/no-such-file");
        Run r = run("bench", "--warmup", "0", "-c", "2", "-n", "50", missing);
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("status codes   404: 50\n")
                .contains("non-2xx        50 of 50 responses (100.0%), counted in the requests above")
                .contains("errors         none");
        JsonNode o = new ObjectMapper()
                .readTree(run("bench", "--json", "--warmup", "0", "-c", "2", "-n", "50", missing)
                        .out());
        assertThat(o.get("status_codes").get("404").asLong()).isEqualTo(50);
        assertThat(o.get("non_2xx").asLong()).isEqualTo(50);
    }

    @Test
    void theOpenLoopShowsBothLatenciesAndItsPacing() {
        Run r = run("bench", "--warmup", "0", "-c", "2", "-d", "500ms", "--rate", "200", url);
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("open loop at 200 requests/s")
                .contains("corrected for coordinated omission")
                .contains("service time")
                .containsPattern("rate           (kept|NOT KEPT): 200 requests/s asked, ");
    }

    /** The words follow the data: the same command with a rate one connection cannot carry warns. */
    @Test
    void anOpenLoopThatCannotKeepItsRateWarns() throws Exception {
        Run r = run("bench", "--warmup", "0", "-c", "1", "-d", "500ms", "--rate", "1000000", url);
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out())
                .containsPattern("rate           NOT KEPT: 1,000,000 requests/s asked, [0-9,.]+ begun per second"
                        + " \\([0-9.]+%\\); [0-9.]+% begun more than 1 ms after they were due, most because their"
                        + " connection still awaited the previous response");
        Run json = run("bench", "--json", "--warmup", "0", "-c", "1", "-d", "500ms", "--rate", "1000000", url);
        assertThat(json.err()).startsWith("c10k: warning: rate NOT KEPT: 1,000,000 requests/s asked, ");
        JsonNode pacing = new ObjectMapper().readTree(json.out()).get("pacing");
        assertThat(pacing.get("kept").asBoolean()).isFalse();
        assertThat(pacing.get("begun_per_second").asDouble()).isLessThan(970_000);
    }

    /** A closed port: one line naming the URL and the cause, at once, not a report of zeros after the window. */
    @Test
    void aClosedPortFailsFastInOneLine() throws Exception {
        int port;
        try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        long t0 = System.nanoTime();
        Run r = run("bench", "-c", "5", "-d", "10s", "http://127.0.0.1:" + port + "/x");
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(1.0);
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("c10k: cannot connect to http://127.0.0.1:" + port + "/x: Connection refused\n");
    }

    /** A server that accepts but never answers: the run goes on (it might answer), then says nothing came. */
    @Test
    void noResponseInTheWindowIsAFailure() throws Exception {
        try (var s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Run r = run(
                    "bench",
                    "--warmup",
                    "0",
                    "--timeout",
                    "100ms",
                    "-c",
                    "1",
                    "-d",
                    "300ms",
                    "http://127.0.0.1:" + s.getLocalPort() + "/");
            assertThat(r.status()).isEqualTo(1);
            assertThat(r.out()).contains("status codes   none: no whole response");
            assertThat(r.err())
                    .startsWith("c10k: no response in the measured window (errors: connect 0, read 0,"
                            + " write 0, timeout ");
        }
    }

    /**
     * Ctrl-C in a JVM of its own, as a user presses it: the summary of what was measured, marked interrupted, and
     * status 130. Where the test runs with SIGINT ignored (a background job), the child inherits that, so SIGTERM
     * takes the same path through the shutdown hook, with status 143.
     */
    @Test
    void ctrlCPrintsWhatWasMeasured() throws Exception {
        boolean intIgnored = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("SigIgn:"))
                .map(l -> Long.parseLong(l.substring(7).strip(), 16))
                .anyMatch(mask -> (mask & 0b10) != 0);
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process p = new ProcessBuilder(List.of(
                        java,
                        "--enable-native-access=ALL-UNNAMED",
                        "-cp",
                        System.getProperty("java.class.path"),
                        C10k.class.getName(),
                        "bench",
                        "--warmup",
                        "0",
                        "-c",
                        "2",
                        "-d",
                        "60s",
                        url))
                .redirectError(ProcessBuilder.Redirect.PIPE)
                .start();
        try {
            var out = new StringBuilder();
            var lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = lines.readLine()) != null && !line.contains("measuring for 60.00 s")) {
                out.append(line).append('\n');
            }
            assertThat(line).as(out.toString()).isNotNull();
            Thread.sleep(500);
            long t0 = System.nanoTime();
            new ProcessBuilder("kill", intIgnored ? "-TERM" : "-INT", String.valueOf(p.pid()))
                    .start()
                    .waitFor();
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat((System.nanoTime() - t0) / 1e9).isLessThan(5);
            String rest = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(err).isEqualTo(intIgnored ? 143 : 130);
            assertThat(rest)
                    .containsPattern("interrupted    after [0-9.]+ s of the window of 60.00 s: the figures below cover")
                    .containsPattern("requests       [0-9,]+ answered in [0-9.]+ s")
                    .contains("status codes   200: ")
                    .contains("user average wait time");
            assertThat(err).isEmpty();
        } finally {
            p.destroyForcibly();
        }
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "-c=0 | Invalid value for option '--connections': 0 is below 1",
                "--rate=0 | Invalid value for option '--rate': 0.0 is not in 0 < R <= 10000000",
                "--threads=0 | Invalid value for option '--threads': 0 is below 1",
                "-n=0 | Invalid value for option '--requests': 0 is below 1",
                "-d=forever | Invalid value for option '--duration': 'forever' is not a duration",
                "--warmup=-1s | Invalid value for option '--warmup'"
            })
    void aBadValueNamesTheFlag(String arg, String message) {
        Run r = run("bench", arg, url);
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains(message).contains("Run 'c10k bench --help'");
    }

    @Test
    void requestsAndDurationExcludeEachOther() {
        Run r = run("bench", "-n", "10", "-d", "1s", url);
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("mutually exclusive");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "ftp://127.0.0.1/ | is not an http:// URL",
                "https://127.0.0.1/ | (TLS is not supported)",
                "http:///nohost | has no host"
            })
    void aBadUrlIsRefused(String bad, String message) {
        Run r = run("bench", bad);
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("Invalid value for URL").contains(message);
    }
}
