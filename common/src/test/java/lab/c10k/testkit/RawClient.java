package lab.c10k.testkit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A test client that writes raw bytes to a real socket and reads raw responses back, so that tests can send
 * exactly the malformed, split, pipelined or slow input they mean, and see exactly what the server wrote.
 *
 * <p>Every read has a timeout (5 s unless set), so a server that hangs fails a test instead of hanging it.
 */
public final class RawClient implements AutoCloseable {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 65536);
        this.out = socket.getOutputStream();
    }

    /** Connects to {@code address} with TCP_NODELAY and the default read timeout. */
    public static RawClient connect(InetSocketAddress address) throws IOException {
        return connect(address, 0);
    }

    /**
     * Connects with a receive buffer of {@code receiveBuffer} bytes (0 for the system's, which grows), set before
     * connecting so the TCP window stays small: with it a client that stops reading stalls the server quickly.
     */
    public static RawClient connect(InetSocketAddress address, int receiveBuffer) throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        if (receiveBuffer > 0) {
            s.setReceiveBufferSize(receiveBuffer);
        }
        s.connect(address, (int) DEFAULT_TIMEOUT.toMillis());
        s.setSoTimeout((int) DEFAULT_TIMEOUT.toMillis());
        return new RawClient(s);
    }

    /** Sets how long a read may wait. */
    public RawClient timeout(Duration timeout) throws SocketException {
        socket.setSoTimeout((int) timeout.toMillis());
        return this;
    }

    /** Writes {@code request} as ISO-8859-1 bytes (so {@code \u00ff} is byte 0xFF). */
    public RawClient send(String request) throws IOException {
        return send(request.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Writes {@code bytes}. */
    public RawClient send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Writes {@code request} one byte at a time, pausing {@code pause} between bytes. */
    public RawClient trickle(String request, Duration pause) throws IOException, InterruptedException {
        for (byte b : request.getBytes(StandardCharsets.ISO_8859_1)) {
            out.write(b);
            out.flush();
            Thread.sleep(pause);
        }
        return this;
    }

    /** Sends {@code GET path HTTP/1.1} with a Host field and reads the response. */
    public RawResponse get(String path) throws IOException {
        return send("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n").readResponse();
    }

    /** Reads one response to a GET-like request (a body unless the status forbids one). */
    public RawResponse readResponse() throws IOException {
        return readResponse(false);
    }

    /** Reads one response to a HEAD request: never a body. */
    public RawResponse readHeadResponse() throws IOException {
        return readResponse(true);
    }

    private RawResponse readResponse(boolean head) throws IOException {
        String statusLine = readLine();
        if (statusLine == null) {
            throw new EOFException("connection closed before a response");
        }
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].equals("HTTP/1.1")) {
            throw new IOException("not an HTTP/1.1 status line: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (String line = readLine(); ; line = readLine()) {
            if (line == null) {
                throw new EOFException("connection closed inside a response head");
            }
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed response field: " + line);
            }
            fields.computeIfAbsent(line.substring(0, colon).toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(line.substring(colon + 1).strip());
        }
        byte[] body;
        List<String> length = fields.get("content-length");
        if (head || status < 200 || status == 204 || status == 304) {
            body = new byte[0];
        } else if (length != null) {
            body = in.readNBytes(Math.toIntExact(Long.parseLong(length.get(0))));
            if (body.length != Long.parseLong(length.get(0))) {
                throw new EOFException("body ended after " + body.length + " of " + length.get(0) + " bytes");
            }
        } else {
            body = in.readAllBytes();
        }
        return new RawResponse(statusLine, status, fields, body);
    }

    /** Reads and returns up to {@code n} body bytes (or fewer at end of stream). */
    public byte[] readBytes(int n) throws IOException {
        return in.readNBytes(n);
    }

    /** Reads until end of stream or the timeout; returns how many bytes came, or -1 after a timeout. */
    public long drain() throws IOException {
        long total = 0;
        byte[] buf = new byte[65536];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                total += n;
            }
            return total;
        } catch (SocketTimeoutException e) {
            return -1;
        } catch (SocketException e) {
            return total; // a reset: the server closed while we were reading
        }
    }

    /**
     * Whether the server closed the connection (end of stream, or a reset) within the read timeout, with no
     * further bytes.
     */
    public boolean isClosedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        }
    }

    /** Whether nothing at all arrives within {@code wait}, and the connection stays open. */
    public boolean staysSilent(Duration wait) throws IOException {
        int old = socket.getSoTimeout();
        socket.setSoTimeout((int) wait.toMillis());
        try {
            in.read();
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        } catch (SocketException e) {
            return false;
        } finally {
            socket.setSoTimeout(old);
        }
    }

    private String readLine() throws IOException {
        var line = new ByteArrayOutputStream(128);
        for (int b = in.read(); b >= 0; b = in.read()) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        if (line.size() > 0) {
            throw new EOFException("connection closed inside a line: " + line.toString(StandardCharsets.ISO_8859_1));
        }
        return null;
    }

    /** Half-closes: no more bytes from the client. */
    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
