package lab.c10k.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import lab.c10k.files.FileIo;
import lab.c10k.http.HttpLimits;
import lab.c10k.server.ServerConfig;
import lab.c10k.server.ServerStats;
import lab.c10k.server.spi.RunningServer;
import lab.c10k.server.spi.Strategies;
import lab.c10k.server.spi.Strategy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The one real-socket suite every strategy runs, unchanged: a strategy module subclasses it and names its
 * strategy (Netty's testsuite pattern). Every test talks to a real server on a loopback port over real sockets
 * with {@link RawClient}, so it checks what a client sees on the wire: statuses, fields, bytes, when the
 * connection closes.
 *
 * <p>Most tests share one server started with the defaults; tests of timeouts, limits, file-io modes and
 * shutdown start servers of their own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class StrategySuite {
    private static final Duration SHORT = Duration.ofMillis(400);

    private TestDocRoot docs;
    private RunningServer shared;

    /** The {@code --strategy} name of the strategy under test. */
    protected abstract String strategyName();

    /** Options of the strategy under test on top of every config a test builds (e.g. the process mode). */
    protected ServerConfig.Builder customize(ServerConfig.Builder builder) {
        return builder;
    }

    /** How many clients the concurrency test runs at once. */
    protected int concurrentClients() {
        return 200;
    }

    @BeforeAll
    void startSharedServer() throws IOException {
        docs = TestDocRoot.create();
        shared = start(b -> b);
    }

    @AfterAll
    void stopSharedServer() {
        if (shared != null) {
            shared.shutdown(Duration.ofSeconds(5));
        }
        if (docs != null) {
            docs.close();
        }
    }

    /** Starts a server of the strategy under test on a free loopback port, with {@code tweak} applied. */
    protected RunningServer start(UnaryOperator<ServerConfig.Builder> tweak) throws IOException {
        Strategy strategy = Strategies.find(strategyName())
                .orElseThrow(() -> new AssertionError(
                        "strategy " + strategyName() + " is not installed; installed: " + Strategies.names()));
        ServerConfig config = tweak.apply(
                        customize(ServerConfig.builder(docs.root()).port(0).host("127.0.0.1")))
                .build();
        return strategy.start(config);
    }

    protected TestDocRoot docs() {
        return docs;
    }

    protected InetSocketAddress address() {
        return shared.address();
    }

    private RawClient client() throws IOException {
        return RawClient.connect(address());
    }

    private static ServerConfig.Timeouts timeouts(Duration header, Duration keepAlive, Duration write) {
        return new ServerConfig.Timeouts(header, keepAlive, write, SHORT, Duration.ofSeconds(5));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Serving files

    @ParameterizedTest
    @MethodSource("sampleFiles")
    void servesFilesByteForByte(String name, String contentType) throws IOException {
        try (RawClient c = client()) {
            RawResponse r = c.get("/" + name);
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(docs.bytes(name));
            assertThat(r.field("Content-Length")).contains(Long.toString(docs.bytes(name).length));
            assertThat(r.field("Content-Type")).contains(contentType);
            assertThat(r.field("ETag").orElseThrow()).matches("\"[0-9a-f]+-[0-9a-f]+\"");
            assertThat(r.field("Last-Modified").orElseThrow())
                    .matches("[A-Z][a-z]{2}, \\d\\d [A-Z][a-z]{2} \\d{4} .* GMT");
            assertThat(r.field("Date").orElseThrow()).matches(".* GMT");
            assertThat(r.field("Server")).contains("c10k-lab");
            assertThat(r.field("Accept-Ranges")).contains("bytes");
            assertThat(r.field("Connection")).isEmpty();
        }
    }

    Stream<Arguments> sampleFiles() {
        return Stream.of(
                Arguments.of("index.html", "text/html; charset=utf-8"),
                Arguments.of("hello.txt", "text/plain; charset=utf-8"),
                Arguments.of("page.HTML", "text/html; charset=utf-8"),
                Arguments.of("1k.bin", "application/octet-stream"),
                Arguments.of("2k.bin", "application/octet-stream"),
                Arguments.of("100k.bin", "application/octet-stream"),
                Arguments.of("2m.bin", "application/octet-stream"));
    }

    @Test
    void servesTheIndexOfTheRootAndOfADirectory() throws IOException {
        try (RawClient c = client()) {
            assertThat(c.get("/").body()).isEqualTo(docs.bytes("index.html"));
            assertThat(c.get("/dir/").body()).isEqualTo(docs.bytes("dir/index.html"));
            RawResponse redirect = c.get("/dir");
            assertThat(redirect.status()).isEqualTo(301);
            assertThat(redirect.field("Location")).contains("/dir/");
            RawResponse withQuery = c.get("/dir?x=1");
            assertThat(withQuery.status()).isEqualTo(301);
            assertThat(withQuery.field("Location")).contains("/dir/?x=1");
            assertThat(c.get("/empty/").status()).isEqualTo(404);
        }
    }

    @Test
    void headAnswersWithTheFieldsOfGetAndNoBody() throws IOException {
        try (RawClient c = client()) {
            RawResponse get = c.get("/2m.bin");
            RawResponse head =
                    c.send("HEAD /2m.bin HTTP/1.1\r\nHost: x\r\n\r\n").readHeadResponse();
            assertThat(head.status()).isEqualTo(200);
            for (String f : List.of("Content-Length", "Content-Type", "ETag", "Last-Modified", "Accept-Ranges")) {
                assertThat(head.field(f)).as(f).isEqualTo(get.field(f));
            }
            // No body came: the next response on the connection starts right away.
            assertThat(c.get("/hello.txt").text()).isEqualTo(TestDocRoot.HELLO);
            RawResponse missing =
                    c.send("HEAD /missing HTTP/1.1\r\nHost: x\r\n\r\n").readHeadResponse();
            assertThat(missing.status()).isEqualTo(404);
            assertThat(c.get("/hello.txt").status()).isEqualTo(200);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Persistence and pipelining

    @Test
    void keepsAConnectionAliveForManyRequests() throws IOException {
        try (RawClient c = client()) {
            for (int i = 0; i < 100; i++) {
                RawResponse r = c.get(i % 2 == 0 ? "/2k.bin" : "/hello.txt");
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.closes()).isFalse();
            }
        }
    }

    @Test
    void http10ClosesUnlessTheClientAsksForKeepAlive() throws IOException {
        try (RawClient c = client()) {
            RawResponse r = c.send("GET /hello.txt HTTP/1.0\r\n\r\n").readResponse();
            assertThat(r.text()).isEqualTo(TestDocRoot.HELLO);
            assertThat(r.closes()).isTrue();
            assertThat(c.isClosedByServer()).isTrue();
        }
        try (RawClient c = client()) {
            for (int i = 0; i < 3; i++) {
                RawResponse r = c.send("GET /2k.bin HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
                        .readResponse();
                assertThat(r.status()).isEqualTo(200);
                // ApacheBench -k counts a connection as kept alive only with both of these.
                assertThat(r.field("Connection")).contains("keep-alive");
                assertThat(r.field("Content-Length")).contains("2048");
            }
        }
    }

    @Test
    void connectionCloseIsHonoured() throws IOException {
        try (RawClient c = client()) {
            RawResponse r = c.send("GET /hello.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .readResponse();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.closes()).isTrue();
            assertThat(c.isClosedByServer()).isTrue();
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws IOException {
        try (RawClient c = client()) {
            c.send("GET /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /1k.bin HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "HEAD /2k.bin HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /missing HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /2k.bin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertThat(c.readResponse().text()).isEqualTo(TestDocRoot.HELLO);
            assertThat(c.readResponse().body()).isEqualTo(docs.bytes("1k.bin"));
            assertThat(c.readHeadResponse().field("Content-Length")).contains("2048");
            assertThat(c.readResponse().status()).isEqualTo(404);
            RawResponse last = c.readResponse();
            assertThat(last.body()).isEqualTo(docs.bytes("2k.bin"));
            assertThat(last.closes()).isTrue();
            assertThat(c.isClosedByServer()).isTrue();
        }
    }

    @Test
    void aRequestSplitAtEveryByteIsServed() throws IOException {
        String request = "GET /hello.txt HTTP/1.1\r\nHost: localhost\r\nIf-None-Match: \"x\"\r\n\r\n";
        try (RawClient c = client()) {
            for (byte b : request.getBytes(StandardCharsets.US_ASCII)) {
                c.send(new byte[] {b});
            }
            assertThat(c.readResponse().text()).isEqualTo(TestDocRoot.HELLO);
            // A fragment is waited for, not answered.
            c.send("GET /hello.txt HTTP/1.1\r\nHo");
            assertThat(c.staysSilent(Duration.ofMillis(200))).isTrue();
            c.send("st: x\r\n\r\n");
            assertThat(c.readResponse().status()).isEqualTo(200);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Hostile input on the wire: the status, and whether the connection closes

    @ParameterizedTest(name = "{0}")
    @MethodSource("wireCases")
    void answersHostileInputOnTheWire(String name, String request, int status, boolean closes) throws IOException {
        try (RawClient c = client()) {
            RawResponse r = c.send(request).readResponse();
            assertThat(r.status()).as(name + ": " + r).isEqualTo(status);
            assertThat(r.text()).doesNotContain(TestDocRoot.SECRET);
            if (closes) {
                assertThat(r.closes()).as("Connection: close after " + name).isTrue();
                assertThat(c.isClosedByServer()).as("closed after " + name).isTrue();
            } else {
                assertThat(c.get("/hello.txt").status())
                        .as("the connection still serves")
                        .isEqualTo(200);
            }
        }
    }

    Stream<Arguments> wireCases() {
        String longTarget = "/" + "a".repeat(HttpLimits.DEFAULT_MAX_REQUEST_LINE_BYTES);
        String manyFields = "X-F: v\r\n".repeat(HttpLimits.DEFAULT_MAX_HEADER_COUNT + 1);
        String bigField = "X-Big: " + "v".repeat(HttpLimits.DEFAULT_MAX_HEADER_BYTES) + "\r\n";
        return Stream.of(
                wire("bare LF line endings", "GET /hello.txt HTTP/1.1\nHost: x\n\n", 200, false),
                wire("absolute-form target", "GET http://localhost/hello.txt HTTP/1.1\r\nHost: x\r\n\r\n", 200, false),
                wire("dot segments inside the root", "GET /dir/../hello.txt HTTP/1.1\r\nHost: x\r\n\r\n", 200, false),
                wire("lower-case method", "get / HTTP/1.1\r\nHost: x\r\n\r\n", 501, true),
                wire("unknown method", "FOO / HTTP/1.1\r\nHost: x\r\n\r\n", 501, true),
                wire("POST", "POST /hello.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc", 405, false),
                wire("TRACE", "TRACE / HTTP/1.1\r\nHost: x\r\n\r\n", 405, false),
                wire("OPTIONS *", "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n", 405, false),
                wire("CONNECT", "CONNECT localhost:80 HTTP/1.1\r\nHost: localhost:80\r\n\r\n", 405, false),
                wire("CONNECT with a path", "CONNECT / HTTP/1.1\r\nHost: x\r\n\r\n", 400, true),
                wire("no Host in HTTP/1.1", "GET / HTTP/1.1\r\n\r\n", 400, true),
                wire("two Host fields", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400, true),
                wire("invalid Host", "GET / HTTP/1.1\r\nHost: a:80:80\r\n\r\n", 400, true),
                wire("space in the target", "GET / / HTTP/1.1\r\nHost: x\r\n\r\n", 400, true),
                wire("fragment in the target", "GET /#frag HTTP/1.1\r\nHost: x\r\n\r\n", 400, true),
                wire("HTTP/2.0", "GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505, true),
                wire("HTTP/1.11", "GET / HTTP/1.11\r\nHost: x\r\n\r\n", 400, true),
                wire("junk before the request", "Extra lineGET / HTTP/1.1\r\nHost: x\r\n\r\n", 400, true),
                wire("bare CR in a field", "GET / HTTP/1.1\r\nHost: x\r\nFo: b\rar\r\n\r\n", 400, true),
                wire("obs-fold", "GET / HTTP/1.1\r\nHost: x\r\nFoo: a\r\n  b\r\n\r\n", 400, true),
                wire("space before the colon", "GET / HTTP/1.1\r\nHost: x\r\nFoo : bar\r\n\r\n", 400, true),
                wire("NUL in a value", "GET / HTTP/1.1\r\nHost: x\r\nFoo: b\u0000ar\r\n\r\n", 400, true),
                wire(
                        "Content-Length with Transfer-Encoding",
                        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                        400,
                        true),
                wire(
                        "Transfer-Encoding in HTTP/1.0",
                        "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                        400,
                        true),
                wire(
                        "unknown transfer coding",
                        "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n",
                        501,
                        true),
                wire("negative Content-Length", "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", 400, true),
                wire(
                        "two Content-Length fields",
                        "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nContent-Length: 0\r\n\r\n",
                        400,
                        true),
                wire("unknown expectation", "GET / HTTP/1.1\r\nHost: x\r\nExpect: tea\r\n\r\n", 417, true),
                wire(
                        "body over the limit",
                        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999\r\n\r\n",
                        413,
                        true),
                wire("request line over the limit", "GET " + longTarget + " HTTP/1.1\r\nHost: x\r\n\r\n", 414, true),
                wire("too many fields", "GET / HTTP/1.1\r\nHost: x\r\n" + manyFields + "\r\n", 431, true),
                wire("fields over the limit", "GET / HTTP/1.1\r\nHost: x\r\n" + bigField + "\r\n", 431, true),
                wire("dot-dot above the root", "GET /../hello.txt HTTP/1.1\r\nHost: x\r\n\r\n", 400, true),
                wire("encoded dot-dot", "GET /%2e%2e/outside/secret.txt HTTP/1.1\r\nHost: x\r\n\r\n", 400, true),
                wire("mixed dot-dot", "GET /dir/.%2e/../x HTTP/1.1\r\nHost: x\r\n\r\n", 400, true),
                wire("encoded slash", "GET /dir%2findex.html HTTP/1.1\r\nHost: x\r\n\r\n", 400, true),
                wire("encoded backslash", "GET /dir%5cindex.html HTTP/1.1\r\nHost: x\r\n\r\n", 400, true),
                wire("encoded NUL", "GET /hello.txt%00 HTTP/1.1\r\nHost: x\r\n\r\n", 400, true),
                wire("truncated escape", "GET /hello%2 HTTP/1.1\r\nHost: x\r\n\r\n", 400, true),
                wire("overlong UTF-8", "GET /%c0%afhello.txt HTTP/1.1\r\nHost: x\r\n\r\n", 400, true),
                wire("hidden file", "GET /.hidden HTTP/1.1\r\nHost: x\r\n\r\n", 404, false),
                wire("hidden directory", "GET /.git/config HTTP/1.1\r\nHost: x\r\n\r\n", 404, false),
                wire("link out of the root", "GET /link-out HTTP/1.1\r\nHost: x\r\n\r\n", 404, false),
                wire("link inside the root", "GET /link-in HTTP/1.1\r\nHost: x\r\n\r\n", 404, false),
                wire("linked directory", "GET /linked-dir/index.html HTTP/1.1\r\nHost: x\r\n\r\n", 404, false),
                wire("a FIFO", "GET /fifo HTTP/1.1\r\nHost: x\r\n\r\n", 404, false),
                wire("a missing file", "GET /missing.txt HTTP/1.1\r\nHost: x\r\n\r\n", 404, false));
    }

    private static Arguments wire(String name, String request, int status, boolean closes) {
        return Arguments.of(name, request, status, closes);
    }

    @Test
    void methodNotAllowedNamesTheAllowedMethods() throws IOException {
        try (RawClient c = client()) {
            RawResponse r =
                    c.send("DELETE /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n").readResponse();
            assertThat(r.status()).isEqualTo(405);
            assertThat(r.field("Allow")).contains("GET, HEAD");
        }
    }

    @Test
    void aBodyIsDiscardedAndNeverParsedAsTheNextRequest() throws IOException {
        String smuggled = "GET /.hidden HTTP/1.1\r\nHost: x\r\n\r\n";
        try (RawClient c = client()) {
            c.send("GET /hello.txt HTTP/1.1\r\nHost: x\r\nContent-Length: " + smuggled.length() + "\r\n\r\n"
                    + smuggled
                    + "GET /1k.bin HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.readResponse().text()).isEqualTo(TestDocRoot.HELLO);
            assertThat(c.readResponse().body()).isEqualTo(docs.bytes("1k.bin"));
            assertThat(c.staysSilent(Duration.ofMillis(200))).isTrue();
        }
        try (RawClient c = client()) {
            String chunked =
                    Integer.toHexString(smuggled.length()) + ";ext=1\r\n" + smuggled + "\r\n0\r\nX-Trailer: t\r\n\r\n";
            c.send("GET /hello.txt HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked
                    + "GET /1k.bin HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.readResponse().text()).isEqualTo(TestDocRoot.HELLO);
            assertThat(c.readResponse().body()).isEqualTo(docs.bytes("1k.bin"));
            assertThat(c.staysSilent(Duration.ofMillis(200))).isTrue();
        }
    }

    @Test
    void expectContinueWithABodyIsAnsweredAndClosed() throws IOException {
        try (RawClient c = client()) {
            RawResponse r = c.send(
                            "GET /hello.txt HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 10\r\n\r\n")
                    .readResponse();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text()).isEqualTo(TestDocRoot.HELLO);
            assertThat(r.closes()).isTrue();
            assertThat(c.isClosedByServer()).isTrue();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Ranges and conditional requests

    @Test
    void servesOneRange() throws IOException {
        byte[] file = docs.bytes("100k.bin");
        try (RawClient c = client()) {
            RawResponse r = c.send("GET /100k.bin HTTP/1.1\r\nHost: x\r\nRange: bytes=1000-1999\r\n\r\n")
                    .readResponse();
            assertThat(r.status()).isEqualTo(206);
            assertThat(r.field("Content-Range")).contains("bytes 1000-1999/102400");
            assertThat(r.body()).isEqualTo(Arrays.copyOfRange(file, 1000, 2000));

            RawResponse suffix = c.send("GET /100k.bin HTTP/1.1\r\nHost: x\r\nRange: bytes=-10\r\n\r\n")
                    .readResponse();
            assertThat(suffix.field("Content-Range")).contains("bytes 102390-102399/102400");
            assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(file, 102390, 102400));

            RawResponse beyond = c.send("GET /100k.bin HTTP/1.1\r\nHost: x\r\nRange: bytes=200000-\r\n\r\n")
                    .readResponse();
            assertThat(beyond.status()).isEqualTo(416);
            assertThat(beyond.field("Content-Range")).contains("bytes */102400");

            RawResponse multiple = c.send("GET /100k.bin HTTP/1.1\r\nHost: x\r\nRange: bytes=0-1,5-6\r\n\r\n")
                    .readResponse();
            assertThat(multiple.status()).isEqualTo(200);
            assertThat(multiple.body()).isEqualTo(file);

            RawResponse invalid = c.send("GET /100k.bin HTTP/1.1\r\nHost: x\r\nRange: bytes=7-1\r\n\r\n")
                    .readResponse();
            assertThat(invalid.status()).isEqualTo(200);
            assertThat(invalid.body()).isEqualTo(file);
        }
    }

    @Test
    void answersConditionalRequests() throws IOException {
        try (RawClient c = client()) {
            RawResponse first = c.get("/2k.bin");
            String etag = first.field("ETag").orElseThrow();
            String lastModified = first.field("Last-Modified").orElseThrow();

            RawResponse byTag = c.send("GET /2k.bin HTTP/1.1\r\nHost: x\r\nIf-None-Match: " + etag + "\r\n\r\n")
                    .readResponse();
            assertThat(byTag.status()).isEqualTo(304);
            assertThat(byTag.field("ETag")).contains(etag);
            assertThat(byTag.field("Content-Length")).isEmpty();

            RawResponse byDate = c.send(
                            "GET /2k.bin HTTP/1.1\r\nHost: x\r\nIf-Modified-Since: " + lastModified + "\r\n\r\n")
                    .readResponse();
            assertThat(byDate.status()).isEqualTo(304);

            RawResponse otherTag = c.send("GET /2k.bin HTTP/1.1\r\nHost: x\r\nIf-None-Match: \"other\"\r\n\r\n")
                    .readResponse();
            assertThat(otherTag.status()).isEqualTo(200);

            RawResponse ifMatch = c.send("GET /2k.bin HTTP/1.1\r\nHost: x\r\nIf-Match: \"other\"\r\n\r\n")
                    .readResponse();
            assertThat(ifMatch.status()).isEqualTo(412);

            RawResponse ifRangeMismatch = c.send(
                            "GET /2k.bin HTTP/1.1\r\nHost: x\r\nRange: bytes=0-9\r\nIf-Range: \"other\"\r\n\r\n")
                    .readResponse();
            assertThat(ifRangeMismatch.status()).isEqualTo(200);
            assertThat(ifRangeMismatch.body()).hasSize(2048);

            RawResponse ifRangeMatch = c.send(
                            "GET /2k.bin HTTP/1.1\r\nHost: x\r\nRange: bytes=0-9\r\nIf-Range: " + etag + "\r\n\r\n")
                    .readResponse();
            assertThat(ifRangeMatch.status()).isEqualTo(206);
            assertThat(ifRangeMatch.body()).hasSize(10);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // File I/O modes, links, large and changing files

    @ParameterizedTest
    @EnumSource(FileIo.class)
    void everyFileIoModeServesTheSameBytes(FileIo mode) throws IOException {
        try (RunningServer server = start(b -> b.fileIo(mode));
                RawClient c = RawClient.connect(server.address())) {
            for (String name : List.of("2m.bin", "1k.bin", "hello.txt")) {
                assertThat(c.get("/" + name).body()).as(mode + " " + name).isEqualTo(docs.bytes(name));
            }
            RawResponse range = c.send("GET /2m.bin HTTP/1.1\r\nHost: x\r\nRange: bytes=1048000-1049999\r\n\r\n")
                    .readResponse();
            assertThat(range.body()).isEqualTo(Arrays.copyOfRange(docs.bytes("2m.bin"), 1048000, 1050000));
        }
    }

    @Test
    void followSymlinksServesLinksThatStayInsideTheRoot() throws IOException {
        try (RunningServer server = start(b -> b.followSymlinks(true));
                RawClient c = RawClient.connect(server.address())) {
            assertThat(c.get("/link-in").text()).isEqualTo(TestDocRoot.HELLO);
            assertThat(c.get("/linked-dir/index.html").body()).isEqualTo(docs.bytes("dir/index.html"));
            RawResponse out = c.get("/link-out");
            assertThat(out.status()).isEqualTo(404);
            assertThat(out.text()).doesNotContain(TestDocRoot.SECRET);
        }
    }

    @ParameterizedTest
    @EnumSource(FileIo.class)
    void servesFilesLargerThan4GiB(FileIo mode) throws IOException {
        Path big = docs.file("big-" + mode + ".bin");
        long size = 5L << 30;
        long offset = (4L << 30) + 12345;
        try (var f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(size); // sparse: no disk used but for the marker
            f.seek(offset);
            f.write("marker".getBytes(StandardCharsets.US_ASCII));
        }
        try (RunningServer server = start(b -> b.fileIo(mode));
                RawClient c = RawClient.connect(server.address())) {
            String name = "/" + big.getFileName();
            RawResponse head =
                    c.send("HEAD " + name + " HTTP/1.1\r\nHost: x\r\n\r\n").readHeadResponse();
            assertThat(head.field("Content-Length")).contains(Long.toString(size));
            RawResponse r = c.send("GET " + name + " HTTP/1.1\r\nHost: x\r\nRange: bytes=" + offset + "-" + (offset + 5)
                            + "\r\n\r\n")
                    .readResponse();
            assertThat(r.status()).isEqualTo(206);
            assertThat(r.field("Content-Range")).contains("bytes " + offset + "-" + (offset + 5) + "/" + size);
            assertThat(r.text()).isEqualTo("marker");
            RawResponse tail = c.send("GET " + name + " HTTP/1.1\r\nHost: x\r\nRange: bytes=-10\r\n\r\n")
                    .readResponse();
            assertThat(tail.field("Content-Range")).contains("bytes " + (size - 10) + "-" + (size - 1) + "/" + size);
        } finally {
            Files.delete(big);
        }
    }

    @ParameterizedTest
    @EnumSource(FileIo.class)
    void aFileThatShrinksWhileSentClosesTheConnection(FileIo mode) throws Exception {
        Path file = docs.file("shrinking-" + mode + ".bin");
        long size = 64L << 20;
        try (var f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size);
        }
        try (RunningServer server = start(b -> b.fileIo(mode));
                RawClient c = RawClient.connect(server.address(), 64 * 1024)) {
            c.send("GET /" + file.getFileName() + " HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.readBytes(1 << 20)).hasSize(1 << 20); // the head and the first bytes
            try (var f = new RandomAccessFile(file.toFile(), "rw")) {
                f.setLength(4L << 20);
            }
            long rest = c.drain();
            assertThat(rest).as("the connection closed (not a read timeout)").isNotNegative();
            assertThat((1L << 20) + rest)
                    .as("never padded to the announced length")
                    .isLessThan(size);
        } finally {
            Files.delete(file);
        }
    }

    @ParameterizedTest
    @EnumSource(FileIo.class)
    void aFileDeletedWhileSentIsSentWhole(FileIo mode) throws Exception {
        Path file = docs.file("deleted-" + mode + ".bin");
        byte[] content = new byte[16 << 20];
        new java.util.Random(16).nextBytes(content);
        Files.write(file, content);
        try (RunningServer server = start(b -> b.fileIo(mode));
                RawClient c = RawClient.connect(server.address(), 64 * 1024)) {
            c.send("GET /" + file.getFileName() + " HTTP/1.1\r\nHost: x\r\n\r\n");
            byte[] first = c.readBytes(256 * 1024);
            Files.delete(file); // the open descriptor keeps the inode: the response goes on
            int bodyStart = new String(first, 0, 1024, StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n") + 4;
            byte[] rest = c.readBytes(content.length - (first.length - bodyStart));
            byte[] body = Arrays.copyOfRange(first, bodyStart, bodyStart + content.length);
            System.arraycopy(rest, 0, body, first.length - bodyStart, rest.length);
            assertThat(body).isEqualTo(content);
            assertThat(c.get("/" + file.getFileName()).status())
                    .as("a new request: gone")
                    .isEqualTo(404);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Timeouts and limits

    @Test
    void aSlowRequestGets408AndTheConnectionCloses() throws Exception {
        try (RunningServer server = start(b -> b.timeouts(timeouts(SHORT, SHORT, Duration.ofSeconds(5))));
                RawClient c = RawClient.connect(server.address())) {
            long start = System.nanoTime();
            c.send("GET /hello.txt HTTP/1.1\r\nHost: x\r\nX-Slow: ");
            RawResponse r = c.readResponse();
            assertThat(r.status()).isEqualTo(408);
            assertThat(r.closes()).isTrue();
            assertThat(c.isClosedByServer()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isBetween(SHORT.minusMillis(50), SHORT.multipliedBy(5));
        }
    }

    @Test
    void anIdleKeepAliveConnectionClosesSilently() throws Exception {
        try (RunningServer server =
                        start(b -> b.timeouts(timeouts(Duration.ofSeconds(5), SHORT, Duration.ofSeconds(5))));
                RawClient c = RawClient.connect(server.address())) {
            assertThat(c.get("/hello.txt").status()).isEqualTo(200);
            long start = System.nanoTime();
            assertThat(c.isClosedByServer()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isBetween(SHORT.minusMillis(50), SHORT.multipliedBy(5));
        }
    }

    @Test
    void slowClientsDoNotKeepOthersWaiting() throws Exception {
        List<RawClient> slow = new ArrayList<>();
        try (RunningServer server =
                start(b -> b.timeouts(timeouts(Duration.ofSeconds(30), SHORT, Duration.ofSeconds(5))))) {
            for (int i = 0; i < 50; i++) {
                slow.add(RawClient.connect(server.address()).send("GET /hello.txt HTTP/1.1\r\nHost: x\r\nX-"));
            }
            try (RawClient fresh = RawClient.connect(server.address())) {
                long start = System.nanoTime();
                assertThat(fresh.get("/2k.bin").status()).isEqualTo(200);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            }
        } finally {
            for (RawClient c : slow) {
                c.close();
            }
        }
    }

    @Test
    void aClientThatStopsReadingIsCutOffWithoutDelayingOthers() throws Exception {
        Duration write = Duration.ofMillis(600);
        try (RunningServer server =
                        start(b -> b.timeouts(timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), write)));
                RawClient stalled = RawClient.connect(server.address(), 16 * 1024)) {
            // Sixteen copies of a 2 MiB file: far more than the socket buffers hold.
            String one = "GET /2m.bin HTTP/1.1\r\nHost: x\r\n\r\n";
            stalled.send(one.repeat(16));
            try (RawClient other = RawClient.connect(server.address())) {
                for (int i = 0; i < 20; i++) {
                    assertThat(other.get("/2k.bin").status()).isEqualTo(200);
                }
            }
            Thread.sleep(write.multipliedBy(4));
            long got = stalled.drain();
            assertThat(got).as("the stalled connection was closed").isNotNegative();
            assertThat(got).isLessThan(16L * (2 << 20));
        }
    }

    @Test
    void theLastRequestOfAConnectionSaysClose() throws IOException {
        try (RunningServer server = start(b -> b.maxRequestsPerConnection(3));
                RawClient c = RawClient.connect(server.address())) {
            assertThat(c.get("/hello.txt").closes()).isFalse();
            assertThat(c.get("/hello.txt").closes()).isFalse();
            RawResponse third = c.get("/hello.txt");
            assertThat(third.status()).isEqualTo(200);
            assertThat(third.closes()).isTrue();
            assertThat(c.isClosedByServer()).isTrue();
        }
    }

    @Test
    void atTheConnectionCapNewConnectionsWait() throws Exception {
        try (RunningServer server = start(b -> b.maxConnections(2))) {
            RawClient first = RawClient.connect(server.address());
            try (RawClient second = RawClient.connect(server.address())) {
                assertThat(first.get("/hello.txt").status()).isEqualTo(200);
                assertThat(second.get("/hello.txt").status()).isEqualTo(200);
                try (RawClient third = RawClient.connect(server.address())) {
                    third.send("GET /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n");
                    assertThat(third.staysSilent(Duration.ofMillis(500)))
                            .as("no answer at the cap")
                            .isTrue();
                    first.close(); // a slot frees: the waiting connection is accepted and answered
                    assertThat(third.readResponse().status()).isEqualTo(200);
                }
            } finally {
                first.close();
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Load, counters, shutdown

    @Test
    void manyConcurrentClientsAllSucceed() throws Exception {
        int clients = concurrentClients();
        int requestsEach = 10;
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                results.add(pool.submit((Callable<Integer>) () -> {
                    int ok = 0;
                    try (RawClient c = RawClient.connect(address())) {
                        for (int r = 0; r < requestsEach; r++) {
                            RawResponse resp = c.get("/2k.bin");
                            if (resp.status() == 200 && resp.body().length == 2048) {
                                ok++;
                            }
                        }
                    }
                    return ok;
                }));
            }
            int ok = 0;
            for (Future<Integer> f : results) {
                ok += f.get(60, TimeUnit.SECONDS);
            }
            assertThat(ok).isEqualTo(clients * requestsEach);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void statsCountWhatWasServed() throws IOException {
        try (RunningServer server = start(b -> b)) {
            ServerStats before = server.stats();
            try (RawClient c = RawClient.connect(server.address())) {
                for (int i = 0; i < 5; i++) {
                    c.get("/2k.bin");
                }
                c.get("/missing");
                // The client can read a response before the server has counted it: wait for the count.
                ServerStats during = server.stats();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (during.requests() - before.requests() < 6 && System.nanoTime() - deadline < 0) {
                    Thread.onSpinWait();
                    during = server.stats();
                }
                assertThat(during.requests() - before.requests()).isEqualTo(6);
                assertThat(during.errors() - before.errors()).isEqualTo(1);
                assertThat(during.bytesWritten() - before.bytesWritten()).isGreaterThan(5 * 2048);
                assertThat(during.connectionsOpen()).isGreaterThanOrEqualTo(1);
                assertThat(during.usage().cpuMicros()).isPositive();
                assertThat(during.processes()).isPositive();
            }
        }
    }

    @Test
    void shutdownDrainsGracefully() throws Exception {
        RunningServer server = start(b -> b);
        InetSocketAddress address = server.address();
        try (RawClient idle = RawClient.connect(address);
                RawClient downloading = RawClient.connect(address, 32 * 1024)) {
            assertThat(idle.get("/hello.txt").status()).isEqualTo(200);
            downloading.send("GET /2m.bin HTTP/1.1\r\nHost: x\r\n\r\n");
            byte[] first = downloading.readBytes(1024); // the response is under way

            Thread stopper = Thread.ofPlatform().start(() -> server.shutdown(Duration.ofSeconds(10)));
            assertThat(idle.isClosedByServer())
                    .as("an idle connection is closed")
                    .isTrue();
            Thread.sleep(200);
            assertThatThrownBy(() -> RawClient.connect(address).close())
                    .as("no new connections")
                    .isInstanceOf(ConnectException.class);

            // The download in flight completes, byte for byte.
            byte[] rest = downloading.readBytes(4 << 20);
            byte[] all = new byte[first.length + rest.length];
            System.arraycopy(first, 0, all, 0, first.length);
            System.arraycopy(rest, 0, all, first.length, rest.length);
            String text = new String(all, StandardCharsets.ISO_8859_1);
            int bodyStart = text.indexOf("\r\n\r\n") + 4;
            assertThat(text).startsWith("HTTP/1.1 200 OK");
            assertThat(Arrays.copyOfRange(all, bodyStart, all.length)).isEqualTo(docs.bytes("2m.bin"));

            stopper.join(Duration.ofSeconds(10));
            assertThat(stopper.isAlive()).as("shutdown returned").isFalse();
        } finally {
            server.shutdown(Duration.ofSeconds(1));
        }
    }
}
