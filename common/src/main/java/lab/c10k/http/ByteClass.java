package lab.c10k.http;

/**
 * The character classes of the HTTP grammar (RFC 9110, RFC 9112, RFC 3986) as one 256-entry table, so that the
 * parser tests a byte with one array load and a mask instead of a chain of comparisons.
 *
 * <p>Stateless; the table is built once and never changes.
 */
final class ByteClass {
    private ByteClass() {}

    /** {@code tchar} (RFC 9110 section 5.6.2): the bytes of a token (method, field name, coding, extension). */
    private static final int TCHAR = 1;

    /** What this server accepts in a request-target: VCHAR except the bytes RFC 3986 never allows unencoded. */
    private static final int TARGET = 1 << 1;

    /** {@code field-vchar} plus SP and HTAB (RFC 9110 section 5.5): VCHAR and obs-text. */
    private static final int FIELD_VALUE = 1 << 2;

    /** {@code unreserved} and {@code sub-delims} (RFC 3986 section 3.2.2): a reg-name without its escapes. */
    private static final int REG_NAME = 1 << 3;

    /** {@code qdtext} (RFC 9110 section 5.6.4): a quoted-string byte that needs no backslash. */
    private static final int QDTEXT = 1 << 4;

    /** {@code HEXDIG}. */
    private static final int HEXDIG = 1 << 5;

    /** {@code DIGIT}. */
    private static final int DIGIT = 1 << 6;

    private static final byte[] CLASSES = new byte[256];

    static {
        for (int c = 0; c < 256; c++) {
            boolean alpha = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
            boolean digit = c >= '0' && c <= '9';
            boolean vchar = c >= 0x21 && c <= 0x7E;
            boolean obsText = c >= 0x80;
            int classes = 0;
            if (alpha || digit || "!#$%&'*+-.^_`|~".indexOf(c) >= 0) {
                classes |= TCHAR;
            }
            if (vchar && "\"<>\\^`{|}#".indexOf(c) < 0) {
                classes |= TARGET;
            }
            if (vchar || obsText || c == ' ' || c == '\t') {
                classes |= FIELD_VALUE;
            }
            if (alpha || digit || "-._~!$&'()*+,;=".indexOf(c) >= 0) {
                classes |= REG_NAME;
            }
            if (c == '\t' || c == ' ' || c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E) || obsText) {
                classes |= QDTEXT;
            }
            if (digit || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f')) {
                classes |= HEXDIG;
            }
            if (digit) {
                classes |= DIGIT;
            }
            CLASSES[c] = (byte) classes;
        }
    }

    static boolean isTchar(byte b) {
        return (CLASSES[b & 0xFF] & TCHAR) != 0;
    }

    static boolean isTarget(byte b) {
        return (CLASSES[b & 0xFF] & TARGET) != 0;
    }

    static boolean isFieldValue(byte b) {
        return (CLASSES[b & 0xFF] & FIELD_VALUE) != 0;
    }

    static boolean isRegName(byte b) {
        return (CLASSES[b & 0xFF] & REG_NAME) != 0;
    }

    static boolean isQdtext(byte b) {
        return (CLASSES[b & 0xFF] & QDTEXT) != 0;
    }

    static boolean isHexdig(byte b) {
        return (CLASSES[b & 0xFF] & HEXDIG) != 0;
    }

    static boolean isDigit(byte b) {
        return (CLASSES[b & 0xFF] & DIGIT) != 0;
    }

    /** Optional whitespace, {@code OWS} (RFC 9110 section 5.6.3): SP or HTAB. */
    static boolean isOws(byte b) {
        return b == ' ' || b == '\t';
    }

    /** The value of a byte for which {@link #isHexdig} holds. */
    static int hexValue(byte b) {
        return b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;
    }
}
