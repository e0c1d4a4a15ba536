package lab.c10k.harness.load;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads HTTP/1.x responses from bytes pushed in as they arrive: the load generator's parser. One per connection,
 * reused for every response on it. Confined to one thread.
 *
 * <p>It reads as much as a client must to find where a response ends (RFC 9112 section 6.3) and no more: the
 * status code, {@code Content-Length}, {@code Transfer-Encoding: chunked} and {@code Connection}. Bodies are
 * counted and skipped, never copied; only the head is copied, into a small array of its own, so a head split
 * across reads parses as a whole one. Interim 1xx responses are skipped. A response without a length ends when
 * the server closes ({@link #endOfInput()}).
 *
 * <p>Public, with {@link #feed} and {@link #status}, only for its microbenchmark in {@code lab.c10k.microbench}.
 */
public final class ResponseReader {

    /** The largest response head accepted, status line and fields together. */
    static final int MAX_HEAD_BYTES = 64 * 1024;

    /** Bytes copied at a time while looking for the end of the head: most heads fit in one chunk. */
    private static final int HEAD_CHUNK = 512;

    private enum State {
        HEAD,
        BODY_LENGTH,
        BODY_UNTIL_CLOSE,
        CHUNK_SIZE,
        CHUNK_EXTENSION,
        CHUNK_DATA,
        CHUNK_DATA_END,
        TRAILER,
        DONE
    }

    private State state = State.HEAD;
    private byte[] head = new byte[1024];
    private int headLength;
    private int lineLength;
    private boolean sawLine;
    private long remaining;
    private boolean chunkDigits;

    private int status;
    private boolean close;

    /** The status code of the last complete response. */
    public int status() {
        return status;
    }

    /** Whether the server closes the connection after the last complete response. */
    boolean mustClose() {
        return close;
    }

    /** Forgets everything, for a new connection. */
    void reset() {
        state = State.HEAD;
        headLength = 0;
        lineLength = 0;
        sawLine = false;
        remaining = 0;
        status = 0;
        close = false;
    }

    /**
     * Consumes bytes from {@code in}, from its position up to its limit, and stops right after the end of a
     * response.
     *
     * @return true when a response is complete; {@code in}'s position is then just past it
     * @throws MalformedResponseException when the bytes are not an HTTP/1.x response
     */
    public boolean feed(ByteBuffer in) {
        if (state == State.DONE) {
            startNext();
        }
        while (in.hasRemaining()) {
            switch (state) {
                case HEAD -> readHead(in);
                case BODY_LENGTH -> {
                    int n = (int) Math.min(remaining, in.remaining());
                    in.position(in.position() + n);
                    remaining -= n;
                    if (remaining == 0) {
                        state = State.DONE;
                    }
                }
                case BODY_UNTIL_CLOSE -> in.position(in.limit());
                case CHUNK_SIZE -> readChunkSize(in);
                case CHUNK_EXTENSION -> skipLine(in, State.CHUNK_SIZE);
                case CHUNK_DATA -> {
                    int n = (int) Math.min(remaining, in.remaining());
                    in.position(in.position() + n);
                    remaining -= n;
                    if (remaining == 0) {
                        state = State.CHUNK_DATA_END;
                    }
                }
                case CHUNK_DATA_END -> {
                    byte b = in.get();
                    if (b == '\n') {
                        state = State.CHUNK_SIZE;
                        chunkDigits = false;
                        remaining = 0;
                    } else if (b != '\r') {
                        throw new MalformedResponseException("no line break after a chunk");
                    }
                }
                case TRAILER -> readTrailer(in);
                case DONE -> throw new IllegalStateException("unreachable");
            }
            if (state == State.DONE) {
                return true;
            }
        }
        return false;
    }

    /**
     * The server closed the connection.
     *
     * @return true when that completes a response whose body runs until the close
     */
    boolean endOfInput() {
        if (state == State.BODY_UNTIL_CLOSE) {
            state = State.DONE;
            return true;
        }
        return false;
    }

    private void startNext() {
        state = State.HEAD;
        headLength = 0;
        lineLength = 0;
        sawLine = false;
        status = 0;
        close = false;
    }

    /**
     * Copies bytes into the head array a chunk at a time and scans the array (much faster than reading a direct
     * buffer byte by byte), then leaves {@code in} just after the empty line that ends the head.
     */
    private void readHead(ByteBuffer in) {
        while (in.hasRemaining()) {
            if (headLength == MAX_HEAD_BYTES) {
                throw new MalformedResponseException("response head longer than " + MAX_HEAD_BYTES + " bytes");
            }
            int chunk = Math.min(in.remaining(), Math.min(HEAD_CHUNK, MAX_HEAD_BYTES - headLength));
            if (headLength + chunk > head.length) {
                head = java.util.Arrays.copyOf(
                        head, Math.min(MAX_HEAD_BYTES, Math.max(head.length * 2, headLength + chunk)));
            }
            int start = in.position();
            in.get(start, head, headLength, chunk);
            byte[] h = head;
            int end = headLength + chunk;
            int line = lineLength;
            boolean seen = sawLine;
            for (int i = headLength; i < end; i++) {
                byte b = h[i];
                if (b == '\n') {
                    if (line == 0 && seen) {
                        in.position(start + (i + 1 - headLength));
                        headLength = i + 1;
                        parseHead();
                        return;
                    }
                    seen |= line > 0;
                    line = 0;
                } else if (b != '\r') {
                    line++;
                }
            }
            lineLength = line;
            sawLine = seen;
            headLength = end;
            in.position(start + chunk);
        }
    }

    private void parseHead() {
        int p = 0;
        while (p < headLength && (head[p] == '\r' || head[p] == '\n')) {
            p++; // empty lines before the status line
        }
        int lineEnd = lineEnd(p);
        // HTTP/1.x SSS[ reason]
        if (lineEnd - p < 12
                || !startsWith(p, "HTTP/1.")
                || !digit(head[p + 7])
                || head[p + 8] != ' '
                || !digit(head[p + 9])
                || !digit(head[p + 10])
                || !digit(head[p + 11])
                || (lineEnd - p > 12 && head[p + 12] != ' ')) {
            throw new MalformedResponseException("not an HTTP/1.x status line: " + text(p, Math.min(lineEnd, p + 40)));
        }
        boolean http10 = head[p + 7] == '0';
        status = (head[p + 9] - '0') * 100 + (head[p + 10] - '0') * 10 + (head[p + 11] - '0');
        long contentLength = -1;
        boolean transferEncoding = false;
        boolean chunked = false;
        boolean keepAlive = false;
        boolean closeToken = false;
        p = next(lineEnd);
        while (p < headLength) {
            int end = lineEnd(p);
            if (end == p) {
                break; // the empty line
            }
            int colon = indexOf(p, end, (byte) ':');
            if (colon <= p) {
                throw new MalformedResponseException("a header line without a name: " + text(p, end));
            }
            int v = colon + 1;
            int ve = end;
            while (v < ve && (head[v] == ' ' || head[v] == '\t')) {
                v++;
            }
            while (ve > v && (head[ve - 1] == ' ' || head[ve - 1] == '\t')) {
                ve--;
            }
            if (nameIs(p, colon, "content-length")) {
                long n = parseLength(v, ve);
                if (contentLength >= 0 && contentLength != n) {
                    throw new MalformedResponseException("two different Content-Length values");
                }
                contentLength = n;
            } else if (nameIs(p, colon, "transfer-encoding")) {
                transferEncoding = true;
                chunked = endsWithChunked(v, ve);
            } else if (nameIs(p, colon, "connection")) {
                // a comma-separated list of tokens, compared without making strings
                int t = v;
                while (t < ve) {
                    int te = indexOf(t, ve, (byte) ',');
                    if (te < 0) {
                        te = ve;
                    }
                    int a = t;
                    int z = te;
                    while (a < z && (head[a] == ' ' || head[a] == '\t')) {
                        a++;
                    }
                    while (z > a && (head[z - 1] == ' ' || head[z - 1] == '\t')) {
                        z--;
                    }
                    closeToken |= nameIs(a, z, "close");
                    keepAlive |= nameIs(a, z, "keep-alive");
                    t = te + 1;
                }
            }
            p = next(end);
        }
        close = closeToken || (http10 && !keepAlive);
        if (status >= 100 && status < 200) {
            if (status == 101) {
                throw new MalformedResponseException("101 Switching Protocols: not HTTP any more");
            }
            startNext(); // interim response: the real one follows
            return;
        }
        if (status == 204 || status == 304) {
            state = State.DONE;
        } else if (chunked) {
            state = State.CHUNK_SIZE;
            chunkDigits = false;
            remaining = 0;
        } else if (contentLength >= 0 && !transferEncoding) {
            remaining = contentLength;
            state = contentLength == 0 ? State.DONE : State.BODY_LENGTH;
        } else {
            // another coding last, or no length at all: the body runs until the server closes
            close = true;
            state = State.BODY_UNTIL_CLOSE;
        }
    }

    private void readChunkSize(ByteBuffer in) {
        while (in.hasRemaining()) {
            byte b = in.get();
            int d = hex(b);
            if (d >= 0) {
                if (remaining > (Long.MAX_VALUE >> 4)) {
                    throw new MalformedResponseException("chunk size too large");
                }
                remaining = (remaining << 4) | d;
                chunkDigits = true;
            } else if (!chunkDigits) {
                throw new MalformedResponseException("a chunk without a size");
            } else if (b == '\n') {
                endOfChunkSize();
                return;
            } else if (b == '\r' || b == ';' || b == ' ' || b == '\t') {
                state = State.CHUNK_EXTENSION;
                return;
            } else {
                throw new MalformedResponseException("a malformed chunk size");
            }
        }
    }

    private void skipLine(ByteBuffer in, State after) {
        while (in.hasRemaining()) {
            if (in.get() == '\n') {
                if (after == State.CHUNK_SIZE) {
                    endOfChunkSize();
                } else {
                    state = after;
                }
                return;
            }
        }
    }

    private void endOfChunkSize() {
        if (remaining == 0) {
            state = State.TRAILER;
            lineLength = 0;
        } else {
            state = State.CHUNK_DATA;
        }
    }

    private void readTrailer(ByteBuffer in) {
        while (in.hasRemaining()) {
            byte b = in.get();
            if (b == '\n') {
                if (lineLength == 0) {
                    state = State.DONE;
                    return;
                }
                lineLength = 0;
            } else if (b != '\r') {
                lineLength++;
            }
        }
    }

    private boolean endsWithChunked(int from, int to) {
        String[] codings = text(from, to).split(",");
        return codings[codings.length - 1].trim().equalsIgnoreCase("chunked");
    }

    private long parseLength(int from, int to) {
        if (from == to || to - from > 18) {
            throw new MalformedResponseException("a malformed Content-Length: " + text(from, to));
        }
        long n = 0;
        for (int i = from; i < to; i++) {
            if (!digit(head[i])) {
                throw new MalformedResponseException("a malformed Content-Length: " + text(from, to));
            }
            n = n * 10 + (head[i] - '0');
        }
        return n;
    }

    private int lineEnd(int from) {
        int i = from;
        while (i < headLength && head[i] != '\n') {
            i++;
        }
        return i > from && head[i - 1] == '\r' ? i - 1 : i;
    }

    private int next(int lineEnd) {
        int i = lineEnd;
        if (i < headLength && head[i] == '\r') {
            i++;
        }
        return i + 1;
    }

    private int indexOf(int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (head[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private boolean startsWith(int from, String prefix) {
        for (int i = 0; i < prefix.length(); i++) {
            if (head[from + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private boolean nameIs(int from, int to, String lowerName) {
        if (to - from != lowerName.length()) {
            return false;
        }
        for (int i = 0; i < lowerName.length(); i++) {
            int c = head[from + i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lowerName.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private String text(int from, int to) {
        return new String(head, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private static boolean digit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }
}
