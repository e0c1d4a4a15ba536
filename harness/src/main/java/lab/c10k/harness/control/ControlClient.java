package lab.c10k.harness.control;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import lab.c10k.server.ServerStats;

/** Reads a server's counters through its {@link ControlServer}. Thread-safe: one short connection per call. */
public final class ControlClient {
    /**
     * Generous: the control thread is one thread among the server's, and with thousands of runnable threads on one
     * CPU (a thread per connection at 10,000 connections) it can wait many seconds for its turn.
     */
    private static final int TIMEOUT_MILLIS = 60_000;

    private final InetSocketAddress address;

    public ControlClient(InetSocketAddress address) {
        this.address = address;
    }

    /** {@code GET /stats}. */
    public ServerStats stats() throws IOException {
        return StatsJson.read(get("/stats"));
    }

    /**
     * {@code GET /jit}: the milliseconds the server JVM's JIT compilers have worked, or -1 when it does not say or
     * does not answer within {@code timeoutMillis}.
     */
    public long compilationMillis(int timeoutMillis) {
        try {
            String body = get("/jit", timeoutMillis);
            var m = java.util.regex.Pattern.compile("\"compilation_ms\":(-?\\d+)")
                    .matcher(body);
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** {@code GET /gc}: the heap in use after a full collection, bytes. */
    public long heapAfterGc() throws IOException {
        String body = get("/gc");
        var m = java.util.regex.Pattern.compile("\"heap_used_bytes\":(\\d+)").matcher(body);
        if (!m.find()) {
            throw new IOException("unexpected answer from /gc: " + body);
        }
        return Long.parseLong(m.group(1));
    }

    private String get(String path) throws IOException {
        return get(path, TIMEOUT_MILLIS);
    }

    private String get(String path, int timeoutMillis) throws IOException {
        try (var s = new Socket()) {
            s.connect(address, timeoutMillis);
            s.setSoTimeout(timeoutMillis);
            s.setTcpNoDelay(true);
            s.getOutputStream()
                    .write(("GET " + path + " HTTP/1.1\r\nHost: control\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int end = response.indexOf("\r\n\r\n");
            if (!response.startsWith("HTTP/1.1 200 ") || end < 0) {
                throw new IOException("control " + path + " at " + address + " answered: "
                        + response.lines().findFirst().orElse("nothing"));
            }
            return response.substring(end + 4);
        }
    }
}
