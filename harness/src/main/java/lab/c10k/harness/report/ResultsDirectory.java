package lab.c10k.harness.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import lab.c10k.harness.experiment.ExperimentResult;

/**
 * The folder of one {@code c10k compare} run, {@code OUTPUT/<timestamp>/}: {@code results.json}, {@code
 * results.csv} and {@code report.html}, and the servers' configurations and logs under {@code servers/}. A new
 * folder for every run, so that no run overwrites another's results.
 *
 * @param path the folder
 */
public record ResultsDirectory(Path path) {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    /** Creates a folder named after the time now in {@code output}, with a suffix when one of that name exists. */
    public static ResultsDirectory create(Path output) throws IOException {
        String stamp = LocalDateTime.now().format(STAMP);
        Path dir = output.resolve(stamp);
        for (int i = 2; Files.exists(dir); i++) {
            dir = output.resolve(stamp + "-" + i);
        }
        Files.createDirectories(dir);
        return new ResultsDirectory(dir);
    }

    /** Where the servers' configurations and logs go. */
    public Path servers() {
        return path.resolve("servers");
    }

    /** Writes the three files of {@code result}. */
    public void write(ExperimentResult result) throws IOException {
        Files.writeString(path.resolve("results.json"), ResultsJson.write(result), StandardCharsets.UTF_8);
        Files.writeString(path.resolve("results.csv"), ResultsCsv.write(result), StandardCharsets.UTF_8);
        Files.writeString(path.resolve("report.html"), HtmlReport.write(result), StandardCharsets.UTF_8);
    }

    /** The files written, for a message: {@code DIR/{results.json,results.csv,report.html}}. */
    public String files() {
        return path + "/{results.json,results.csv,report.html}";
    }
}
