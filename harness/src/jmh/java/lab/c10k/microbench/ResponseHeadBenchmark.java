package lab.c10k.microbench;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import lab.c10k.http.Body;
import lab.c10k.http.Response;
import lab.c10k.http.ResponseHead;
import lab.c10k.http.Status;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Encoding the head of a typical static-file response: 200, five fields, Date, Content-Length. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ResponseHeadBenchmark {

    private final Response response = new Response(
            Status.OK,
            List.of(
                    new Response.Field("Content-Type", "text/css; charset=utf-8"),
                    new Response.Field("ETag", "\"5f3e-6248c1a7\""),
                    new Response.Field("Last-Modified", "Tue, 15 Oct 2024 07:28:00 GMT"),
                    new Response.Field("Accept-Ranges", "bytes"),
                    new Response.Field("Cache-Control", "max-age=3600")),
            new Body.Withheld(24_382));
    private final byte[] date = "Wed, 26 Nov 2025 08:00:00 GMT".getBytes(StandardCharsets.US_ASCII);

    @Benchmark
    public byte[] keepAlive() {
        return ResponseHead.encode(response, date, ResponseHead.ConnectionField.NONE);
    }

    @Benchmark
    public byte[] close() {
        return ResponseHead.encode(response, date, ResponseHead.ConnectionField.CLOSE);
    }
}
