package lab.c10k.harness.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NativeHeapTest {

    private static long rssKiB() throws IOException {
        String status = Files.readString(Path.of("/proc/self/status"));
        return Long.parseLong(status.split("VmRSS:")[1].trim().split("\\s+")[0]);
    }

    @Test
    void freedCHeapMemoryStaysResidentUntilTrimmed() throws IOException {
        assumeTrue(Files.exists(Path.of("/proc/self/status")), "needs Linux /proc");
        assumeTrue(NativeHeap.available(), "no malloc_trim here (not glibc)");
        int chunks = 40_000;
        int chunkBytes = 2048; // below glibc's mmap threshold: these come from the heap's arenas
        try (Arena pin = Arena.ofConfined()) {
            try (Arena burst = Arena.ofConfined()) {
                for (int i = 0; i < chunks; i++) {
                    burst.allocate(chunkBytes).fill((byte) 1); // touched, so resident
                }
                // Allocated after the burst, and kept: the freed chunks are not at the top of the heap, where
                // free() alone would give them back.
                MemorySegment keep = pin.allocate(64);
                keep.fill((byte) 2);
            }
            long freed = rssKiB();
            NativeHeap.trim();
            long trimmed = rssKiB();
            long burstKiB = (long) chunks * chunkBytes / 1024;
            assertThat(freed - trimmed)
                    .as("RSS %d KiB after freeing %d KiB, %d KiB after the trim", freed, burstKiB, trimmed)
                    .isGreaterThan(burstKiB / 2);
        }
    }
}
