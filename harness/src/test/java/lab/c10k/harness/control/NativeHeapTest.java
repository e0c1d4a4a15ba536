package lab.c10k.harness.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NativeHeapTest {

    private static final int CHUNKS = 40_000;
    private static final int CHUNK_BYTES = 2048; // below glibc's mmap threshold: these come from the heap's arenas

    private static long rssKiB() throws IOException {
        String status = Files.readString(Path.of("/proc/self/status"));
        return Long.parseLong(status.split("VmRSS:")[1].trim().split("\\s+")[0]);
    }

    /**
     * Run in a JVM of its own, so that nothing else of the test JVM (other tests' threads, its collector, its
     * compilers) changes RSS between the two readings. Prints the RSS after freeing, then after the trim, in KiB.
     */
    static final class Probe {
        public static void main(String[] args) throws IOException {
            try (Arena pin = Arena.ofConfined()) {
                try (Arena burst = Arena.ofConfined()) {
                    for (int i = 0; i < CHUNKS; i++) {
                        burst.allocate(CHUNK_BYTES).fill((byte) 1); // touched, so resident
                        if (i % 32 == 31) {
                            // Kept, between the freed chunks all along: free() alone gives back only memory at the
                            // top of a heap, or a thread arena's heap that is wholly free; these pins leave neither,
                            // so the 64 KiB runs between them stay resident until a trim.
                            MemorySegment keep = pin.allocate(64);
                            keep.fill((byte) 2);
                        }
                    }
                }
                long freed = rssKiB();
                NativeHeap.trim();
                long trimmed = rssKiB();
                System.out.println(freed + " " + trimmed);
            }
        }
    }

    @Test
    void freedCHeapMemoryStaysResidentUntilTrimmed() throws Exception {
        assumeTrue(Files.exists(Path.of("/proc/self/status")), "needs Linux /proc");
        assumeTrue(NativeHeap.available(), "no malloc_trim here (not glibc)");
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process p = new ProcessBuilder(List.of(
                        java,
                        "--enable-native-access=ALL-UNNAMED",
                        "-XX:+UseSerialGC",
                        "-Xmx64m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        Probe.class.getName()))
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        String[] kib = out.lines().reduce((a, b) -> b).orElseThrow().split(" ");
        long freed = Long.parseLong(kib[0]);
        long trimmed = Long.parseLong(kib[1]);
        long burstKiB = (long) CHUNKS * CHUNK_BYTES / 1024;
        assertThat(freed - trimmed)
                .as("RSS %d KiB after freeing %d KiB, %d KiB after the trim", freed, burstKiB, trimmed)
                .isGreaterThan(burstKiB / 2);
    }
}
