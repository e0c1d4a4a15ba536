package lab.c10k.files;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import lab.c10k.http.Body;

/** Sends one file region to a channel in one {@link FileIo} mode. Confined to one thread at a time. */
public final class FileTransfer implements AutoCloseable {

    public static FileTransfer of(FileIo mode, Body.FileRegion region) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /**
     * Writes as much as {@code out} takes now.
     *
     * @return the bytes written, 0 when a non-blocking channel is full
     * @throws IOException when writing fails or the file shrank under the transfer
     */
    public long writeTo(WritableByteChannel out) throws IOException {
        throw new UnsupportedOperationException("not yet implemented");
    }

    public boolean done() {
        throw new UnsupportedOperationException("not yet implemented");
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
