package lab.c10k.harness.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Writes the report of the made-up experiment to {@code target/report-fixture/}, where a person (or a headless
 * browser) can look at it without running an experiment.
 */
class FixtureReportTest {

    @Test
    void writesTheFixtureReportForALook() throws Exception {
        Path dir = Path.of("target", "report-fixture");
        Files.createDirectories(dir);
        var result = Fixtures.result();
        Files.writeString(dir.resolve("report.html"), HtmlReport.write(result));
        Files.writeString(dir.resolve("results.json"), ResultsJson.write(result));
        Files.writeString(dir.resolve("table.txt"), ResultsTable.text(result));
        assertThat(dir.resolve("report.html")).isNotEmptyFile();
    }
}
