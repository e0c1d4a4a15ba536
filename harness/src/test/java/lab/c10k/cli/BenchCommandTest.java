package lab.c10k.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
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
        Run r = run("bench", "--json", "-c", "3", "-n", "300", url);
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
        assertThat(o.get("user_average_wait_ms").asDouble())
                .isCloseTo(
                        3 * o.get("server_average_request_ms").asDouble(),
                        org.assertj.core.data.Percentage.withPercentage(0.1));
        assertThat(r.out().strip().lines()).hasSize(1);
    }

    @Test
    void theSummaryExplainsTheSeedArticlesTwoFigures() {
        Run r = run("bench", "-c", "2", "-d", "300ms", "--no-keep-alive", url);
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("closed loop: 2 connections, a new connection per request")
                .contains("requests/s")
                .contains("p99.99")
                .contains("errors         none")
                .contains("user average wait time")
                .contains("(ab: \"Time per request\")")
                .contains("server average request processing time")
                .contains("across all concurrent requests");
    }

    @Test
    void theOpenLoopShowsBothLatencies() {
        Run r = run("bench", "-c", "2", "-d", "300ms", "--rate", "500", url);
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("open loop at 500 requests/s")
                .contains("corrected for coordinated omission")
                .contains("service time");
    }

    @Test
    void noResponseAtAllIsAFailure() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Run r = run("bench", "-c", "1", "-d", "200ms", "http://127.0.0.1:" + port + "/");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).startsWith("c10k: no response in the measured window (errors: connect ");
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
