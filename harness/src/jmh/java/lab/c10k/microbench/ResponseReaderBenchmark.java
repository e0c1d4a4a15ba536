package lab.c10k.microbench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import lab.c10k.harness.load.ResponseReader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The load generator's own hot path: finding the end of a typical nginx response to a 2 KiB file, arriving in
 * one read. It bounds how many responses per second one generator thread can take in.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ResponseReaderBenchmark {

    private final ResponseReader reader = new ResponseReader();
    private final ByteBuffer response;

    public ResponseReaderBenchmark() {
        String head = "HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nDate: Wed, 26 Nov 2025 08:00:00 GMT\r\n"
                + "Content-Type: application/octet-stream\r\nContent-Length: 2048\r\n"
                + "Last-Modified: Wed, 26 Nov 2025 07:52:00 GMT\r\nConnection: keep-alive\r\n"
                + "ETag: \"6926b1f0-800\"\r\nAccept-Ranges: bytes\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        response = ByteBuffer.allocateDirect(h.length + 2048);
        response.put(h).put(new byte[2048]).flip();
    }

    @Benchmark
    public int nginx2KiB() {
        response.rewind();
        reader.feed(response);
        return reader.status();
    }
}
