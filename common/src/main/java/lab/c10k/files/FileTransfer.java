package lab.c10k.files;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.WritableByteChannel;
import lab.c10k.http.Body;

/**
 * Sends one file region to a channel in one {@link FileIo} mode. Confined to one thread at a time.
 *
 * <p>Each {@link #writeTo} sends as much as the channel takes now, and at most {@value #MAX_BYTES_PER_CALL}
 * bytes, like nginx's {@code sendfile_max_chunk}: a blocking caller loops until {@link #done()} and can note
 * progress (a write-idle deadline) between calls; an event loop gets control back after 2 MiB even when the
 * client is fast, so one big download does not starve the other connections of the loop. A non-blocking channel
 * that is full makes {@code writeTo} return 0; the caller waits for writability and calls again, and the transfer
 * resumes at the exact byte.
 *
 * <p>The file may change under a transfer. A file that shrinks below the region fails the transfer with a {@link
 * FileShrunkException} (an {@code IOException}): never padded, never a hang. Each mode sees it its own way:
 * {@code transferTo} moves 0 bytes and the size of the open file is then checked; {@code read} returns -1;
 * {@code MMAP} checks the size before it writes from a window, because touching a mapping beyond the end of the
 * file is a SIGBUS (the kernel turns a fault inside {@code write} into {@code EFAULT}, which is reported as a
 * shrink too; a copy in Java code would get the JVM's {@code InternalError}). A file that is replaced or deleted
 * is still served whole from the open descriptor, which is what POSIX promises.
 *
 * <p>MMAP maps windows of at most {@value #MAX_WINDOW_BYTES} bytes, each in its own confined {@link Arena} that
 * is closed, which unmaps at once, as soon as the window is sent or the transfer is closed. A classic {@code
 * MappedByteBuffer} is unmapped only when the GC collects it: a busy server then holds thousands of dead mappings,
 * runs into {@code vm.max_map_count} and fails with "Map failed", and every dead mapping keeps its file alive, so
 * the disk space of a deleted file is not freed. A confined arena is also the cheap one to close, which is why the thread that writes
 * must be the thread that closes: the first {@code writeTo} maps, so call {@code writeTo} and {@link #close()} on
 * the same thread, as a connection does.
 *
 * <p>READ reads into a direct 64 KiB buffer from a shared {@link BufferPool} and keeps the bytes a full channel
 * did not take for the next call; {@link #close()} gives the buffer back.
 */
public final class FileTransfer implements AutoCloseable {

    /** The most bytes one {@link #writeTo} call sends: 2 MiB. */
    static final long MAX_BYTES_PER_CALL = 2L << 20;

    /** The largest window MMAP mode maps at once: 16 MiB. */
    static final long MAX_WINDOW_BYTES = 16L << 20;

    private final FileChannel channel;
    private final long end;
    private final Sender sender;
    private long position;
    private boolean closed;

    private FileTransfer(FileChannel channel, long position, long end, Sender sender) {
        this.channel = channel;
        this.position = position;
        this.end = end;
        this.sender = sender;
    }

    /** A transfer of {@code region} in {@code mode}; it owns the region's channel from now on. */
    public static FileTransfer of(FileIo mode, Body.FileRegion region) {
        return of(mode, region, BufferPool.SHARED);
    }

    static FileTransfer of(FileIo mode, Body.FileRegion region, BufferPool pool) {
        FileChannel channel = region.channel();
        long end = Math.addExact(region.position(), region.count());
        Sender sender = switch (mode) {
            case SENDFILE -> new Sendfile(channel, end);
            case MMAP -> new Mmap(channel, end);
            case READ -> new Read(channel, end, pool);
        };
        return new FileTransfer(channel, region.position(), end, sender);
    }

    /**
     * Writes as much as {@code out} takes now.
     *
     * @return the bytes written, 0 when a non-blocking channel is full
     * @throws IOException when writing fails or the file shrank under the transfer; the transfer must then only be
     *     closed
     */
    public long writeTo(WritableByteChannel out) throws IOException {
        if (closed) {
            throw new ClosedChannelException();
        }
        long max = Math.min(end - position, MAX_BYTES_PER_CALL);
        if (max == 0) {
            return 0;
        }
        long written = sender.send(position, max, out);
        position += written;
        return written;
    }

    /**
     * Reads as much of the rest of the region as fits into {@code dst}, in any mode; what does not fit is left for
     * {@link #writeTo}. For the start of a body to leave with its head in one write: a small body whole (a
     * {@code pread} of a few KiB costs less than the calls of a separate transfer, {@code transferTo} alone makes
     * three), and the first segment of a large one, so that the head never travels alone in a small TCP segment
     * that wakes the client for a few hundred bytes (nginx gets the same from {@code TCP_CORK}).
     *
     * @return the bytes read
     * @throws IOException when reading fails or the file ends before the region does ({@link FileShrunkException})
     */
    public int readTo(ByteBuffer dst) throws IOException {
        if (closed) {
            throw new ClosedChannelException();
        }
        int rest = (int) Math.min(end - position, dst.remaining());
        int limit = dst.limit();
        dst.limit(dst.position() + rest);
        try {
            while (dst.hasRemaining()) {
                int n = channel.read(dst, position);
                if (n < 0) {
                    throw new FileShrunkException(channel.size(), end);
                }
                position += n;
            }
        } finally {
            dst.limit(limit);
        }
        return rest;
    }

