package lab.c10k.strategy.process;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import lab.c10k.server.ServerConfig;

/**
 * The pipe from the master to one worker, the worker's descriptor 3: the master writes the server config on it
 * once, then commands, one line each; the worker reads them on a thread of its own.
 *
 * <pre>
 *   config N\n + N bytes   the ServerConfig as properties ({@link ServerConfig#toProperties()})
 *   retire\n               stop accepting, finish the current connection as usual, exit (the pool shrinks)
 *   drain MILLIS\n         stop accepting, close an idle connection, make the response in progress the last,
 *                          abort what is left after MILLIS, exit (the server stops)
 *   publish N\n            publish the counters and usage in the scoreboard now, then acknowledge N there
 *   end of file            the master is gone (it exited, or was killed): drain with a short grace and exit
 * </pre>
 *
 * <p>The end of file is why the pipe exists: the kernel closes the master's end when the master dies however it
 * dies, even by {@code kill -9}, so workers never outlive it by more than {@link #ORPHAN_GRACE}. ({@code
 * PR_SET_PDEATHSIG} would be the other way, but it must be set by the child after exec, leaving a window, and it
 * fires when the spawning <em>thread</em> ends, not the process.)
 */
final class Lifeline {
    /** How long an orphaned worker lets its response in progress run before it exits. */
    static final Duration ORPHAN_GRACE = Duration.ofSeconds(1);

    /** A command from the master. */
    sealed interface Command {}

    /** Stop accepting; exit after the current connection. */
    record Retire() implements Command {}

    /** Stop accepting and drain within {@code grace}. */
    record Drain(Duration grace) implements Command {}

    /** The master is gone. */
    record Orphaned() implements Command {}

    /** Publish now, then acknowledge {@code sequence} in the scoreboard: the master is reading the stats. */
    record Publish(long sequence) implements Command {}

    private Lifeline() {}

    // ---------------------------------------------------------------------------------------------------------
    // The master's end: a descriptor it writes to

    static void sendConfig(int fd, ServerConfig config) throws IOException {
        var body = new ByteArrayOutputStream();
        config.toProperties().store(body, null);
        byte[] head = ("config " + body.size() + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + body.size()];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body.toByteArray(), 0, all, head.length, body.size());
        Posix.write(fd, all);
    }

    static void send(int fd, Command command) throws IOException {
        String line = switch (command) {
            case Retire r -> "retire\n";
            case Drain d -> "drain " + d.grace().toMillis() + "\n";
            case Publish p -> "publish " + p.sequence() + "\n";
            case Orphaned o -> throw new IllegalArgumentException("orphaned is not sent, it is the end of file");
        };
        Posix.write(fd, line.getBytes(StandardCharsets.US_ASCII));
    }

    // ---------------------------------------------------------------------------------------------------------
    // The worker's end: a stream it reads

    /** The worker's reader over {@code in} (its descriptor 3). Confined to one thread at a time. */
    static final class Reader {
        private final InputStream in;

        Reader(InputStream in) {
            this.in = new BufferedInputStream(in, 4096);
        }

        /** The config the master sent first. */
        ServerConfig readConfig() throws IOException {
            String line = readLine();
            if (line == null || !line.startsWith("config ")) {
                throw new IOException("the master did not send a config first: " + line);
            }
            byte[] body = in.readNBytes(Integer.parseInt(line.substring("config ".length())));
            var p = new Properties();
            p.load(new ByteArrayInputStream(body));
            return ServerConfig.fromProperties(p);
        }

        /** The next command; {@link Orphaned} at end of file, and then forever. */
        Command next() throws IOException {
            String line = readLine();
            if (line == null) {
                return new Orphaned();
            }
            if (line.equals("retire")) {
                return new Retire();
            }
            if (line.startsWith("publish ")) {
                return new Publish(Long.parseLong(line.substring("publish ".length())));
            }
            if (line.startsWith("drain ")) {
                return new Drain(Duration.ofMillis(Long.parseLong(line.substring("drain ".length()))));
            }
            throw new IOException("unknown command from the master: " + line);
        }

        private String readLine() throws IOException {
            var line = new ByteArrayOutputStream(64);
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0) {
                    if (line.size() == 0) {
                        return null;
                    }
                    throw new EOFException("the master's pipe ended inside a line");
                }
                line.write(b);
            }
            return line.toString(StandardCharsets.US_ASCII);
        }
    }
}
