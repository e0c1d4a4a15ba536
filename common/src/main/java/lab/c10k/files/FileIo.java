package lab.c10k.files;

/**
 * How the bytes of a file reach the socket: the {@code --file-io} flag, the same for every strategy.
 *
 * <p>The three modes are the three classic answers, and the cost they teach is copies and system calls per
 * byte: {@link #READ} copies the file through a user-space buffer (a read and a write per chunk), {@link #MMAP}
 * maps the file and writes from the mapping (one copy, in the kernel), {@link #SENDFILE} asks the kernel to move
 * the bytes from the page cache to the socket (zero copies through user space).
 */
public enum FileIo {
    /** {@code FileChannel.read} into a buffer, then a write of that buffer: two copies, two calls per chunk. */
    READ,
    /** {@code FileChannel.map} of the region, then writes from the mapping, unmapped when done. */
    MMAP,
    /** {@code FileChannel.transferTo}: sendfile(2) on Linux, no copy through user space. The default. */
    SENDFILE
}
