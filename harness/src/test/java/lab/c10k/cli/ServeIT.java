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
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import lab.c10k.harness.experiment.ReadyFile;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code c10k serve} as a user runs it: the packaged jar in its own JVM, the ready file it writes for scripts and
 * the line it prints for people, the sample root it serves, and a graceful stop on SIGTERM.
 */
class ServeIT {

    /**
     * The ready file {@code server} writes once it listens.
     *
     * @throws AssertionError when the server exits first, or takes more than a minute
     */
    static ReadyFile awaitReady(Process server, Path file) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (System.nanoTime() - deadline < 0) {
            Optional<ReadyFile> ready = ReadyFile.read(file);
            if (ready.isPresent()) {
                return ready.get();
            }
            assertThat(server.isAlive()).as("the server runs until it is ready").isTrue();
            Thread.sleep(20);
        }
        throw new AssertionError("no ready file " + file + " within a minute");
    }

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
                        "0",
                        "--ready-file",
                        dir.resolve("ready.json").toString())
                .redirectError(stderr.toFile())
                .start();
        try {
            ReadyFile ready = awaitReady(server, dir.resolve("ready.json"));
            assertThat(ready.strategy()).isEqualTo(strategy);
            assertThat(ready.pid()).isEqualTo(server.pid());
            assertThat(ready.address()).isEqualTo("127.0.0.1");
            assertThat(ready.control()).as("no control port asked for").isNull();
            String base = "http://127.0.0.1:" + ready.port() + "/";
            var out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).as("the line for people").startsWith("c10k: serving " + base);
            Path root = SampleRoot.ensure();

            try (HttpClient client = HttpClient.newHttpClient()) {
                for (SampleRoot.Sample s : SampleRoot.FILES) {
                    HttpResponse<byte[]> r = client.send(
                            HttpRequest.newBuilder(URI.create(base + s.name())).build(),
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
            assertThat(dir.resolve("ready.json")).as("removed with its server").doesNotExist();
        } finally {
            server.destroyForcibly();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"thread", "virtual"})
    void reportsItsCountersOnTheControlPort(String strategy, @TempDir Path dir) throws Exception {
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
                        "0",
                        "--ready-file",
                        dir.resolve("ready.json").toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            ReadyFile ready = awaitReady(server, dir.resolve("ready.json"));
            assertThat(ready.control()).isNotNull();
            var control = new lab.c10k.harness.control.ControlClient(
                    new java.net.InetSocketAddress("127.0.0.1", ready.control()));
            var before = control.stats();
            assertThat(before.requests()).isZero();
            assertThat(before.processes()).isEqualTo(1);
            try (HttpClient client = HttpClient.newHttpClient()) {
                for (int i = 0; i < 3; i++) {
                    var r = client.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ready.port() + "/2k.bin"))
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
