package lab.c10k.strategy.process;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import lab.c10k.server.ResourceUsage;
import lab.c10k.server.ServerCounters;

/**
 * Apache prefork's scoreboard: shared memory with one slot per worker process, in which each worker publishes
 * its state (starting, idle in accept, busy with a connection, draining), its counters and its own {@code
 * getrusage(RUSAGE_SELF)}, and from which the master sizes the pool and sums the server's stats.
 *
 * <p>The memory is an anonymous memory file ({@code memfd_create}) that the master creates and every worker maps
 * as its descriptor 4 (through {@code /proc/self/fd/4}): shared by every process of the server, and gone with
 * the last of them, so a master killed with {@code kill -9} leaves no file behind.
 *
 * <p>Concurrency: a slot has one writer, its worker (two of its threads, which serialise their writes), except
 * for the state word, which the master moves from STARTING to DRAINING with a compare-and-set to cancel a worker
 * that has not started accepting yet; the worker moves it out of STARTING with a compare-and-set too, so exactly
 * one of them wins. The master reads the counters without locks: each is one aligned 8-byte word, so it sees old
 * or new values, never torn ones, and the stats of a live server are a moving target anyway.
 */
final class Scoreboard implements AutoCloseable {

    /** Where a worker is. */
    enum State {
        /** The slot has no worker. */
        FREE,
        /** Spawned: its JVM is starting. Counted as idle by the pool, as Apache counts SERVER_STARTING. */
        STARTING,
        /** Blocked in accept (prefork), ready for a connection. */
        IDLE,
        /** Serving a connection. */
        BUSY,
        /** Stopping: accepts no more connections. */
        DRAINING
    }

    /**
     * What a worker published last.
     *
     * @param ready whether the worker ever got ready (accepting, or holding its connection)
     */
    record Report(
            State state,
            boolean ready,
            long requests,
            long bytesWritten,
            long connectionsAccepted,
            long connectionsClosed,
            long errors,
            ResourceUsage usage,
            int liveThreads) {}

    static final long SLOT_BYTES = 128;

    private static final long STATE = 0;
    private static final long READY = 4;
    private static final long REQUESTS = 8;
    private static final long BYTES_WRITTEN = 16;
    private static final long ACCEPTED = 24;
    private static final long CLOSED = 32;
    private static final long ERRORS = 40;
    private static final long USER_MICROS = 48;
    private static final long SYSTEM_MICROS = 56;
    private static final long VOLUNTARY = 64;
    private static final long INVOLUNTARY = 72;
    private static final long MAX_RSS = 80;
    private static final long THREADS = 88;

    private static final VarHandle INT = JAVA_INT.varHandle();
    private static final VarHandle LONG = JAVA_LONG.varHandle();
    private static final State[] STATES = State.values();

    private final Arena arena;
    private final MemorySegment memory;
    private final int slots;
    private final int fd;

    private Scoreboard(Arena arena, MemorySegment memory, int fd) {
        this.arena = arena;
        this.memory = memory;
        this.slots = (int) (memory.byteSize() / SLOT_BYTES);
        this.fd = fd;
    }

    /** The master's: a new scoreboard of {@code slots} free slots; {@link #fd()} is handed to every worker. */
    static Scoreboard create(int slots) throws IOException {
        int fd = Posix.atLeast(Posix.memfd("c10k-scoreboard", slots * SLOT_BYTES), WorkerMain.DESCRIPTORS);
        try {
            return map(Path.of("/proc/self/fd/" + fd), fd);
        } catch (IOException | RuntimeException e) {
            Posix.closeQuietly(fd);
            throw e;
        }
    }

    /** A worker's: the scoreboard it inherited as {@code file} ({@code /proc/self/fd/4}). */
    static Scoreboard open(Path file) throws IOException {
        return map(file, -1);
    }

