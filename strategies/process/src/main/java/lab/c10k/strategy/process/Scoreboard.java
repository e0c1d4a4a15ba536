package lab.c10k.strategy.process;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
 * <p>Concurrency: a slot has one writer, its worker (two of its threads, which serialise their writes); the
 * master only clears a slot before it spawns a worker into it and after it reaped it. The master reads without
 * locks: each field is one aligned word, so it sees an old or a new value, never a torn one, and fences order
 * the request count after the other fields (see {@link Slot#publish}).
 *
 * <p>Why a {@link ByteBuffer} and plain accesses with explicit fences, not {@code VarHandle}s on a {@code
 * MemorySegment}: in a worker JVM, the first uses of segment var handles spin a dozen method-handle classes at
 * run time, a part of the start-up that a fork-per-connection server pays on every connection.
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
    private static final long ACKNOWLEDGED = 96;

    private static final State[] STATES = State.values();

    private final ByteBuffer memory;
    private final int slots;
    private final int fd;

    private Scoreboard(ByteBuffer memory, int fd) {
        this.memory = memory;
        memory.order(ByteOrder.nativeOrder());
        this.slots = (int) (memory.capacity() / SLOT_BYTES);
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
        // Mapped as a segment and viewed as a buffer: FileChannel.map(mode, position, size) would build its
        // MappedByteBuffer by reflection, which spins method-handle classes at run time, in every worker's
        // start. The mapping lives as long as the JVM, or the master's server.
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return new Scoreboard(
                    channel.map(FileChannel.MapMode.READ_WRITE, 0, channel.size(), Arena.ofAuto())
                            .asByteBuffer(),
                    fd);
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
        int state = memory.getInt(offset(slot, STATE));
        VarHandle.acquireFence();
        return STATES[state];
    }

    /** The master: a worker is being spawned into {@code slot}, which must be free. */
    void claim(int slot) {
        free(slot);
        memory.putInt(offset(slot, STATE), State.STARTING.ordinal());
        VarHandle.fullFence();
    }

    /** The master: the worker of {@code slot} was reaped. */
    void free(int slot) {
        for (long field = 0; field < SLOT_BYTES; field += Long.BYTES) {
            memory.putLong(offset(slot, field), 0);
        }
        VarHandle.fullFence();
    }

    /** What the worker of {@code slot} published last. */
    Report read(int slot) {
        long requests = memory.getLong(offset(slot, REQUESTS)); // first, then the fence: see Slot.publish
        VarHandle.acquireFence();
        return new Report(
                state(slot),
                memory.getInt(offset(slot, READY)) != 0,
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
                memory.getInt(offset(slot, THREADS)));
    }

    /** The last publish request the worker of {@code slot} acknowledged. */
    long acknowledged(int slot) {
        long ack = memory.getLong(offset(slot, ACKNOWLEDGED));
        VarHandle.acquireFence();
        return ack;
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
        Posix.closeQuietly(fd);
    }

    private long longAt(int slot, long field) {
        return memory.getLong(offset(slot, field));
    }

    private static int offset(int slot, long field) {
        return (int) (slot * SLOT_BYTES + field);
    }

    /** One worker's slot, as the worker writes it. Thread-safe: writes are serialised. */
    final class Slot {
        private final int index;

        private Slot(int index) {
            this.index = index;
        }

        /** Leaves STARTING for {@code next} (IDLE in accept, or BUSY with an inherited connection). */
        synchronized void ready(State next) {
            memory.putInt(offset(index, READY), 1);
            state(next);
        }

        synchronized void state(State state) {
            VarHandle.releaseFence();
            memory.putInt(offset(index, STATE), state.ordinal());
            VarHandle.fullFence();
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
            memory.putInt(offset(index, THREADS), liveThreads);
            VarHandle.releaseFence();
            set(REQUESTS, requests);
            VarHandle.fullFence();
        }

        /** After a publish the master asked for: tells it that the slot is up to date. */
        synchronized void acknowledge(long sequence) {
            VarHandle.releaseFence();
            set(ACKNOWLEDGED, sequence);
            VarHandle.fullFence();
        }

        private void set(long field, long value) {
            memory.putLong(offset(index, field), value);
        }
    }
}
