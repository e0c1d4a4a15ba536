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
                t.readTo(dst);
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

    @Test
    void aBufferTooSmallIsRefusedAndNothingIsRead() throws IOException {
        try (FileTransfer t = open(FileIo.SENDFILE, file(100), 0, 100)) {
            ByteBuffer dst = ByteBuffer.allocate(99);
            assertThatThrownBy(() -> t.readTo(dst)).isInstanceOf(IllegalArgumentException.class);
            assertThat(dst.position()).isZero();
            assertThat(t.remaining()).isEqualTo(100);
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
