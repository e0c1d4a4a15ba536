package lab.c10k.microbench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import lab.c10k.files.FileIo;
import lab.c10k.files.FileTransfer;
import lab.c10k.http.Body;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Sending a whole file to a loopback socket in each {@code --file-io} mode (read: copy through a buffer; mmap: map
 * and write; sendfile: {@code transferTo}, zero-copy), for a 2 KiB and a 2 MiB file: open, send, close, as one
 * response does. A thread on the other end reads and discards, so the socket never stays full; both ends run on
 * this machine's CPUs, so compare modes with each other, not with a network.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class FileIoBenchmark {

    @Param({"READ", "MMAP", "SENDFILE"})
    public FileIo mode;

    @Param({"2048", "2097152"})
    public int size;

    private Path dir;
    private Path file;
    private SocketChannel out;
    private SocketChannel in;
    private Thread drain;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("c10k-jmh-");
        file = dir.resolve("file.bin");
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        Files.write(file, bytes);
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            out = SocketChannel.open(listener.getLocalAddress());
            in = listener.accept();
        }
        out.setOption(StandardSocketOptions.TCP_NODELAY, true);
        drain = Thread.ofPlatform().daemon(true).name("drain").start(() -> {
            ByteBuffer sink = ByteBuffer.allocateDirect(256 * 1024);
            try {
                while (in.read(sink.clear()) >= 0) {
                    // discard
                }
            } catch (IOException e) {
                // closed at tear-down
            }
        });
    }

    @Benchmark
    public long send() throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try (FileTransfer transfer = FileTransfer.of(mode, new Body.FileRegion(channel, 0, size))) {
            long sent = 0;
            while (!transfer.done()) {
                sent += transfer.writeTo(out);
            }
            return sent;
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        out.close();
        drain.join(5000);
        in.close();
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
    }
}
