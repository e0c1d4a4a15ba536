package lab.c10k.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.Pipe;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import lab.c10k.http.Body;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class FileTransferTest {
    private static final int MIB = 1 << 20;
    private static final long CAP = FileTransfer.MAX_BYTES_PER_CALL;

    @TempDir
    Path dir;

    /** Where the bytes go: a blocking channel, or a non-blocking pipe whose reader drains slowly. */
    enum Sink {
        /** {@code Channels.newChannel(OutputStream)}: blocking, not backed by a descriptor. */
        STREAM,
        /** A file channel: blocking, backed by a descriptor (sendfile becomes copy_file_range). */
        FILE,
        /** A non-blocking pipe drained 16 KiB at a time whenever the writer is stuck: partial writes and zeros. */
        SLOW_PIPE
    }

    /**
     * The region to send.
     *
     * @param name for the test name
     * @param fileSize the size of the file
     * @param position the first byte of the region
     * @param count the bytes of the region
     */
    record Shape(String name, int fileSize, long position, long count) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> everyModeSinkAndShape() {
        List<Shape> shapes = List.of(
                new Shape("0 B", 0, 0, 0),
                new Shape("1 KiB", 1024, 0, 1024),
                new Shape("2 MiB + 1", 2 * MIB + 1, 0, 2 * MIB + 1),
                new Shape("at an offset", 3 * MIB + 1000, 777, 3 * MIB),
                new Shape("across mmap windows", 18 * MIB + 5, 4095, 17 * MIB + 3));
        List<Arguments> all = new ArrayList<>();
        for (FileIo mode : FileIo.values()) {
            for (Sink sink : Sink.values()) {
                for (Shape shape : shapes) {
                    all.add(Arguments.of(mode, sink, shape));
                }
            }
        }
        return all.stream();
    }

    static Stream<Arguments> everyModeAndSink() {
        return Arrays.stream(FileIo.values())
                .flatMap(mode -> Arrays.stream(Sink.values()).map(sink -> Arguments.of(mode, sink)));
    }

    @ParameterizedTest(name = "{0} to {1}: {2}")
    @MethodSource("everyModeSinkAndShape")
    void sendsTheRegionByteExact(FileIo mode, Sink sink, Shape shape) throws IOException {
        byte[] content = content(shape.fileSize());
        Path file = write("f", content);
        Sent sent;
        try (FileTransfer transfer = open(mode, file, shape.position(), shape.count())) {
            sent = send(transfer, sink);
            assertThat(transfer.done()).isTrue();
            assertThat(transfer.remaining()).isZero();
            assertThat(transfer.writeTo(sinkThatFails())).isZero();
        }
        byte[] expected = Arrays.copyOfRange(content, (int) shape.position(), (int) (shape.position() + shape.count()));
        assertSameBytes(sent.bytes(), expected);
        assertThat(sent.largestCall()).isLessThanOrEqualTo(CAP);
        if (sink == Sink.SLOW_PIPE && shape.count() > MIB) {
            assertThat(sent.zeros()).as("calls that found the pipe full").isPositive();
        }
        assertThat(Regions.descriptorsOn(file)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(FileIo.class)
    void sendsAtMost2MiBPerCallToABlockingChannel(FileIo mode) throws IOException {
        Path file = write("f", content(5 * MIB));
        var out = new ByteArrayOutputStream();
        List<Long> calls = new ArrayList<>();
        try (FileTransfer transfer = open(mode, file, 0, 5 * MIB)) {
            WritableByteChannel channel = Channels.newChannel(out);
            while (!transfer.done()) {
                calls.add(transfer.writeTo(channel));
                assertThat(transfer.remaining()).isEqualTo(5 * MIB - out.size());
            }
        }
        assertThat(calls).containsExactly(CAP, CAP, (long) MIB);
    }

    @ParameterizedTest(name = "{0} to {1}")
    @MethodSource("everyModeAndSink")
    void aFileTruncatedBetweenCallsFailsWithoutPadding(FileIo mode, Sink sink) throws IOException {
        byte[] content = content(3 * MIB);
        Path file = write("f", content);
        BufferPool pool = new BufferPool(4);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        FileTransfer transfer = FileTransfer.of(mode, new Body.FileRegion(channel, 0, content.length), pool);
        try (Target target = Target.of(sink, dir)) {
            assertThat(transfer.writeTo(target.channel())).isPositive();
            truncate(file, 1024);
            assertThatThrownBy(() -> {
                        for (int call = 0; call < 10; call++) {
                            target.drain();
                            transfer.writeTo(target.channel());
                        }
                    })
                    .isInstanceOf(FileShrunkException.class);
            transfer.close();
            byte[] received = target.received();
            assertThat(received.length).isLessThan(content.length);
            assertSameBytes(received, Arrays.copyOf(content, received.length));
        }
        assertThat(channel.isOpen()).isFalse();
        assertThat(pool.idle()).isEqualTo(mode == FileIo.READ ? 1 : 0);
    }

    @ParameterizedTest
    @EnumSource(FileIo.class)
    @Timeout(30)
    void aFileTruncatedWhileAWriteIsBlockedFailsWithoutPadding(FileIo mode) throws Exception {
        byte[] content = content(3 * MIB);
        Path file = write("f", content);
        Pipe pipe = Pipe.open();
        CompletableFuture<Throwable> writer = CompletableFuture.supplyAsync(() -> {
            try (FileTransfer transfer = open(mode, file, 0, content.length);
                    Pipe.SinkChannel out = pipe.sink()) {
                while (!transfer.done()) {
                    transfer.writeTo(out);
                }
                return null;
            } catch (IOException e) {
                return e;
            }
        });
        Thread.sleep(300); // the writer fills the pipe and blocks in its write
        truncate(file, 1024);
        var received = new ByteArrayOutputStream();
        try (var in = Channels.newInputStream(pipe.source())) {
            in.transferTo(received);
        }
        assertThat(writer.get(10, TimeUnit.SECONDS)).isInstanceOf(FileShrunkException.class);
        assertThat(received.size()).isLessThan(content.length);
        assertSameBytes(received.toByteArray(), Arrays.copyOf(content, received.size()));
        assertThat(Regions.descriptorsOn(file)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(FileIo.class)
    void aFileDeletedDuringTheTransferIsSentWholeFromTheOpenDescriptor(FileIo mode) throws IOException {
        byte[] content = content(3 * MIB);
        Path file = write("f", content);
        var out = new ByteArrayOutputStream();
        try (FileTransfer transfer = open(mode, file, 0, content.length)) {
            WritableByteChannel channel = Channels.newChannel(out);
            transfer.writeTo(channel);
            Files.delete(file);
            write("f", content(10)); // a new file under the old name changes nothing
            while (!transfer.done()) {
                transfer.writeTo(channel);
            }
        }
        assertSameBytes(out.toByteArray(), content);
    }

    @ParameterizedTest
    @EnumSource(FileIo.class)
    void closeClosesTheChannelOnceAndRefusesFurtherWrites(FileIo mode) throws IOException {
        Path file = write("f", content(1024));
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        FileTransfer transfer = FileTransfer.of(mode, new Body.FileRegion(channel, 0, 1024));
        transfer.writeTo(Channels.newChannel(new ByteArrayOutputStream()));
        transfer.close();
        transfer.close();
        assertThat(channel.isOpen()).isFalse();
        assertThatThrownBy(() -> transfer.writeTo(Channels.newChannel(new ByteArrayOutputStream())))
                .isInstanceOf(ClosedChannelException.class);
    }

    @ParameterizedTest
    @EnumSource(FileIo.class)
    void anEmptyRegionIsDoneAtOnce(FileIo mode) throws IOException {
        Path file = write("f", content(100));
        BufferPool pool = new BufferPool(4);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try (FileTransfer transfer = FileTransfer.of(mode, new Body.FileRegion(channel, 50, 0), pool)) {
            assertThat(transfer.done()).isTrue();
            assertThat(transfer.writeTo(sinkThatFails())).isZero();
        }
        assertThat(pool.idle()).isZero();
    }

    @Test
    void readModeReturnsItsBufferToThePoolOnClose() throws IOException {
        Path file = write("f", content(3 * MIB));
        BufferPool pool = new BufferPool(4);
        try (Target pipe = Target.of(Sink.SLOW_PIPE, dir)) {
            FileTransfer first = FileTransfer.of(
                    FileIo.READ,
                    new Body.FileRegion(FileChannel.open(file, StandardOpenOption.READ), 0, 3 * MIB),
                    pool);
            assertThat(first.writeTo(pipe.channel())).isPositive();
            assertThat(pool.idle()).isZero();
            first.close();
            assertThat(pool.idle()).isEqualTo(1);
            first.close();
            assertThat(pool.idle()).as("a second close gives nothing back").isEqualTo(1);

            FileTransfer second = FileTransfer.of(
                    FileIo.READ,
                    new Body.FileRegion(FileChannel.open(file, StandardOpenOption.READ), 0, 3 * MIB),
                    pool);
            pipe.drain();
            second.writeTo(pipe.channel());
            assertThat(pool.idle()).as("the buffer is reused").isZero();
            second.close();
            assertThat(pool.idle()).isEqualTo(1);
        }
    }

    @Test
    void thePoolKeepsABoundedNumberOfBuffers() {
        BufferPool pool = new BufferPool(2);
        List<ByteBuffer> buffers = List.of(pool.acquire(), pool.acquire(), pool.acquire());
        assertThat(buffers).allSatisfy(buffer -> {
            assertThat(buffer.isDirect()).isTrue();
            assertThat(buffer.capacity()).isEqualTo(BufferPool.BUFFER_BYTES);
        });
        buffers.forEach(pool::release);
        assertThat(pool.idle()).isEqualTo(2);
        ByteBuffer reused = pool.acquire();
        assertThat(buffers).anySatisfy(buffer -> assertThat(buffer).isSameAs(reused));
        assertThat(reused.position()).isZero();
        assertThat(reused.limit()).isEqualTo(reused.capacity());
    }

    @Test
    void mmapUnmapsAWindowOnCloseAndAsSoonAsItIsSent() throws IOException {
        Path file = write("mapped", content(3 * MIB));
        try (Target pipe = Target.of(Sink.SLOW_PIPE, dir)) {
            FileTransfer transfer = open(FileIo.MMAP, file, 0, 3 * MIB);
            assertThat(transfer.writeTo(pipe.channel())).isPositive();
            assertThat(mappingsOf(file))
                    .as("a window is mapped while it is being sent")
                    .isEqualTo(1);
            transfer.close();
            assertThat(mappingsOf(file)).as("closed").isZero();
        }
        try (FileTransfer transfer = open(FileIo.MMAP, file, 0, 3 * MIB)) {
            WritableByteChannel out = Channels.newChannel(new ByteArrayOutputStream());
            while (!transfer.done()) {
                transfer.writeTo(out);
            }
            assertThat(mappingsOf(file)).as("sent, not yet closed").isZero();
        }
    }

    @Test
    void mmapHoldsOneWindowOfAtMost16MiBAtATime() throws IOException {
        Path file = write("mapped", content(40 * MIB));
        try (FileTransfer transfer = open(FileIo.MMAP, file, 0, 40 * MIB)) {
            WritableByteChannel out = Channels.newChannel(new ByteArrayOutputStream());
            while (!transfer.done()) {
                transfer.writeTo(out);
                assertThat(mappingsOf(file)).isLessThanOrEqualTo(1);
                assertThat(mappedBytesOf(file)).isLessThanOrEqualTo(FileTransfer.MAX_WINDOW_BYTES);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    record Sent(byte[] bytes, long largestCall, int zeros) {}

    /** Sends the whole transfer to {@code sink}, draining a slow pipe only when the writer is stuck. */
    private Sent send(FileTransfer transfer, Sink sink) throws IOException {
        long largest = 0;
        int zeros = 0;
        try (Target target = Target.of(sink, dir)) {
            while (!transfer.done()) {
                long before = transfer.remaining();
                long n = transfer.writeTo(target.channel());
                assertThat(transfer.remaining()).isEqualTo(before - n);
                largest = Math.max(largest, n);
                if (n == 0) {
                    assertThat(sink)
                            .as("only a non-blocking channel takes nothing")
                            .isEqualTo(Sink.SLOW_PIPE);
                    zeros++;
                    target.drainSome();
                }
            }
            return new Sent(target.received(), largest, zeros);
        }
    }

    /** A channel and what arrived through it. */
    private interface Target extends AutoCloseable {
        WritableByteChannel channel();

        /** Lets a stuck writer progress a little. */
        default void drainSome() throws IOException {}

        /** Empties what the writer has sent so far. */
        default void drain() throws IOException {}

        byte[] received() throws IOException;

        @Override
        void close() throws IOException;

        static Target of(Sink sink, Path dir) throws IOException {
            return switch (sink) {
                case STREAM -> new StreamTarget(new ByteArrayOutputStream());
                case FILE -> new FileTarget(dir.resolve("out-" + System.nanoTime()));
                case SLOW_PIPE -> new PipeTarget(Pipe.open());
            };
        }
    }

    private record StreamTarget(ByteArrayOutputStream out, WritableByteChannel channel) implements Target {
        StreamTarget(ByteArrayOutputStream out) {
            this(out, Channels.newChannel(out));
        }

        @Override
        public byte[] received() {
            return out.toByteArray();
        }

        @Override
        public void close() {}
    }

    private record FileTarget(Path path, FileChannel channel) implements Target {
        FileTarget(Path path) throws IOException {
            this(path, FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
        }

        @Override
        public byte[] received() throws IOException {
            return Files.readAllBytes(path);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    private static final class PipeTarget implements Target {
        private final Pipe pipe;
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private final ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);

        PipeTarget(Pipe pipe) throws IOException {
            this.pipe = pipe;
            pipe.sink().configureBlocking(false);
            pipe.source().configureBlocking(false);
        }

        @Override
        public WritableByteChannel channel() {
            return pipe.sink();
        }

        @Override
        public void drainSome() throws IOException {
            assertThat(readOnce()).as("a stuck writer has filled the pipe").isPositive();
        }

        @Override
        public void drain() throws IOException {
            while (readOnce() > 0) {
                // until the pipe is empty
            }
        }

        private int readOnce() throws IOException {
            int n = pipe.source().read(buffer.clear());
            received.write(buffer.array(), 0, Math.max(n, 0));
            return n;
        }

        @Override
        public byte[] received() throws IOException {
            drain();
            return received.toByteArray();
        }

        @Override
        public void close() throws IOException {
            pipe.sink().close();
            pipe.source().close();
        }
    }

    private FileTransfer open(FileIo mode, Path file, long position, long count) throws IOException {
        return FileTransfer.of(
                mode, new Body.FileRegion(FileChannel.open(file, StandardOpenOption.READ), position, count));
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private static byte[] content(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private static void truncate(Path file, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }

    /** A channel that fails the test if anything is written to it. */
    private static WritableByteChannel sinkThatFails() {
        return Channels.newChannel(new OutputStream() {
            @Override
            public void write(int b) {
                throw new AssertionError("nothing may be written");
            }
        });
    }

    private static void assertSameBytes(byte[] actual, byte[] expected) {
        assertThat(actual.length).as("length").isEqualTo(expected.length);
        assertThat(Arrays.mismatch(actual, expected)).as("first differing byte").isEqualTo(-1);
    }

    /** The mappings of {@code file} in this process, from {@code /proc/self/maps}. */
    private static long mappingsOf(Path file) throws IOException {
        return mapsLinesOf(file).size();
    }

    private static long mappedBytesOf(Path file) throws IOException {
        long bytes = 0;
        for (String line : mapsLinesOf(file)) {
            String[] range = line.substring(0, line.indexOf(' ')).split("-");
            bytes += Long.parseUnsignedLong(range[1], 16) - Long.parseUnsignedLong(range[0], 16);
        }
        return bytes;
    }

    private static List<String> mapsLinesOf(Path file) throws IOException {
        String real = file.toRealPath().toString();
        return Files.readAllLines(Path.of("/proc/self/maps")).stream()
                .filter(line -> line.endsWith(" " + real))
                .toList();
    }
}
