package lab.c10k.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code c10k idle} from the packaged jar: a thread per idle connection, or none. */
class IdleIT {

    @ParameterizedTest
    @ValueSource(strings = {"thread", "virtual"})
    void measuresWhatAnIdleConnectionCosts(String strategy) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(
                        java.toString(),
                        "--enable-native-access=ALL-UNNAMED",
                        "-jar",
                        Path.of("target", "c10k.jar").toString(),
                        "idle",
                        "--strategy",
                        strategy,
                        "--connections",
                        "300",
                        "--no-pin", // what is measured here is not speed: do not queue behind other pinned work
                        "--json")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        JsonNode o = new ObjectMapper().readTree(out);
        assertThat(o.get("strategy").asText()).isEqualTo(strategy);
        assertThat(o.get("connections").asInt()).isEqualTo(300);
        int threads = o.get("threads_after").asInt() - o.get("threads_before").asInt();
        assertThat(o.get("heap_bytes_per_connection").isNumber()).isTrue();
        assertThat(o.get("processes").asInt()).isEqualTo(1);
        if (strategy.equals("thread")) {
            assertThat(threads).isBetween(300, 305);
            // each thread touched some of its stack: whole pages
            assertThat(o.get("rss_bytes_per_connection").asLong()).isGreaterThan(4096);
        } else {
            assertThat(threads).isLessThan(10);
        }
    }
}
