package lab.c10k.files;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import lab.c10k.http.HttpException;
import lab.c10k.http.Status;

/**
 * The path of a request target, percent-decoded once and normalised: the names to look up under the document
 * root.
 *
 * <p>The order of the steps is the security argument. The path is decoded exactly once, the decoded bytes are
 * judged, and only then are dot segments removed, so {@code %2e%2e} is a {@code ..} like any other. Apache 2.4.49
 * (CVE-2021-41773) looked for {@code ..} before decoding and let {@code .%2e} climb out of the root; decoding a
 * second time would turn {@code %252e} into a dot. A {@code ..} that would climb above the root is refused rather
 * than clamped, as nginx does: no honest client sends one.
 *
 * <p>Bytes that would change the structure of the path after decoding are refused: an encoded slash ({@code
 * %2F}), a backslash raw or encoded (a separator on Windows, Undertow's CVE-2014-7816), NUL and other control
 * bytes (NUL truncates a name in C, CR LF splits a header when the path is echoed in a redirect). The decoded
 * bytes must be strict UTF-8: overlong forms such as {@code %c0%af} (an old way to smuggle a slash) are refused.
 * Empty segments ({@code //}) are merged. A {@code ;} is an ordinary character: a static server has no path
 * parameters.
 *
 * @param names the decoded names from the root, none empty, {@code .} or {@code ..}
 * @param directory whether the path ends with a slash after normalisation ({@code /a/b/..} is {@code /a/})
 */
record RequestPath(List<String> names, boolean directory) {

    static final String NOT_ABSOLUTE = "The request path does not begin with a slash.";
    static final String BAD_ESCAPE = "The request path contains an invalid percent-encoding.";
    static final String SEPARATOR = "The request path contains a backslash or an encoded slash.";
    static final String CONTROL = "The request path contains a control character.";
    static final String NOT_ALLOWED = "The request path contains a character that is not allowed.";
    static final String NOT_UTF8 = "The request path is not valid UTF-8.";
    static final String ABOVE_ROOT = "The request path climbs above the document root.";

    RequestPath {
        names = List.copyOf(names);
    }

    /**
     * Decodes and normalises {@code raw}, the path of a request target as received.
     *
     * @throws HttpException with status 400 when the path cannot be mapped safely
     */
    static RequestPath decode(String raw) {
        if (raw.isEmpty() || raw.charAt(0) != '/') {
            throw badRequest(NOT_ABSOLUTE);
        }
        String[] parts = raw.substring(1).split("/", -1);
        List<String> names = new ArrayList<>(parts.length);
        boolean directory = false;
        for (String part : parts) {
            String name = decodeSegment(part);
            switch (name) {
                case "", "." -> directory = true;
                case ".." -> {
                    if (names.isEmpty()) {
                        throw badRequest(ABOVE_ROOT);
                    }
                    names.removeLast();
                    directory = true;
                }
                default -> {
                    names.add(name);
                    directory = false;
                }
            }
        }
        return new RequestPath(names, directory);
    }

    private static String decodeSegment(String part) {
        byte[] bytes = new byte[part.length()];
        int length = 0;
        boolean ascii = true;
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            int b;
            if (c == '%') {
                int high = i + 1 < part.length() ? hex(part.charAt(i + 1)) : -1;
                int low = i + 2 < part.length() ? hex(part.charAt(i + 2)) : -1;
                if (high < 0 || low < 0) {
                    throw badRequest(BAD_ESCAPE);
                }
                b = high << 4 | low;
                i += 2;
                if (b == '/') {
                    throw badRequest(SEPARATOR);
                }
            } else if (c > 0x7F || c == ' ') {
                throw badRequest(NOT_ALLOWED);
            } else {
                b = c;
            }
            if (b == '\\') {
                throw badRequest(SEPARATOR);
            }
            if (b < 0x20 || b == 0x7F) {
                throw badRequest(CONTROL);
            }
            ascii &= b < 0x80;
            bytes[length++] = (byte) b;
        }
        if (ascii) {
            return new String(bytes, 0, length, StandardCharsets.US_ASCII);
        }
        try {
            // A fresh decoder reports malformed input (overlong forms, surrogates, truncated sequences).
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(bytes, 0, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw badRequest(NOT_UTF8);
        }
    }

    /** The value of an ASCII hex digit, or -1 (unlike {@code Character.digit}, which accepts other scripts). */
    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static HttpException badRequest(String detail) {
        return new HttpException(Status.BAD_REQUEST, detail);
    }
}
