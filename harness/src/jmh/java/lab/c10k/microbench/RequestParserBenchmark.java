package lab.c10k.microbench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import lab.c10k.http.HttpLimits;
import lab.c10k.http.RequestHead;
import lab.c10k.http.RequestParser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parsing a typical browser request (a dozen header fields, about 500 bytes): with a fresh parser, as on a new
 * connection, and with one parser reused request after request, as on a kept-alive connection.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class RequestParserBenchmark {

    static final byte[] TYPICAL = ("GET /static/app/main.css?v=42 HTTP/1.1\r\n"
                    + "Host: www.example.org\r\n"
                    + "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0\r\n"
                    + "Accept: text/css,*/*;q=0.1\r\n"
                    + "Accept-Language: en-US,en;q=0.5\r\n"
                    + "Accept-Encoding: gzip, deflate, br, zstd\r\n"
                    + "Referer: https://www.example.org/\r\n"
                    + "Connection: keep-alive\r\n"
                    + "If-None-Match: \"5f3e-6248c1a7\"\r\n"
                    + "If-Modified-Since: Tue, 15 Oct 2024 07:28:00 GMT\r\n"
                    + "Sec-Fetch-Dest: style\r\n"
                    + "Sec-Fetch-Mode: no-cors\r\n"
                    + "Sec-Fetch-Site: same-origin\r\n"
                    + "\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    private RequestParser kept;
    private ByteBuffer buffer;

    @Setup
    public void setUp() {
        kept = new RequestParser(HttpLimits.DEFAULTS);
        buffer = ByteBuffer.wrap(TYPICAL);
    }

    @Benchmark
    public RequestHead freshParser() {
        return new RequestParser(HttpLimits.DEFAULTS).parse(ByteBuffer.wrap(TYPICAL));
    }

    @Benchmark
    public RequestHead keptAliveParser() {
        buffer.clear();
        return kept.parse(buffer);
    }
}
