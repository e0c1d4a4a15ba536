package lab.c10k.strategy.process;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;

/**
 * One output stream of a worker (its stdout or its stderr), as the master drains it: every line is copied to the
 * master's own stream behind a prefix that names the worker, and the last lines of both streams are kept in a
 * shared {@link Tail}, so that when a worker fails the master can say why (the JMH way with forked JVMs). Both
 * streams, because the JVM writes its own start-up errors ("Error occurred during initialization of VM") to
 * stdout.
 *
 * <p>Confined to the supervisor thread.
 */
final class WorkerOutput {
    /** A longer line is cut here, so that a worker writing without newlines cannot grow the master's memory. */
    static final int MAX_LINE_BYTES = 8192;

    private final String prefix;
    private final PrintStream to;
    private final Tail tail;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

    /** The last {@value #LINES} lines of a worker's output, stdout and stderr together. Confined. */
    static final class Tail {
        static final int LINES = 20;
        private final ArrayDeque<String> lines = new ArrayDeque<>(LINES);

        void add(String line) {
            if (lines.size() == LINES) {
                lines.removeFirst();
            }
            lines.addLast(line);
        }

        /** The last lines, oldest first. */
        List<String> lines() {
            return List.copyOf(lines);
        }
    }

    WorkerOutput(String prefix, PrintStream to, Tail tail) {
        this.prefix = prefix;
        this.to = to;
        this.tail = tail;
    }

    /** Bytes read from the worker's pipe. */
    void accept(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            byte b = bytes[i];
            if (b == '\n') {
                flushLine();
            } else {
                line.write(b);
                if (line.size() >= MAX_LINE_BYTES) {
                    flushLine();
                }
            }
        }
    }

    /** The pipe reached end of file: a last line without a newline is still a line. */
    void end() {
        if (line.size() > 0) {
            flushLine();
        }
    }

    private void flushLine() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        to.println(prefix + text);
        tail.add(text);
    }
}
