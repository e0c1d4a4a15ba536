package lab.c10k.files;

import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * Direct buffers of {@value #BUFFER_BYTES} bytes for {@link FileIo#READ}, shared by every connection.
 *
 * <p>Direct, because the JDK copies a heap buffer into a temporary direct one for every read and write of a
 * channel: a heap buffer would add a third copy to the two that READ mode is meant to show. Pooled, because
 * allocating direct memory is slow and it is freed only when the GC finds the buffer unreachable. Bounded: at
 * most {@code kept} idle buffers are kept; one returned to a full pool is dropped for the GC, so a burst of
 * connections does not pin its peak of memory forever.
 *
 * <p>Thread-safe.
 */
final class BufferPool {

    /** The size of each buffer: 64 KiB, the default capacity of a Linux pipe and a common socket buffer. */
    static final int BUFFER_BYTES = 64 * 1024;

    /** The most idle buffers the shared pool keeps (16 MiB). */
    static final int SHARED_KEPT = 256;

    /** The pool of every {@link FileTransfer}. */
    static final BufferPool SHARED = new BufferPool(SHARED_KEPT);

    private final ArrayBlockingQueue<ByteBuffer> idle;

    BufferPool(int kept) {
        idle = new ArrayBlockingQueue<>(kept);
    }

    /** An idle buffer, or a new one; cleared. */
    ByteBuffer acquire() {
        ByteBuffer buffer = idle.poll();
        return buffer != null ? buffer : ByteBuffer.allocateDirect(BUFFER_BYTES);
    }

    /** Gives {@code buffer} back; the caller must not use it again. */
    void release(ByteBuffer buffer) {
        idle.offer(buffer.clear());
    }

    /** The number of idle buffers kept. */
    int idle() {
        return idle.size();
    }
}
