package lab.c10k.strategy.selector;

import java.util.function.Consumer;

/**
 * The deadlines of one event loop's connections, without a thread or a timer task per connection: a hashed
 * timing wheel (Varghese and Lauck; Netty's {@code HashedWheelTimer}, Kafka's purgatory) whose entries are the
 * connections themselves, linked into the slot of their deadline's tick.
 *
 * <p>Filing, moving and removing an entry cost O(1) and allocate nothing: an {@link Entry} carries its own links.
 * Deadlines move on almost every event of a connection (each request, each write that makes progress), so most
 * moves are lazy: a deadline that moved later leaves the entry where it is, and when its old slot comes round the
 * entry is refiled under its current deadline. Only a deadline that moved earlier (a response finished and the
 * shorter keep-alive timeout starts) moves the entry at once. A keep-alive connection that is answered quickly
 * therefore costs the wheel nothing per request, and one refiling per keep-alive period.
 *
 * <p>Precision: an entry expires in the first {@link #expire} call after its deadline's tick has ended, so never
 * early and at most one tick late (plus however late the loop calls {@link #expire}). A deadline further away than
 * the wheel's span ({@code slots * tick}) simply waits in its slot for whole turns and is looked at once per turn.
 *
 * <p>Confined to the loop's thread.
 */
final class DeadlineWheel {

    /** What the wheel files: something with a deadline that carries the wheel's links itself. */
    abstract static class Entry {
        private Entry prev;
        private Entry next;
        /** The list the entry is in: a slot, {@link #DUE}, or {@link #NONE}. */
        private int list = NONE;
        /** The deadline the entry was filed under; its current one may be later (lazy moves). */
        private long filed;

        /** The current deadline, monotonic nanoseconds. */
        abstract long deadline();

        /** Whether the entry is in the wheel. */
        final boolean scheduled() {
            return list != NONE;
        }
    }

    private static final int NONE = -1;

    private final long tickNanos;
    private final int mask;
    /** One list per slot, then the list of the slot being expired ({@link #DUE}). */
    private final Entry[] heads;

    private final int due;

    /** Every slot of a tick up to this one has been expired. */
    private long cursor;

    private int size;

    /**
     * A wheel of {@code slots} slots (a power of two) of {@code tickNanos} each, whose first tick is the one of
     * {@code now}.
     */
    DeadlineWheel(long tickNanos, int slots, long now) {
        if (tickNanos <= 0 || slots <= 0 || Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("tick " + tickNanos + " ns, " + slots + " slots");
        }
        this.tickNanos = tickNanos;
        this.mask = slots - 1;
        this.heads = new Entry[slots + 1];
        this.due = slots;
        this.cursor = tick(now) - 1;
    }

    /** The duration of a tick, nanoseconds. */
    long tickNanos() {
        return tickNanos;
    }

    /** The number of entries filed. */
    int size() {
        return size;
    }

    /**
     * Files {@code e} under its current {@link Entry#deadline()}, or leaves it where it is when that moved later
     * since it was filed (it is refiled when its slot comes round). Call it after every event that may have moved
     * the deadline.
     */
    void schedule(Entry e) {
        long deadline = e.deadline();
        if (e.list != NONE) {
            if (e.list != due && deadline - e.filed >= 0) {
                return;
            }
            unlink(e);
        }
        file(e, deadline);
    }

    /** Removes {@code e}, if it is filed. */
    void cancel(Entry e) {
        if (e.list != NONE) {
            unlink(e);
        }
    }

    /**
     * Hands every entry whose deadline has passed at {@code now} to {@code expired}, once, unfiled; the consumer
     * may schedule it again, or cancel any entry. Entries found not yet due are refiled.
     *
     * @return the number of entries expired
     */
    int expire(long now, Consumer<? super Entry> expired) {
        long last = tick(now) - 1; // the last tick that has wholly passed
        if (last - cursor <= 0) {
            return 0;
        }
        int count = 0;
        long turns = Math.min(last - cursor, heads.length - 1);
        for (long i = 0; i < turns; i++) {
            cursor++;
            int slot = (int) (cursor & mask);
            Entry list = heads[slot];
            if (list == null) {
                continue;
            }
            // Move the slot to the DUE list first: entries refiled below may land in this same slot again.
            heads[slot] = null;
            for (Entry e = list; e != null; e = e.next) {
                e.list = due;
            }
            heads[due] = list;
            Entry e;
            while ((e = heads[due]) != null) {
                unlink(e);
                long deadline = e.deadline();
                if (now - deadline >= 0) {
                    count++;
                    expired.accept(e);
                } else {
                    file(e, deadline);
                }
            }
        }
        cursor = last;
        return count;
    }

    /**
     * When {@link #expire} should next be called (monotonic nanoseconds): the end of the first tick with a filed
     * entry, or {@link Long#MAX_VALUE} when the wheel is empty. It can be early (an entry filed a turn or more
     * ahead, or one whose deadline moved later), never late.
     */
    long nextCheck() {
        if (size == 0) {
            return Long.MAX_VALUE;
        }
        for (long t = cursor + 1; t <= cursor + heads.length - 1; t++) {
            if (heads[(int) (t & mask)] != null) {
                return (t + 1) * tickNanos;
            }
        }
        throw new AssertionError("no slot holds any of " + size + " entries");
    }

    private long tick(long nanos) {
        return Math.floorDiv(nanos, tickNanos);
    }

    private void file(Entry e, long deadline) {
        // A deadline in a tick already expired (it passed while the loop was busy) goes to the next tick.
        long t = Math.max(tick(deadline), cursor + 1);
        int slot = (int) (t & mask);
        Entry head = heads[slot];
        e.next = head;
        e.prev = null;
        if (head != null) {
            head.prev = e;
        }
        heads[slot] = e;
        e.list = slot;
        e.filed = deadline;
        size++;
    }

    private void unlink(Entry e) {
        if (e.prev != null) {
            e.prev.next = e.next;
        } else {
            heads[e.list] = e.next;
        }
        if (e.next != null) {
            e.next.prev = e.prev;
        }
        e.prev = null;
        e.next = null;
        e.list = NONE;
        size--;
    }
}
