package lab.c10k.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code c10k serve} as a user runs it: the packaged jar in its own JVM, the one line it prints, the sample root
 * it serves, and a graceful stop on SIGTERM.
 */
class ServeIT {
    private static final Pattern SERVING = Pattern.compile(
            "c10k: serving (http://127\\.0\\.0\\.1:\\d+/) with strategy (\\w+) \\(pid (\\d+), .*root (.*)\\)");

    @ParameterizedTest
    @ValueSource(strings = {"thread", "virtual"})
    void servesTheSampleRootAndStopsGracefullyOnSigterm(String strategy, @TempDir Path dir) throws Exception {
        Path jar = Path.of("target", "c10k.jar");
        assertThat(jar).as("the packaged CLI").isRegularFile();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // stderr goes to a file: the JDK closes a pipe it has drained once the process exits
        Path stderr = dir.resolve("stderr.txt");
        Process server = new ProcessBuilder(
                        java.toString(),
                        "--enable-native-access=ALL-UNNAMED",
                        "-jar",
                        jar.toString(),
                        "serve",
                        "--strategy",
                        strategy,
                        "--port",
                        "0")
                .redirectError(stderr.toFile())
                .start();
        try {
            var out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertThat(line).isNotNull();
            Matcher m = SERVING.matcher(line);
            assertThat(m.matches()).as(line).isTrue();
            assertThat(m.group(2)).isEqualTo(strategy);
            assertThat(Long.parseLong(m.group(3))).isEqualTo(server.pid());
            Path root = Path.of(m.group(4));

            try (HttpClient client = HttpClient.newHttpClient()) {
                for (SampleRoot.Sample s : SampleRoot.FILES) {
                    HttpResponse<byte[]> r = client.send(
                            HttpRequest.newBuilder(URI.create(m.group(1) + s.name()))
                                    .build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    assertThat(r.statusCode()).isEqualTo(200);
                    assertThat(r.body()).isEqualTo(Files.readAllBytes(root.resolve(s.name())));
                }
            }

            server.destroy(); // SIGTERM
            assertThat(server.waitFor(20, TimeUnit.SECONDS))
                    .as("stopped in time")
                    .isTrue();
            String err = Files.readString(stderr);
            assertThat(err).contains("c10k: stopping").contains("stopped after 4 requests");
            assertThat(server.exitValue()).isIn(0, 143);
        } finally {
            server.destroyForcibly();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"thread", "virtual"})
    void reportsItsCountersOnTheControlPort(String strategy) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process server = new ProcessBuilder(
                        java.toString(),
                        "--enable-native-access=ALL-UNNAMED",
                        "-jar",
                        Path.of("target", "c10k.jar").toString(),
                        "serve",
                        "--strategy",
                        strategy,
                        "--port",
                        "0",
                        "--control-port",
                        "0")
                .start();
        try {
            var out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            Matcher m = SERVING.matcher(line);
            assertThat(m.matches()).as(line).isTrue();
            Matcher c = Pattern.compile("control http://127\\.0\\.0\\.1:(\\d+)/stats, ")
                    .matcher(line);
            assertThat(c.find()).as(line).isTrue();
            var control = new lab.c10k.harness.control.ControlClient(
                    new java.net.InetSocketAddress("127.0.0.1", Integer.parseInt(c.group(1))));
            var before = control.stats();
            assertThat(before.requests()).isZero();
            assertThat(before.processes()).isEqualTo(1);
            try (HttpClient client = HttpClient.newHttpClient()) {
                for (int i = 0; i < 3; i++) {
                    var r = client.send(
                            HttpRequest.newBuilder(URI.create(m.group(1) + "2k.bin"))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
                    assertThat(r.statusCode()).isEqualTo(200);
                }
            }
            long deadline = System.nanoTime() + 5_000_000_000L;
            var after = control.stats();
            while (after.requests() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(5);
                after = control.stats();
            }
            assertThat(after.requests()).isEqualTo(3);
            assertThat(after.bytesWritten()).isGreaterThan(3 * 2048);
            assertThat(after.usage().cpuMicros()).isGreaterThan(before.usage().cpuMicros());
            assertThat(control.heapAfterGc()).isPositive();
        } finally {
            server.destroyForcibly();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
