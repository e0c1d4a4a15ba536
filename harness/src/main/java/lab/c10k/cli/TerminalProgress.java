package lab.c10k.cli;

import java.io.PrintWriter;
import java.util.Locale;
import lab.c10k.harness.experiment.Progress;

/**
 * A progress bar with an ETA on one terminal line, redrawn in place; notes go on lines of their own above it.
 * Without a terminal it prints nothing but the notes.
 */
final class TerminalProgress implements Progress {
    private static final int BAR = 24;

    private final PrintWriter err;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private int lastLength;

    TerminalProgress(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public void step(String what, double doneSeconds, double totalSeconds) {
        if (!terminal) {
            return;
        }
        double fraction = totalSeconds <= 0 ? 0 : Math.min(1, doneSeconds / totalSeconds);
        double elapsed = (System.nanoTime() - start) / 1e9;
        // the plan's estimate, corrected by how the steps so far compared with it
        double eta = doneSeconds > 0 ? (totalSeconds - doneSeconds) * elapsed / doneSeconds : totalSeconds;
        int filled = (int) Math.round(fraction * BAR);
        String line = String.format(
                Locale.ROOT,
                "[%s%s] %3.0f%%  ETA %s  %s",
                "#".repeat(filled),
                ".".repeat(BAR - filled),
                fraction * 100,
                clock(eta),
                what);
        draw(line);
    }

    @Override
    public void note(String message) {
        clear();
        err.println("c10k: " + message);
        err.flush();
    }

    @Override
    public void finished() {
        clear();
    }

    private void draw(String line) {
        String padded = line.length() < lastLength ? line + " ".repeat(lastLength - line.length()) : line;
        err.print("\r" + padded);
        err.flush();
        lastLength = line.length();
    }

    private void clear() {
        if (terminal && lastLength > 0) {
            err.print("\r" + " ".repeat(lastLength) + "\r");
            err.flush();
            lastLength = 0;
        }
    }

    private static String clock(double seconds) {
        long s = Math.max(0, Math.round(seconds));
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
