package lab.c10k.strategy.selector;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A main class of the test class path, run in a JVM of its own: lines from its standard output one at a time, a
 * line to its standard input, its standard error kept for failure messages.
 */
final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;
    private final PrintWriter in;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Thread errDrain;

    private ChildJvm(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.errDrain = Thread.ofPlatform().daemon(true).start(() -> {
            try {
                process.getErrorStream().transferTo(err);
            } catch (IOException e) {
                // the child ended
            }
        });
    }

    /** Starts {@code main} with {@code args}, on the class path of this JVM. */
    static ChildJvm start(Class<?> main, Object... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(
                java,
                "-XX:+UseSerialGC",
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                main.getName()));
        for (Object a : args) {
            command.add(String.valueOf(a));
        }
        return new ChildJvm(new ProcessBuilder(command).start());
    }

    /** The next line of its standard output. */
    String readLine() {
        try {
            String line = out.readLine();
            if (line == null) {
                throw new AssertionError("the child ended early: " + failure());
            }
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void writeLine(String line) {
        in.println(line);
    }

    /** Its exit code and standard error so far. */
    String failure() {
        try {
            errDrain.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String exit = process.isAlive() ? "running" : "exit " + process.exitValue();
        return exit + ", stderr: " + err.toString(StandardCharsets.UTF_8);
    }

    /** Waits for it to end; kills it if it has not within {@code seconds}. */
    int await(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the child did not end: " + failure());
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        in.close();
        process.destroyForcibly();
    }
}
