package lab.c10k.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import lab.c10k.server.spi.Strategies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code c10k compare} as a user runs it, from the packaged jar, on a tiny matrix with short windows: the table,
 * the three files, every installed strategy (found through the SPI) and nginx beside them when it is installed.
 */
class CompareIT {

    @Test
    void printsTheTableAndWritesTheThreeFiles(@TempDir Path out) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(
                        java.toString(),
                        "--enable-native-access=ALL-UNNAMED",
                        "-jar",
                        Path.of("target", "c10k.jar").toString(),
                        "compare",
                        "--connections",
                        "2,8",
                        "--files",
                        "2k.bin",
                        "--keep-alive",
                        "on,off",
                        "--duration",
                        "300ms",
                        "--ramp",
                        "100ms",
                        "--warmup",
                        "300ms",
                        "--repetitions",
                        "1",
                        "--idle-connections",
                        "100",
                        "--reference",
                        "nginx",
                        "--output",
                        out.toString(),
                        "--perf",
                        "--no-progress")
                .redirectError(out.resolve("stderr.txt").toFile())
                .start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String stderr = Files.readString(out.resolve("stderr.txt"));
        assertThat(p.exitValue()).as(stdout + stderr).isZero();

        List<String> strategies = Strategies.names();
        assertThat(strategies).contains("thread", "virtual");
        assertThat(stderr).contains("c10k compare: quick profile, " + String.join(", ", strategies) + ", nginx;");
        boolean nginx = Files.isExecutable(Path.of("/usr/sbin/nginx"));
        if (!nginx) {
            assertThat(stderr).contains("c10k: nginx skipped: nginx is not installed");
        }
        List<String> lines = stdout.lines().toList();
        assertThat(stdout)
                .contains("strategy")
                .contains("req/s")
                .contains("ctx sw/req")
                .contains("CPU µs/req");
        int rows = (strategies.size() + (nginx ? 1 : 0)) * 2 * 2;
        String names = String.join("|", strategies) + "|nginx";
        assertThat(lines.stream().filter(l -> l.matches("(" + names + ") +\\d+ +2 KiB +(on|off) +[0-9,]+ .*")))
                .hasSize(rows);
        for (String s : strategies) {
            assertThat(lines)
                    .as("an idle measurement of " + s + " that succeeded")
                    .anyMatch(l -> l.startsWith("idle " + s + " ")
                            && l.matches(".* \\d+ connections: .* RSS per connection.*"));
        }

        Path dir;
        try (Stream<Path> dirs = Files.list(out)) {
            dir = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        assertThat(stdout).contains("c10k: wrote " + dir + "/{results.json,results.csv,report.html}");
        List<String> csv = Files.readAllLines(dir.resolve("results.csv"));
        assertThat(csv).hasSize(1 + rows);
        assertThat(csv.getFirst()).startsWith("strategy,kind,repetition,connections,file,");
        assertThat(csv.subList(1, csv.size())).allSatisfy(l -> assertThat(l).endsWith(",")); // no error column

        JsonNode json = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
        assertThat(json.get("command").asText())
                .as("the command line as given, once")
                .startsWith("c10k compare --connections 2,8 --files ");
        assertThat(json.get("trials")).hasSize(rows);
        for (JsonNode t : json.get("trials")) {
            assertThat(t.get("error").isNull()).as(t.toString()).isTrue();
            assertThat(t.get("requests_per_second").asDouble()).isPositive();
            assertThat(t.get("ctx_switches_per_request").asDouble()).isPositive();
        }
        assertThat(json.get("machine").get("online_cpus").asInt()).isPositive();
        if (lab.c10k.harness.metrics.PerfStat.unavailable().isEmpty()) {
            assertThat(stdout).containsPattern("perf cross-check \\(\\d+ servers\\): reported / perf context switches");
        } else {
            assertThat(stderr).contains("perf cross-check skipped: ");
        }

        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).contains("Chart.js v").contains("c10k-data").contains("<canvas id=\"rps-0\"");
        assertThat(Files.isDirectory(dir.resolve("servers"))).isTrue();
    }
}
