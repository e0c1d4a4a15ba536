package lab.c10k.harness.control;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * Gives the C heap's free memory back to the kernel: glibc's {@code malloc_trim(0)}, through FFM, as {@code jcmd PID
 * System.trim_native_heap} does.
 *
 * <p>Why a measurement needs it. A JVM that has just accepted ten thousand connections has also compiled the code
 * that accepted them, and the JIT compilers work in arenas they {@code malloc} and free again. glibc keeps freed
 * memory on its free lists, resident, and gives it back only now and then; so RSS, read after such a burst, counts
 * megabytes that no connection holds as if the connections held them (the selector strategy's figures with and
 * without the trim are in {@code docs/measurements.md}). Trimming before each reading makes RSS count memory in use.
 * A C server (nginx) runs no compiler, and its pools are in use.
 */
@SuppressWarnings("restricted") // FFM downcall: servers run with --enable-native-access
final class NativeHeap {
    private NativeHeap() {}

    private static final Optional<MethodHandle> MALLOC_TRIM = Linker.nativeLinker()
            .defaultLookup()
            .find("malloc_trim")
            .map(address -> Linker.nativeLinker().downcallHandle(address, FunctionDescriptor.of(JAVA_INT, JAVA_LONG)));

    /** Whether this C library has {@code malloc_trim} (glibc). */
    static boolean available() {
        return MALLOC_TRIM.isPresent();
    }

    /**
     * Trims the C heap.
     *
     * @return whether memory was given back; false also where there is no {@code malloc_trim} (not glibc)
     */
    static boolean trim() {
        if (MALLOC_TRIM.isEmpty()) {
            return false;
        }
        try {
            return (int) MALLOC_TRIM.get().invokeExact(0L) == 1;
        } catch (Throwable e) {
            throw new IllegalStateException("malloc_trim failed", e);
        }
    }
}
