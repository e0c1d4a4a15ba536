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
    void servesTheSampleRootAndStopsGracefullyOnSigterm(String strategy) throws Exception {
        Path jar = Path.of("target", "c10k.jar");
        assertThat(jar).as("the packaged CLI").isRegularFile();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path stderr = Files.createTempFile("c10k-serve-", ".err");
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

            server.toHandle().destroy(); // SIGTERM (Process.destroy would also close our ends of its pipes)
            assertThat(server.waitFor(20, TimeUnit.SECONDS))
                    .as("stopped in time")
                    .isTrue();
            String err = Files.readString(stderr);
            assertThat(err).contains("c10k: stopping").contains("stopped after 4 requests");
            assertThat(server.exitValue()).isIn(0, 143);
        } finally {
            server.destroyForcibly();
            Files.deleteIfExists(stderr);
        }
    }
}
