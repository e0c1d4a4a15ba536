package lab.c10k.harness.metrics;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CPU affinity of this JVM, through {@code sched_getaffinity(2)} and {@code sched_setaffinity(2)} (FFM).
 *
 * <p>{@link #pinThisProcess} pins every thread of the JVM that exists now, the JIT compilers and the GC
 * included, by setting each thread's mask ({@code /proc/self/task}); threads started later inherit the mask of
 * the thread that starts them. It is how the harness keeps the load generator on CPU 0 while the server under
 * test runs on CPU 1, without re-executing itself under {@code taskset}.
 */
@SuppressWarnings("restricted") // FFM downcalls: the launcher and the tests enable native access
public final class Affinity {
    private Affinity() {}

    /** sizeof(cpu_set_t) in glibc: 1024 CPUs. */
    private static final long CPU_SET_BYTES = 128;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle GET = LINKER.downcallHandle(
            LINKER.defaultLookup().find("sched_getaffinity").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS));
    private static final MethodHandle SET = LINKER.downcallHandle(
            LINKER.defaultLookup().find("sched_setaffinity").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS));

    /** The CPUs the calling thread may run on, ascending. */
    public static List<Integer> allowedCpus() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment set = arena.allocate(CPU_SET_BYTES, 8);
            int rc = (int) GET.invokeExact(0, CPU_SET_BYTES, set);
            if (rc != 0) {
                throw new IllegalStateException("sched_getaffinity failed");
            }
            var cpus = new ArrayList<Integer>();
            for (int cpu = 0; cpu < CPU_SET_BYTES * 8; cpu++) {
                if ((set.get(JAVA_LONG, (cpu / 64) * 8L) & (1L << (cpu % 64))) != 0) {
                    cpus.add(cpu);
                }
            }
            return List.copyOf(cpus);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("sched_getaffinity failed", t);
        }
    }

    /**
     * Pins every thread of this JVM to {@code cpus}.
     *
     * @return how many threads were pinned
     * @throws IOException when a live thread could not be pinned (a CPU that does not exist, say)
     */
    public static int pinThisProcess(List<Integer> cpus) throws IOException {
        int pinned = 0;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment set = arena.allocate(CPU_SET_BYTES, 8);
            for (int cpu : cpus) {
                if (cpu < 0 || cpu >= CPU_SET_BYTES * 8) {
                    throw new IOException("no CPU " + cpu);
                }
                long offset = (cpu / 64) * 8L;
                set.set(JAVA_LONG, offset, set.get(JAVA_LONG, offset) | (1L << (cpu % 64)));
            }
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
                for (Path task : tasks) {
                    int tid = Integer.parseInt(task.getFileName().toString());
                    int rc = (int) SET.invokeExact(tid, CPU_SET_BYTES, set);
                    if (rc == 0) {
                        pinned++;
                    } else if (Files.exists(task)) {
                        throw new IOException("sched_setaffinity(" + tid + ", " + cpus + ") failed");
                    }
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("sched_setaffinity failed", t);
        }
        return pinned;
    }
}
