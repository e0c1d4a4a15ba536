package lab.c10k.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Encodes a response head: status line, the connection's fields, the response's fields, Content-Length, the
 * empty line. Every response is sent as HTTP/1.1 (RFC 9110 section 2.5: a server sends the highest minor version
 * it conforms to).
 *
 * <p>Stateless and thread-safe. Allocation: one {@code byte[]} per head, sized by a first pass, or none when the
 * head is encoded into the caller's heap buffer.
 */
public final class ResponseHead {
    private ResponseHead() {}

    /** The value of the {@code Connection} field a response carries, if any. */
    public enum ConnectionField {
        /** No Connection field: HTTP/1.1 keeps the connection by default. */
        NONE(null),
        /** {@code Connection: keep-alive}: an HTTP/1.0 client asked to keep it, and it is kept. */
        KEEP_ALIVE("keep-alive"),
        /** {@code Connection: close}: the server closes after this response. */
        CLOSE("close");

        private final byte[] line;

        ConnectionField(String value) {
            this.line = value == null ? new byte[0] : ascii("Connection: " + value + "\r\n");
        }
    }

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] COLON_SP = {':', ' '};
    private static final byte[] CONTENT_LENGTH = ascii("Content-Length: ");
    private static final byte[] DATE = ascii("Date: ");
    private static final byte[][] STATUS_LINES = new byte[600][];

    static {
        for (Status s : Status.values()) {
            STATUS_LINES[s.code()] = ascii("HTTP/1.1 " + s.code() + " " + s.reason() + "\r\nServer: c10k-lab\r\n");
        }
    }

    /**
     * The head of {@code response}.
     *
     * @param date the value of the Date field (IMF-fixdate), as ASCII bytes
     * @param connection the Connection field
     */
    public static byte[] encode(Response response, byte[] date, ConnectionField connection) {
        long length = contentLength(response);
        int size = size(response, date, connection, length);
        byte[] out = new byte[size];
        int p = encodeTo(response, date, connection, length, out, 0);
        assert p == size : p + " != " + size;
        return out;
    }

    private static int encodeTo(
            Response response, byte[] date, ConnectionField connection, long length, byte[] out, int at) {
        int p = put(out, at, STATUS_LINES[response.status().code()]);
        p = put(out, p, DATE);
        p = put(out, p, date);
        p = put(out, p, CRLF);
        for (Response.Field f : response.fields()) {
            p = putAscii(out, p, f.name());
            p = put(out, p, COLON_SP);
            p = putAscii(out, p, f.value());
            p = put(out, p, CRLF);
        }
        if (length >= 0) {
            p = put(out, p, CONTENT_LENGTH);
            p = putDigits(out, p, length);
            p = put(out, p, CRLF);
        }
        p = put(out, p, connection.line);
        return put(out, p, CRLF);
    }

    /**
     * Encodes the head of {@code response} into {@code out} at its position, the same bytes as {@link
     * #encode(Response, byte[], ConnectionField)}: for an event loop that sends the head from its own buffer,
     * together with a small body. Allocates nothing for a heap buffer; for a direct one, the head is encoded into
     * a short-lived array and copied in at once.
     *
     * @return false, with {@code out} unchanged, when the head does not fit in {@code out}'s remaining space
     */
    public static boolean encode(Response response, byte[] date, ConnectionField connection, ByteBuffer out) {
        long length = contentLength(response);
        int size = size(response, date, connection, length);
        if (out.remaining() < size) {
            return false;
        }
        if (out.hasArray()) {
            int start = out.position();
            int end = encodeTo(response, date, connection, length, out.array(), out.arrayOffset() + start);
            assert end - out.arrayOffset() - start == size : (end - out.arrayOffset() - start) + " != " + size;
            out.position(start + size);
        } else {
            // Into direct memory through one short-lived array: a bulk copy beats a bounds-checked put per byte.
            byte[] head = new byte[size];
            encodeTo(response, date, connection, length, head, 0);
            out.put(head);
        }
        return true;
    }

    /** The Content-Length to send, or -1 for none. */
    private static long contentLength(Response response) {
        return response.status().hasNoContent() ? -1 : response.body().length();
    }

    private static int size(Response response, byte[] date, ConnectionField connection, long length) {
        int size = STATUS_LINES[response.status().code()].length
                + DATE.length
                + date.length
                + 2
                + connection.line.length
                + 2;
        for (Response.Field f : response.fields()) {
            size += f.name().length() + 2 + f.value().length() + 2;
        }
        if (length >= 0) {
            size += CONTENT_LENGTH.length + digits(length) + 2;
        }
        return size;
    }

    /** The number of decimal digits of {@code n}, which is not negative. */
    static int digits(long n) {
        int d = 1;
        for (long v = n; v >= 10; v /= 10) {
            d++;
        }
        return d;
    }

    private static int putDigits(byte[] out, int p, long n) {
        int end = p + digits(n);
        long v = n;
        for (int i = end - 1; i >= p; i--) {
            out[i] = (byte) ('0' + (int) (v % 10));
            v /= 10;
        }
        return end;
    }

    private static int put(byte[] out, int p, byte[] bytes) {
        System.arraycopy(bytes, 0, out, p, bytes.length);
        return p + bytes.length;
    }

    private record Encoded(String text, byte[] bytes) {}

    /**
     * The field names and values encoded lately, direct-mapped by hash: most of them recur in every response (the
     * names, {@code bytes}, the content types, a file's Last-Modified and ETag), and checking a string char by
     * char costs more than the rest of the head. A hit costs a hash ({@link String#hashCode} is cached in each
     * string and vectorized), an {@code equals} and an array copy. Entries are immutable (final fields), so
     * threads that race on a slot see either entry whole.
     */
    private static final Encoded[] RECENT = new Encoded[256];

    private static int putAscii(byte[] out, int p, String s) {
        int slot = s.hashCode() & (RECENT.length - 1);
        Encoded e = RECENT[slot];
        if (e == null || !e.text().equals(s)) {
            byte[] bytes = new byte[s.length()];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = printable(s.charAt(i));
            }
            e = new Encoded(s, bytes);
            RECENT[slot] = e;
        }
        System.arraycopy(e.bytes(), 0, out, p, e.bytes().length);
        return p + e.bytes().length;
    }

    private static byte printable(char c) {
        if (c < 0x20 || c > 0x7e) {
            // A field value with CR or LF would split the head: a header injection. Our fields are ours, so this
            // is a bug, never user input.
            throw new IllegalArgumentException("non-printable character in a response field: " + (int) c);
        }
        return (byte) c;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** The head as text, for tests and logs. */
    public static String toString(byte[] head) {
        return new String(head, StandardCharsets.US_ASCII);
    }
}