    private static Scoreboard map(Path file, int fd) throws IOException {
        Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return new Scoreboard(arena, channel.map(FileChannel.MapMode.READ_WRITE, 0, channel.size(), arena), fd);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /** The number of slots. */
    int slots() {
        return slots;
    }

    /** The memory file's descriptor in the master. */
    int fd() {
        return fd;
    }

    State state(int slot) {
        return STATES[(int) INT.getVolatile(memory, offset(slot, STATE))];
    }

    /** The master: a worker is being spawned into {@code slot}, which must be free. */
    void claim(int slot) {
        memory.asSlice(slot * SLOT_BYTES, SLOT_BYTES).fill((byte) 0);
        INT.setVolatile(memory, offset(slot, STATE), State.STARTING.ordinal());
    }

    /** The master: the worker of {@code slot} was reaped. */
    void free(int slot) {
        memory.asSlice(slot * SLOT_BYTES, SLOT_BYTES).fill((byte) 0);
    }

    /**
     * The master: cancels the worker of {@code slot} if it is still starting, so that it will never accept;
     * false when it already got ready.
     */
    boolean cancelIfStarting(int slot) {
        return INT.compareAndSet(memory, offset(slot, STATE), State.STARTING.ordinal(), State.DRAINING.ordinal());
    }

    /** What the worker of {@code slot} published last. */
    Report read(int slot) {
        long requests = longAt(slot, REQUESTS); // first: see Slot.publish
        return new Report(
                state(slot),
                (int) INT.getVolatile(memory, offset(slot, READY)) != 0,
                requests,
                longAt(slot, BYTES_WRITTEN),
                longAt(slot, ACCEPTED),
                longAt(slot, CLOSED),
                longAt(slot, ERRORS),
                new ResourceUsage(
                        longAt(slot, USER_MICROS),
                        longAt(slot, SYSTEM_MICROS),
                        longAt(slot, VOLUNTARY),
                        longAt(slot, INVOLUNTARY),
                        longAt(slot, MAX_RSS)),
                (int) INT.getVolatile(memory, offset(slot, THREADS)));
    }

    /** A worker's view of its own slot. */
    Slot slot(int slot) {
        if (slot < 0 || slot >= slots) {
            throw new IllegalArgumentException("no slot " + slot + " in a scoreboard of " + slots);
        }
        return new Slot(slot);
    }

    @Override
    public void close() {
        arena.close();
        Posix.closeQuietly(fd);
    }

    private long longAt(int slot, long field) {
        return (long) LONG.getVolatile(memory, offset(slot, field));
    }

    private static long offset(int slot, long field) {
        return slot * SLOT_BYTES + field;
    }

    /** One worker's slot, as the worker writes it. Thread-safe: writes are serialised. */
    final class Slot {
        private final int index;

        private Slot(int index) {
            this.index = index;
        }

        /**
         * Leaves STARTING for {@code next} (IDLE in accept, or BUSY with an inherited connection) and marks the
         * worker ready; false when the master cancelled it meanwhile: it must exit without serving.
         */
        synchronized boolean ready(State next) {
            if (!INT.compareAndSet(memory, offset(index, STATE), State.STARTING.ordinal(), next.ordinal())) {
                return false;
            }
            INT.setVolatile(memory, offset(index, READY), 1);
            return true;
        }

        synchronized void state(State state) {
            INT.setVolatile(memory, offset(index, STATE), state.ordinal());
        }

        /**
         * Publishes {@code counters}, and {@code usage} unless it is null (then the last usage stays). The request
         * count is written last and {@link #read} reads it first, so a reader that sees a request counted also
         * sees its bytes and its error.
         */
        synchronized void publish(ServerCounters counters, ResourceUsage usage, int liveThreads) {
            long requests = counters.requests();
            set(BYTES_WRITTEN, counters.bytesWritten());
            long accepted = counters.connectionsAccepted();
            set(ACCEPTED, accepted);
            set(CLOSED, accepted - counters.connectionsOpen());
            set(ERRORS, counters.errors());
            if (usage != null) {
                set(USER_MICROS, usage.userMicros());
                set(SYSTEM_MICROS, usage.systemMicros());
                set(VOLUNTARY, usage.voluntarySwitches());
                set(INVOLUNTARY, usage.involuntarySwitches());
                set(MAX_RSS, usage.maxRssKiB());
            }
            INT.setVolatile(memory, offset(index, THREADS), liveThreads);
            set(REQUESTS, requests);
        }

        private void set(long field, long value) {
            LONG.setVolatile(memory, offset(index, field), value);
        }
    }
}
