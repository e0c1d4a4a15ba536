package lab.c10k.http;

import java.nio.charset.StandardCharsets;

/**
 * Encodes a response head: status line, the connection's fields, the response's fields, Content-Length, the
 * empty line. Every response is sent as HTTP/1.1 (RFC 9110 section 2.5: a server sends the highest minor version
 * it conforms to).
 *
 * <p>Stateless and thread-safe. Allocation: one {@code byte[]} per head, sized by a first pass.
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
        byte[] statusLine = STATUS_LINES[response.status().code()];
        long length = response.status().hasNoContent() ? -1 : response.body().length();
        String lengthDigits = length >= 0 ? Long.toString(length) : null;

        int size = statusLine.length + DATE.length + date.length + 2 + connection.line.length + 2;
        for (Response.Field f : response.fields()) {
            size += f.name().length() + 2 + f.value().length() + 2;
        }
        if (lengthDigits != null) {
            size += CONTENT_LENGTH.length + lengthDigits.length() + 2;
        }

        byte[] out = new byte[size];
        int p = put(out, 0, statusLine);
        p = put(out, p, DATE);
        p = put(out, p, date);
        p = put(out, p, CRLF);
        for (Response.Field f : response.fields()) {
            p = putAscii(out, p, f.name());
            p = put(out, p, COLON_SP);
            p = putAscii(out, p, f.value());
            p = put(out, p, CRLF);
        }
        if (lengthDigits != null) {
            p = put(out, p, CONTENT_LENGTH);
            p = putAscii(out, p, lengthDigits);
            p = put(out, p, CRLF);
        }
        p = put(out, p, connection.line);
        p = put(out, p, CRLF);
        assert p == size : p + " != " + size;
        return out;
    }

    private static int put(byte[] out, int p, byte[] bytes) {
        System.arraycopy(bytes, 0, out, p, bytes.length);
        return p + bytes.length;
    }

    private static int putAscii(byte[] out, int p, String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                // A field value with CR or LF would split the head: a header injection. Our fields are ours,
                // so this is a bug, never user input.
                throw new IllegalArgumentException("non-printable character in a response field: " + (int) c);
            }
            out[p++] = (byte) c;
        }
        return p;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** The head as text, for tests and logs. */
    public static String toString(byte[] head) {
        return new String(head, StandardCharsets.US_ASCII);
    }
}