    /** Whether every byte of the region has been written. */
    public boolean done() {
        return position == end;
    }

    /** The bytes of the region not yet written. */
    public long remaining() {
        return end - position;
    }

    /** Releases the mapping or buffer and closes the file channel. Idempotent; also right after a failure. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            sender.release();
        } finally {
            try {
                channel.close();
            } catch (IOException e) {
                // Closing a descriptor opened for reading loses no data, and the caller can do nothing about it.
            }
        }
    }

    /** Throws {@link FileShrunkException} unless the file still has at least {@code needed} bytes. */
    private static void requireSize(FileChannel channel, long needed) throws IOException {
        long size = channel.size();
        if (size < needed) {
            throw new FileShrunkException(size, needed);
        }
    }

    /** One mode of moving bytes: sends up to {@code max} bytes from {@code position}, as far as {@code out} takes. */
    private sealed interface Sender permits Sendfile, Mmap, Read {
        long send(long position, long max, WritableByteChannel out) throws IOException;

        void release();
    }

    /** {@code transferTo}: sendfile(2), or copy_file_range(2) to a file; no copy through user space. */
    private record Sendfile(FileChannel channel, long end) implements Sender {
        @Override
        public long send(long position, long max, WritableByteChannel out) throws IOException {
            // To a non-blocking channel, a short transfer means the socket is full: asking again would only cost
            // a system call that moves nothing. A blocking transfer may be short for other reasons, so it loops.
            boolean nonBlocking = out instanceof SelectableChannel selectable && !selectable.isBlocking();
            long written = 0;
            while (written < max) {
                long asked = max - written;
                long moved = channel.transferTo(position + written, asked, out);
                if (moved == 0) {
                    // Either the socket is full or the file ends before the region does: only the size can tell.
                    requireSize(channel, end);
                    break;
                }
                written += moved;
                if (moved < asked && nonBlocking) {
                    break;
                }
            }
            return written;
        }

        @Override
        public void release() {}
    }

    /** Writes from a mapped window of the file: one copy, done by the kernel inside {@code write}. */
    private static final class Mmap implements Sender {
        private final FileChannel channel;
        private final long end;
        private Arena arena;
        /** The mapped window; its unwritten bytes are those from its position to its limit. */
        private ByteBuffer window;

        private long windowEnd;

        Mmap(FileChannel channel, long end) {
            this.channel = channel;
            this.end = end;
        }

        @Override
        public long send(long position, long max, WritableByteChannel out) throws IOException {
            if (window != null) {
                requireSize(channel, windowEnd);
            }
            long written = 0;
            while (written < max) {
                if (window == null) {
                    map(position + written);
                }
                int allowed = (int) Math.min(window.remaining(), max - written);
                int limit = window.limit();
                window.limit(window.position() + allowed);
                int n;
                try {
                    n = out.write(window);
                } catch (IOException e) {
                    long size = channel.size();
                    if (size < windowEnd) {
                        throw new FileShrunkException(size, windowEnd, e);
                    }
                    throw e;
                } finally {
                    window.limit(limit);
                }
                written += n;
                if (!window.hasRemaining()) {
                    release();
                }
                if (n < allowed) {
                    break;
                }
            }
            return written;
        }

        private void map(long from) throws IOException {
            long length = Math.min(MAX_WINDOW_BYTES, end - from);
            requireSize(channel, from + length);
            Arena mapping = Arena.ofConfined();
            try {
                window = channel.map(FileChannel.MapMode.READ_ONLY, from, length, mapping)
                        .asByteBuffer();
            } catch (IOException | RuntimeException e) {
                mapping.close();
                throw e;
            }
            arena = mapping;
            windowEnd = from + length;
        }

        /** Unmaps the window now, if there is one. */
        @Override
        public void release() {
            if (arena != null) {
                window = null;
                Arena mapping = arena;
                arena = null;
                mapping.close();
            }
        }
    }

    /** Reads into a pooled direct buffer, then writes it: two copies through user space, two calls per chunk. */
    private static final class Read implements Sender {
        private final FileChannel channel;
        private final long end;
        private final BufferPool pool;
        /** Taken from the pool at the first send; its unwritten bytes are those from its position to its limit. */
        private ByteBuffer buffer;

        Read(FileChannel channel, long end, BufferPool pool) {
            this.channel = channel;
            this.end = end;
            this.pool = pool;
        }

        @Override
        public long send(long position, long max, WritableByteChannel out) throws IOException {
            if (buffer == null) {
                buffer = pool.acquire().limit(0);
            }
            long written = 0;
            while (written < max) {
                if (!buffer.hasRemaining()) {
                    fill(position + written);
                }
                int allowed = (int) Math.min(buffer.remaining(), max - written);
                int limit = buffer.limit();
                buffer.limit(buffer.position() + allowed);
                int n;
                try {
                    n = out.write(buffer);
                } finally {
                    buffer.limit(limit);
                }
                written += n;
                if (n < allowed) {
                    break;
                }
            }
            return written;
        }

        private void fill(long from) throws IOException {
            buffer.clear().limit((int) Math.min(buffer.capacity(), end - from));
            if (channel.read(buffer, from) < 0) {
                throw new FileShrunkException(channel.size(), end);
            }
            buffer.flip();
        }

        /** Gives the buffer back to the pool. */
        @Override
        public void release() {
            if (buffer != null) {
                pool.release(buffer);
                buffer = null;
            }
        }
    }
}
