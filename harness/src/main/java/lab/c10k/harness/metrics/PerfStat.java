package lab.c10k.harness.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code perf stat -e context-switches,task-clock} around a server, counting only between two readings of the server: the
 * outside cross-check of what the server reports about itself.
 *
 * <p>perf starts the server itself, so its counters are inherited by every thread and process the server ever
 * makes, including those that exit (their counts are folded into the parent's on exit). It starts with the
 * counters disabled ({@code --delay=-1}); {@link #enable()} and {@link #disable()} switch them through a control
 * FIFO and wait for perf's acknowledgement, so the counts cover exactly the span between two readings of the
 * server's own getrusage. The totals are read when the server has exited ({@link #read()}).
 *
 * <p>Only for root: without privileges perf may count nothing and say nothing ({@code perf_event_paranoid}).
 * Not thread-safe.
 */
public final class PerfStat implements AutoCloseable {
    private static final Path PERF = Path.of("/usr/bin/perf");
    private static final long FIFO_TIMEOUT_SECONDS = 10;

    private final Path dir;
    private final Path ctl;
    private final Path ack;
    private final Path out;
    private OutputStream control;
    private InputStream acks;

    /**
     * The counts of the enabled periods.
     *
     * @param contextSwitches context switches of every task of the tree
     * @param taskClockMicros CPU time of every task of the tree, microseconds
     */
    public record Counts(long contextSwitches, long taskClockMicros) {}

    private PerfStat(Path dir) {
        this.dir = dir;
        this.ctl = dir.resolve("ctl");
        this.ack = dir.resolve("ack");
        this.out = dir.resolve("perf.csv");
    }

    /** Why perf cannot be used here, or empty when it can. */
    public static Optional<String> unavailable() {
        if (!Files.isExecutable(PERF)) {
            return Optional.of("perf is not installed (" + PERF + "; Debian: apt-get install linux-perf)");
        }
        if (!isRoot()) {
            return Optional.of("not running as root (perf may count nothing without privileges)");
        }
        return Optional.empty();
    }

    /** Whether this process runs as root, from {@code /proc/self/status}. */
    public static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[1].equals("0");
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /** Makes the control FIFOs in a new folder under {@code parent}. */
    public static PerfStat prepare(Path parent) throws IOException {
        Path dir = Files.createTempDirectory(parent, "perf-");
        var p = new PerfStat(dir);
        mkfifo(p.ctl);
        mkfifo(p.ack);
        return p;
    }

    /** {@code command} run under perf stat, with the counters disabled until {@link #enable()}. */
    public List<String> wrap(List<String> command) {
        var c = new ArrayList<String>(List.of(
                PERF.toString(),
                "stat",
                "-x,",
                "-e",
                "context-switches,task-clock",
                "--control",
                "fifo:" + ctl + "," + ack,
                "--delay=-1",
                "-o",
                out.toString(),
                "--"));
        c.addAll(command);
        return c;
    }

    /** Starts counting; returns once perf has acknowledged. */
    public void enable() throws IOException {
        command("enable");
    }

    /** Stops counting; returns once perf has acknowledged. */
    public void disable() throws IOException {
        command("disable");
    }

    /**
     * Opens the control FIFOs, once perf runs: done ahead of the first window, so that {@link #enable()} costs
     * only a write and a read.
     */
    public void connect() throws IOException {
        if (control == null) {
            // Opening a FIFO blocks until the other end is open; perf opens both when it starts.
            control = withTimeout(() -> Files.newOutputStream(ctl));
            acks = withTimeout(() -> Files.newInputStream(ack));
        }
    }

    private void command(String what) throws IOException {
        connect();
        control.write((what + "\n").getBytes(StandardCharsets.US_ASCII));
        control.flush();
        // perf answers "ack\n" followed by a NUL (it writes sizeof the literal): read a line, ignoring NULs.
        String reply = withTimeout(() -> {
            var line = new StringBuilder();
            int b;
            while ((b = acks.read()) >= 0 && b != '\n' && line.length() < 16) {
                if (b != 0) {
                    line.append((char) b);
                }
            }
            return line.toString();
        });
        if (!reply.equals("ack")) {
            throw new IOException("perf did not acknowledge '" + what + "' (answered '" + reply + "')");
        }
    }

    /** The totals, once the server under perf has exited (perf writes them as it ends). */
    public Counts read() throws IOException {
        if (!Files.exists(out)) {
            throw new IOException("perf wrote no counts");
        }
        return parse(Files.readString(out));
    }

    /** Parses perf's {@code -x,} output. */
    static Counts parse(String text) throws IOException {
        Long switches = null;
        Double clockMillis = null;
        for (String line : text.split("\n")) {
            String[] f = line.split(",");
            if (f.length < 3) {
                continue;
            }
            if (f[2].equals("context-switches")) {
                switches = number(f[0], "context-switches").longValue();
            } else if (f[2].equals("task-clock")) {
                clockMillis = number(f[0], "task-clock");
            }
        }
        if (switches == null || clockMillis == null) {
            throw new IOException("perf counted no context switches or task clock: " + text.strip());
        }
        return new Counts(switches, Math.round(clockMillis * 1000));
    }

    private static Double number(String s, String event) throws IOException {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IOException("perf could not count " + event + ": " + s);
        }
    }

    private interface Io<T> {
        T call() throws IOException;
    }

    /**
     * Runs {@code io} on a daemon thread and waits at most {@value #FIFO_TIMEOUT_SECONDS} s: opening a FIFO whose
     * other end never opens blocks in the kernel and cannot be interrupted, so a perf that died must not hang the
     * harness (the stuck thread is left behind).
     */
    private static <T> T withTimeout(Io<T> io) throws IOException {
        var result = new CompletableFuture<T>();
        Thread.ofPlatform().daemon(true).name("c10k-perf-fifo").start(() -> {
            try {
                result.complete(io.call());
            } catch (IOException | RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(FIFO_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IOException("perf did not answer on its control FIFO");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io2 ? io2 : new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static void mkfifo(Path p) throws IOException {
        try {
            Process mk = new ProcessBuilder("mkfifo", "-m", "600", p.toString())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(mk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (mk.waitFor() != 0) {
                throw new IOException("mkfifo " + p + " failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() {
        for (var c : new AutoCloseable[] {control, acks}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // closing anyway
                }
            }
        }
        for (Path p : new Path[] {ctl, ack, out, dir}) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a temporary file left behind
            }
        }
    }
}
