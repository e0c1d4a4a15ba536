package lab.c10k.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import lab.c10k.http.Body;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link FileTransfer#readTo}: a small region read behind a response head, in every mode. */
class FileTransferReadToTest {
    @TempDir
    Path dir;

    private Path file(int size) throws IOException {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return Files.write(dir.resolve(size + ".bin"), bytes);
    }

    private static FileTransfer open(FileIo mode, Path file, long position, long count) throws IOException {
        return FileTransfer.of(
                mode, new Body.FileRegion(FileChannel.open(file, StandardOpenOption.READ), position, count));
    }

    @ParameterizedTest
    @EnumSource(FileIo.class)
    void readsTheRestOfTheRegionBehindWhatIsInTheBuffer(FileIo mode) throws IOException {
        Path f = file(5000);
        byte[] all = Files.readAllBytes(f);
        for (ByteBuffer dst : new ByteBuffer[] {ByteBuffer.allocate(8192), ByteBuffer.allocateDirect(8192)}) {
            try (FileTransfer t = open(mode, f, 100, 3000)) {
                dst.clear().put(new byte[] {'h', 'e', 'a', 'd'});
                assertThat(t.readTo(dst)).isEqualTo(3000);
                assertThat(t.done()).isTrue();
                assertThat(t.remaining()).isZero();
                assertThat(dst.position()).isEqualTo(4 + 3000);
                assertThat(dst.limit()).as("the limit is restored").isEqualTo(8192);
                byte[] got = new byte[3000];
                dst.flip().position(4);
                dst.get(got);
                assertThat(got).isEqualTo(Arrays.copyOfRange(all, 100, 3100));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(FileIo.class)
    void aBufferTooSmallTakesTheFirstPartAndTheTransferWritesTheRest(FileIo mode) throws IOException {
        Path f = file(300_000);
        byte[] all = Files.readAllBytes(f);
        try (FileTransfer t = open(mode, f, 7, 200_000)) {
            ByteBuffer dst = ByteBuffer.allocateDirect(1000);
            dst.put(new byte[] {'h', 'e', 'a', 'd'});
            assertThat(t.readTo(dst)).isEqualTo(996);
            assertThat(dst.hasRemaining()).isFalse();
            assertThat(t.remaining()).isEqualTo(200_000 - 996);
            var out = new java.io.ByteArrayOutputStream();
            byte[] first = new byte[996];
            dst.flip().position(4);
            dst.get(first);
            out.write(first);
            try (var sink = java.nio.channels.Channels.newChannel(out)) {
                while (!t.done()) {
                    t.writeTo(sink);
                }
            }
            assertThat(out.toByteArray()).isEqualTo(Arrays.copyOfRange(all, 7, 200_007));
        }
    }

    @Test
    void aFileThatShrankIsReportedNeverPadded() throws IOException {
        Path f = file(1000);
        try (FileTransfer t = open(FileIo.READ, f, 0, 1000)) {
            try (FileChannel w = FileChannel.open(f, StandardOpenOption.WRITE)) {
                w.truncate(400);
            }
            assertThatThrownBy(() -> t.readTo(ByteBuffer.allocate(2000))).isInstanceOf(FileShrunkException.class);
        }
    }

    @Test
    void aClosedTransferCannotRead() throws IOException {
        FileTransfer t = open(FileIo.MMAP, file(10), 0, 10);
        t.close();
        assertThatThrownBy(() -> t.readTo(ByteBuffer.allocate(10))).isInstanceOf(ClosedChannelException.class);
    }
}
