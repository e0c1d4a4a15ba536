package lab.c10k.strategy.process;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/**
 * The descriptors one {@code poll(2)} call waits on: an array of {@code struct pollfd} in native memory, each
 * watched for {@code POLLIN}. The struct is declared as an FFM layout, so the offsets of its fields come from the
 * layout and not from arithmetic written by hand.
 *
 * <p>Only the master uses it, so the var handles' first-use cost, which the workers avoid (see {@link
 * Scoreboard}), is paid once per server. Confined to the thread that owns the arena it was allocated in.
 */
final class PollSet {
    /** {@code struct pollfd { int fd; short events; short revents; }}: the same on every Linux ABI. */
    static final StructLayout POLLFD = MemoryLayout.structLayout(
                    JAVA_INT.withName("fd"), JAVA_SHORT.withName("events"), JAVA_SHORT.withName("revents"))
            .withName("pollfd");

    // (segment, base offset, index): the field of the index-th struct of the array.
    private static final VarHandle FD = POLLFD.arrayElementVarHandle(groupElement("fd"));
    private static final VarHandle EVENTS = POLLFD.arrayElementVarHandle(groupElement("events"));
    private static final VarHandle REVENTS = POLLFD.arrayElementVarHandle(groupElement("revents"));

    private final MemorySegment fds;
    private int size;

    /** Room for {@code capacity} descriptors, allocated in {@code arena}. */
    PollSet(Arena arena, int capacity) {
        this.fds = arena.allocate(POLLFD, capacity);
    }

    /** Watches {@code fd} for input; returns its index. */
    int add(int fd) {
        FD.set(fds, 0L, (long) size, fd);
        EVENTS.set(fds, 0L, (long) size, Posix.POLLIN);
        REVENTS.set(fds, 0L, (long) size, (short) 0);
        return size++;
    }

    /** The number of descriptors added. */
    int size() {
        return size;
    }

    /**
     * Waits at most {@code timeoutMillis} for one of the descriptors to have something; the number that have, 0
     * when it timed out or a signal interrupted it.
     */
    int poll(int timeoutMillis) throws IOException {
        return Posix.poll(fds, size, timeoutMillis);
    }

    /** The descriptor at {@code index}. */
    int fd(int index) {
        return (int) FD.get(fds, 0L, (long) index);
    }

    /** Whether the last {@link #poll} reported anything for the descriptor at {@code index}. */
    boolean hasEvents(int index) {
        return (short) REVENTS.get(fds, 0L, (long) index) != 0;
    }
}
