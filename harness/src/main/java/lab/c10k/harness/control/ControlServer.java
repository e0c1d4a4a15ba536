package lab.c10k.harness.control;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import lab.c10k.server.ServerStats;

/**
 * The side channel through which a server under test reports its own counters: a tiny HTTP endpoint on a loopback
 * port of its own, served by one platform thread of the CLI process, never by the strategy under test.
 *
 * <ul>
 *   <li>{@code GET /stats}: the server's {@link ServerStats} as JSON ({@link StatsJson}).
 *   <li>{@code GET /jit}: the milliseconds this JVM's JIT compilers have worked so far, -1 when it does not say:
 *       whether a warm-up is over.
 *   <li>{@code GET /gc}: runs a full garbage collection, then trims the C heap ({@link NativeHeap}), and answers
 *       {@code {"heap_used_bytes": N}}, the heap in use after it; {@code c10k idle} reads it before each of its
 *       readings, to tell what idle connections keep alive on the heap and so that RSS counts memory in use.
 * </ul>
 *
 * <p>The thread and its few context switches per read are part of the server process, so they are part of the
 * figures it reports: two reads per measured window, against thousands of requests.
 */
public final class ControlServer implements AutoCloseable {
    private static final int MAX_REQUEST_BYTES = 8192;
    private static final int READ_TIMEOUT_MILLIS = 5000;

    private final ServerSocket socket;
    private final Supplier<ServerStats> stats;
    private final Thread thread;

    private ControlServer(ServerSocket socket, Supplier<ServerStats> stats) {
        this.socket = socket;
        this.stats = stats;
        this.thread = Thread.ofPlatform().name("c10k-control").daemon(true).unstarted(this::serve);
    }

    /** Listens on {@code port} of the loopback address (0 for any free port) and starts answering. */
    public static ControlServer start(int port, Supplier<ServerStats> stats) throws IOException {
        var socket = new ServerSocket();
        try {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        } catch (IOException e) {
            socket.close();
            throw new IOException("cannot listen on control port " + port + ": " + e.getMessage(), e);
        }
        var server = new ControlServer(socket, stats);
        server.thread.start();
        return server;
    }

    /** The address it listens on. */
    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket s = socket.accept()) {
                s.setSoTimeout(READ_TIMEOUT_MILLIS);
                s.setTcpNoDelay(true);
                answer(s);
            } catch (SocketException e) {
                if (socket.isClosed()) {
                    return;
                }
            } catch (IOException | RuntimeException e) {
                // one bad request or a failing stats read: the next client gets its answer
            }
        }
    }

    private void answer(Socket s) throws IOException {
        String requestLine = readHead(s.getInputStream());
        String[] parts = requestLine.split(" ");
        int status;
        String body;
        if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
            status = 400;
            body = "{\"error\":\"bad request\"}";
        } else if (!parts[0].equals("GET")) {
            status = 405;
            body = "{\"error\":\"only GET\"}";
        } else {
            switch (parts[1]) {
                case "/stats" -> {
                    status = 200;
                    body = StatsJson.write(stats.get());
                }
                case "/jit" -> {
                    status = 200;
                    var jit = java.lang.management.ManagementFactory.getCompilationMXBean();
                    long ms = jit != null && jit.isCompilationTimeMonitoringSupported()
                            ? jit.getTotalCompilationTime()
                            : -1;
                    body = "{\"compilation_ms\":" + ms + "}";
                }
                case "/gc" -> {
                    status = 200;
                    body = "{\"heap_used_bytes\":" + heapAfterGc() + "}";
                }
                default -> {
                    status = 404;
                    body = "{\"error\":\"not found; try /stats, /jit or /gc\"}";
                }
            }
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + (status == 200 ? " OK" : " Error") + "\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n";
        OutputStream out = s.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
    }

    /** Explicit GC is the point here: what is left is what live connections keep reachable. */
    private static long heapAfterGc() {
        var memory = ManagementFactory.getMemoryMXBean();
        memory.gc();
        memory.gc(); // a second pass collects what the first one's finalization or reference processing released
        NativeHeap.trim();
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static String readHead(InputStream in) throws IOException {
        var line = new StringBuilder();
        int total = 0;
        int b;
        boolean firstLineDone = false;
        int lineLength = 0;
        while ((b = in.read()) >= 0) {
            if (++total > MAX_REQUEST_BYTES) {
                throw new IOException("control request too long");
            }
            if (b == '\n') {
                if (lineLength == 0 && firstLineDone) {
                    break;
                }
                firstLineDone = true;
                lineLength = 0;
            } else if (b != '\r') {
                if (!firstLineDone) {
                    line.append((char) b);
                }
                lineLength++;
            }
        }
        return line.toString();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
