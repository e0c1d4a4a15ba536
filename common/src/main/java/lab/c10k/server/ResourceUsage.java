package lab.c10k.server;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * What the kernel charged a process for: CPU time, context switches, peak memory, read with {@code getrusage(2)}
 * through FFM.
 *
 * <p>Why getrusage and not {@code /proc/PID/status}: the status file counts one thread only (for a JVM, the
 * launcher thread that sleeps in {@code pthread_join}), and summing {@code /proc/PID/task/*}{@code /status} misses
 * every thread that already exited, which is most of them under thread-per-connection without keep-alive. {@code
 * RUSAGE_SELF} includes the exited threads of this process; {@code RUSAGE_CHILDREN} adds the children that
 * exited and were reaped.
 *
 * @param userMicros user-mode CPU time, microseconds
 * @param systemMicros kernel-mode CPU time, microseconds
 * @param voluntarySwitches voluntary context switches (a thread blocked: I/O, a lock, a sleep)
 * @param involuntarySwitches involuntary context switches (a thread was preempted)
 * @param maxRssKiB the peak resident set size, KiB (for children: of the largest child)
 */
@SuppressWarnings("restricted") // FFM downcall: the launcher and the tests enable native access
public record ResourceUsage(
        long userMicros, long systemMicros, long voluntarySwitches, long involuntarySwitches, long maxRssKiB) {

    public static final ResourceUsage ZERO = new ResourceUsage(0, 0, 0, 0, 0);

    private static final int RUSAGE_SELF = 0;
    private static final int RUSAGE_CHILDREN = -1;
    // struct rusage on 64-bit Linux (glibc and musl): two struct timeval, then 14 longs.
    private static final long SIZEOF_RUSAGE = 144;
    private static final long UTIME = 0;
    private static final long STIME = 16;
    private static final long MAXRSS = 32;
    private static final long NVCSW = 128;
    private static final long NIVCSW = 136;

    private static final MethodHandle GETRUSAGE = Linker.nativeLinker()
            .downcallHandle(
                    Linker.nativeLinker().defaultLookup().find("getrusage").orElseThrow(),
                    FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));

    /** This process, all its threads included, live and exited. */
    public static ResourceUsage self() {
        return read(RUSAGE_SELF);
    }

    /** This process's children that exited and were reaped (with their own reaped descendants). */
    public static ResourceUsage children() {
        return read(RUSAGE_CHILDREN);
    }

    private static ResourceUsage read(int who) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ru = arena.allocate(SIZEOF_RUSAGE, 8);
            int rc = (int) GETRUSAGE.invokeExact(who, ru);
            if (rc != 0) {
                throw new IllegalStateException("getrusage(" + who + ") failed");
            }
            return new ResourceUsage(
                    micros(ru, UTIME),
                    micros(ru, STIME),
                    ru.get(JAVA_LONG, NVCSW),
                    ru.get(JAVA_LONG, NIVCSW),
                    ru.get(JAVA_LONG, MAXRSS));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("getrusage failed", t);
        }
    }

    private static long micros(MemorySegment ru, long offset) {
        return ru.get(JAVA_LONG, offset) * 1_000_000L + ru.get(JAVA_LONG, offset + 8);
    }

    /** The sum of two usages; the peak RSS is the larger of the two. */
    public ResourceUsage plus(ResourceUsage o) {
        return new ResourceUsage(
                userMicros + o.userMicros,
                systemMicros + o.systemMicros,
                voluntarySwitches + o.voluntarySwitches,
                involuntarySwitches + o.involuntarySwitches,
                Math.max(maxRssKiB, o.maxRssKiB));
    }

    /** What was used since {@code earlier}; the peak RSS is this one's. */
    public ResourceUsage minus(ResourceUsage earlier) {
        return new ResourceUsage(
                userMicros - earlier.userMicros,
                systemMicros - earlier.systemMicros,
                voluntarySwitches - earlier.voluntarySwitches,
                involuntarySwitches - earlier.involuntarySwitches,
                maxRssKiB);
    }

    /** Voluntary plus involuntary context switches. */
    public long contextSwitches() {
        return voluntarySwitches + involuntarySwitches;
    }

    /** User plus system CPU time, microseconds. */
    public long cpuMicros() {
        return userMicros + systemMicros;
    }
}
