package lab.c10k.harness.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import lab.c10k.harness.metrics.Affinity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code c10k compare --docker} as a user runs it, from the packaged jar, on a tiny matrix: the table, the three
 * files with the container settings recorded, the figures measured inside the container, and no container left.
 */
class CompareDockerIT {

    @Test
    void comparesServersInContainersAndRecordsHow(@TempDir Path out) throws Exception {
        DockerEngine engine = DockerRequirement.engine();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        var pb = new ProcessBuilder(
                        java.toString(),
                        "--enable-native-access=ALL-UNNAMED",
                        "-jar",
                        Path.of("target", "c10k.jar").toString(),
                        "compare",
                        "--docker",
                        "--docker-memory",
                        "1g",
                        "--strategies",
                        "thread",
                        "--connections",
                        "2,8",
                        "--files",
                        "2k.bin",
                        "--keep-alive",
                        "on",
                        "--duration",
                        "300ms",
                        "--ramp",
                        "100ms",
                        "--warmup",
                        "300ms",
                        "--repetitions",
                        "1",
                        "--idle-connections",
                        "50",
                        "--output",
                        out.toString(),
                        "--no-progress")
                .redirectError(out.resolve("stderr.txt").toFile());
        // as ./c10k sets them
        pb.environment().put("TESTCONTAINERS_RYUK_DISABLED", "true");
        pb.environment().put("TESTCONTAINERS_HOST_OVERRIDE", "localhost");
        Process p = pb.start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        String stderr = Files.readString(out.resolve("stderr.txt"));
        assertThat(p.exitValue()).as(stdout + stderr).isZero();

        boolean pinned = Affinity.allowedCpus().size() >= 2;
        String cpuset = pinned ? Integer.toString(Affinity.allowedCpus().getLast()) : "";
        assertThat(stderr)
                .contains("c10k: Java servers in containers: image " + C10kImage.REPOSITORY + ":jar-")
                .contains("--network host")
                .contains("--memory 1g, --init")
                .contains("perf cross-check off: the Java servers run in containers");
        if (pinned) {
            assertThat(stderr).contains("--cpuset-cpus " + cpuset);
        }
        assertThat(stdout.lines().filter(l -> l.matches("thread +[28] +2 KiB +on +[0-9,]+ .*")))
                .hasSize(2);
        assertThat(stdout).contains("idle thread");

        Path dir;
        try (Stream<Path> dirs = Files.list(out)) {
            dir = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        JsonNode json = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
        JsonNode containers = json.get("containers");
        assertThat(containers.get("engine").asText()).isEqualTo("docker");
        assertThat(containers.get("image").asText()).startsWith(C10kImage.REPOSITORY + ":jar-");
        assertThat(containers.get("image_id").asText()).startsWith("sha256:");
        assertThat(containers.get("base_image").asText()).isIn(C10kImage.PUBLIC_BASE, C10kImage.OFFLINE_BASE);
        assertThat(containers.get("cpuset_cpus").asText()).isEqualTo(cpuset);
        assertThat(containers.get("memory_bytes").asLong()).isEqualTo(1L << 30);
        assertThat(containers.get("network").asText()).isEqualTo("host");
        assertThat(containers.get("init").asBoolean()).isTrue();
        assertThat(engine.client()
                        .inspectImageCmd(containers.get("image").asText())
                        .exec()
                        .getId())
                .isEqualTo(containers.get("image_id").asText());

        assertThat(json.get("trials")).hasSize(2);
        for (JsonNode t : json.get("trials")) {
            assertThat(t.get("error").isNull()).as(t.toString()).isTrue();
            assertThat(t.get("requests_per_second").asDouble()).isPositive();
            // Counted by the server in the container, through its control port.
            assertThat(t.get("server").get("source").asText()).isEqualTo("getrusage");
            assertThat(t.get("ctx_switches_per_request").asDouble()).isPositive();
            assertThat(t.get("proc").get("rss_bytes").asLong()).isGreaterThan(10L << 20);
        }
        assertThat(json.get("idle").get(0).get("error").isNull()).isTrue();

        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html)
                .as("the command line as given reproduces the run")
                .contains("c10k compare --docker --docker-memory 1g --strategies thread --connections 2,8")
                .contains("Java servers in containers");

        assertThat(engine.client()
                        .listContainersCmd()
                        .withShowAll(true)
                        .withLabelFilter(Map.of(DockerServers.LABEL, "server"))
                        .exec())
                .as("every server container is removed")
                .isEmpty();
    }
}
