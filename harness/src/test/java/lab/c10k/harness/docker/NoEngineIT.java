package lab.c10k.harness.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code c10k compare --docker} from the packaged jar where no engine answers: one line naming where it looked and
 * why, exit status 2, within seconds (Testcontainers alone would try every other place it knows, then wait minutes
 * for helper images). Needs no engine, so it runs everywhere.
 */
class NoEngineIT {

    @Test
    void aDockerHostThatDoesNotAnswerFailsFastInOneLine(@TempDir Path out) throws Exception {
        try (var silent = ServerSocketChannel.open()) {
            silent.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            String host = "tcp://127.0.0.1:" + ((InetSocketAddress) silent.getLocalAddress()).getPort();
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            var pb = new ProcessBuilder(
                            java.toString(),
                            "--enable-native-access=ALL-UNNAMED",
                            "-jar",
                            Path.of("target", "c10k.jar").toString(),
                            "compare",
                            "--docker",
                            "--profile",
                            "quick",
                            "--output",
                            out.toString())
                    .redirectError(out.resolve("stderr.txt").toFile());
            pb.environment().put("DOCKER_HOST", host);
            pb.environment().remove("TESTCONTAINERS_HOST_OVERRIDE");
            pb.environment().remove("TESTCONTAINERS_RYUK_DISABLED");

            long start = System.nanoTime();
            Process p = pb.start();
            String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            String stderr = Files.readString(out.resolve("stderr.txt"));

            assertThat(p.exitValue()).as(stderr).isEqualTo(2);
            assertThat(stdout).isEmpty();
            assertThat(stderr.lines())
                    .containsExactly("c10k compare: --docker cannot run: DOCKER_HOST=" + host
                            + " does not answer within 5 s (something accepts connections there but no Docker engine"
                            + " answers); or leave out --docker to run the servers natively");
            assertThat(took).isLessThan(Duration.ofSeconds(30));
        }
    }
}
