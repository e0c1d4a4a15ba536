package lab.c10k.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import lab.c10k.http.Body;
import lab.c10k.http.Method;
import lab.c10k.http.RequestHead;
import lab.c10k.http.Response;
import lab.c10k.http.Status;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A sparse file of 5 GiB: offsets past 2 GiB and 4 GiB, where an {@code int} would overflow, must reach the right
 * bytes in every mode and in the Content-Range of the handler. Markers are written at 4 GiB - 3, at 4 GiB and in
 * the last 10 bytes; everything else reads as zeros and takes no disk space.
 */
class LargeFileTest {
    private static final long SIZE = 5L << 30;
    private static final long FOUR_GIB = 4L << 30;

    @TempDir
    static Path root;

    static Path big;

    @BeforeAll
    static void createSparseFile() throws IOException {
        big = root.resolve("big.bin");
        try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
            file.setLength(SIZE);
            file.seek(FOUR_GIB - 3);
            file.write("ABC0123456789".getBytes(StandardCharsets.US_ASCII));
            file.seek(SIZE - 10);
            file.write("abcdefghij".getBytes(StandardCharsets.US_ASCII));
        }
    }

    @ParameterizedTest
    @EnumSource(FileIo.class)
    void readsMarkersBeyond4GiB(FileIo mode) throws IOException {
        assertThat(send(mode, FOUR_GIB - 3, 13))
                .asString(StandardCharsets.US_ASCII)
                .isEqualTo("ABC0123456789");
        assertThat(send(mode, FOUR_GIB + 4, 3))
                .asString(StandardCharsets.US_ASCII)
                .isEqualTo("456");
        assertThat(send(mode, SIZE - 10, 10))
                .asString(StandardCharsets.US_ASCII)
                .isEqualTo("abcdefghij");
    }

    @ParameterizedTest
    @EnumSource(FileIo.class)
    void sendsARegionAcross4GiBByteExact(FileIo mode) throws IOException {
        long position = FOUR_GIB - (17 << 20) - 5;
        int count = (20 << 20) + 11;
        byte[] expected = new byte[count];
        byte[] marker = "ABC0123456789".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(marker, 0, expected, (int) (FOUR_GIB - 3 - position), marker.length);
        byte[] actual = send(mode, position, count);
        assertThat(actual.length).isEqualTo(count);
        assertThat(Arrays.mismatch(actual, expected)).isEqualTo(-1);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            bytes=4294967296-4294967305 | bytes 4294967296-4294967305/5368709120 | 0123456789
            bytes=-10                   | bytes 5368709110-5368709119/5368709120 | abcdefghij
            bytes=5368709110-           | bytes 5368709110-5368709119/5368709120 | abcdefghij
            bytes=4294967293-4294967295 | bytes 4294967293-4294967295/5368709120 | ABC
            """)
    void theHandlerServesRangesBeyond4GiB(String range, String contentRange, String content) {
        StaticFileHandler handler = StaticFileHandler.create(root, false);
        Response response = handler.handle(Requests.to("/big.bin").range(range).build());
        assertThat(response.status()).isEqualTo(Status.PARTIAL_CONTENT);
        assertThat(StaticFileHandlerTest.field(response, "Content-Range")).isEqualTo(contentRange);
        assertThat(response.body().length()).isEqualTo(content.length());
        assertThat(Regions.read((Body.FileRegion) response.body()))
                .asString(StandardCharsets.US_ASCII)
                .isEqualTo(content);
    }

    @Test
    void theHandlerAnswers416WithTheLongSize() {
        StaticFileHandler handler = StaticFileHandler.create(root, false);
        Response response = handler.handle(
                Requests.to("/big.bin").range("bytes=5368709120-").build());
        assertThat(response.status()).isEqualTo(Status.RANGE_NOT_SATISFIABLE);
        assertThat(StaticFileHandlerTest.field(response, "Content-Range")).isEqualTo("bytes */5368709120");
    }

    @Test
    void theWholeFileHasALongContentLengthForGetAndHead() throws IOException {
        StaticFileHandler handler = StaticFileHandler.create(root, false);
        Response get = handler.handle(RequestHead.get("/big.bin"));
        assertThat(get.status()).isEqualTo(Status.OK);
        assertThat(get.body().length()).isEqualTo(SIZE);
        ((Body.FileRegion) get.body()).channel().close();
        Response head =
                handler.handle(Requests.to("/big.bin").method(Method.HEAD).build());
        assertThat(head.body()).isEqualTo(new Body.Withheld(SIZE));
        assertThat(StaticFileHandlerTest.field(head, "ETag")).endsWith("-140000000\"");
    }

    private static byte[] send(FileIo mode, long position, long count) throws IOException {
        var out = new ByteArrayOutputStream();
        WritableByteChannel channel = Channels.newChannel(out);
        try (FileTransfer transfer = FileTransfer.of(
                mode, new Body.FileRegion(FileChannel.open(big, StandardOpenOption.READ), position, count))) {
            while (!transfer.done()) {
                transfer.writeTo(channel);
            }
        }
        assertThat(Files.size(big)).isEqualTo(SIZE);
        return out.toByteArray();
    }
}
