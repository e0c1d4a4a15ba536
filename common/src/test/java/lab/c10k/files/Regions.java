package lab.c10k.files;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import lab.c10k.http.Body;

/** Reads what a response body would send, and finds descriptors left open. */
final class Regions {
    private Regions() {}

    /** The bytes of {@code region}, read with positional reads; closes its channel. */
    static byte[] read(Body.FileRegion region) {
        try (FileChannel channel = region.channel()) {
            var out = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            long position = region.position();
            long end = position + region.count();
            while (position < end) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), end - position));
                int n = channel.read(buffer, position);
                if (n < 0) {
                    throw new IOException("file ends at " + position);
                }
                out.write(buffer.array(), 0, n);
                position += n;
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The descriptors of this process open on {@code file}, from {@code /proc/self/fd}. */
    static List<Path> descriptorsOn(Path file) throws IOException {
        Path real = file.toRealPath();
        List<Path> found = new ArrayList<>();
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    if (Files.readSymbolicLink(fd).equals(real)) {
                        found.add(fd);
                    }
                } catch (IOException e) {
                    // the descriptor of the listing itself, closed by now
                }
            }
        }
        return found;
    }
}
