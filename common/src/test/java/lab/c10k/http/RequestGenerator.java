package lab.c10k.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Random valid requests, one to three pipelined, each with the {@link RequestHead} the parser must return for
 * it: random methods, targets (origin- and absolute-form), versions, Host forms, kept fields (repeated ones
 * combined) and skipped ones in random order and case, OWS, bare-LF or CRLF line endings, leading empty lines,
 * and Content-Length or chunked bodies with extensions and trailers.
 */
final class RequestGenerator {
    private RequestGenerator() {}

    /** Requests and what each must parse to. */
    record Generated(byte[] bytes, List<RequestHead> heads) {}

    private static final String PCHAR =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@%";
    private static final String TCHAR = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-.^_`|~";
    private static final String[] HOSTS = {
        "localhost", "127.0.0.1", "example.com", "a-b.c_d~e", "[::1]", "[2001:db8::7]", "[::ffff:10.0.0.1]", "x%41y"
    };
    private static final String[] KEPT = {
        "Range", "If-Range", "If-Match", "If-None-Match", "If-Modified-Since", "If-Unmodified-Since"
    };

    static Generated requests(Random r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<RequestHead> heads = new ArrayList<>();
        int count = 1 + r.nextInt(3);
        for (int i = 0; i < count; i++) {
            heads.add(request(r, out));
        }
        return new Generated(out.toByteArray(), heads);
    }

    private static RequestHead request(Random r, ByteArrayOutputStream out) {
        if (r.nextInt(8) == 0) {
            for (int i = r.nextInt(RequestParser.MAX_LEADING_EMPTY_LINES) + 1; i > 0; i--) {
                write(out, eol(r));
            }
        }
        Method method = pick(r, new Method[] {Method.GET, Method.GET, Method.HEAD, Method.POST});
        boolean http10 = r.nextInt(5) == 0;
        String path = path(r);
        String query = r.nextBoolean() ? null : chars(r, PCHAR + "/?", r.nextInt(12));
        String authority = r.nextInt(10) == 0 ? host(r, true) : null;
        String target = (authority == null ? "" : (r.nextBoolean() ? "http://" : "HTTPS://") + authority)
                + path
                + (query == null ? "" : "?" + query);
        write(out, method + " " + target + " HTTP/1." + (http10 ? "0" : pick(r, new String[] {"1", "1", "2"})));
        write(out, eol(r));

        // each field as (line, what it means), shuffled; the expected values follow the shuffled order
        List<String[]> fields = new ArrayList<>();
        String host = null;
        if (!http10 || r.nextBoolean()) {
            host = host(r, false);
            fields.add(new String[] {"Host", host});
        }
        String connection = pick(r, new String[] {null, "close", "keep-alive", "Keep-Alive, Upgrade", "te ,CLOSE"});
        if (connection != null) {
            fields.add(new String[] {"Connection", connection});
        }
        int kinds = r.nextInt(4);
        for (int i = 0; i < kinds; i++) {
            String name = pick(r, KEPT);
            for (int n = 1 + r.nextInt(2); n > 0; n--) {
                fields.add(new String[] {name, value(r)});
            }
        }
        for (int i = r.nextInt(6); i > 0; i--) {
            fields.add(new String[] {"X-" + chars(r, TCHAR, 1 + r.nextInt(8)), value(r)});
        }
        int bodyKind = r.nextInt(4); // 0, 1: none; 2: Content-Length; 3: chunked (HTTP/1.1 only)
        byte[] body = bodyKind >= 2 ? randomBytes(r, r.nextInt(40)) : new byte[0];
        boolean chunked = bodyKind == 3 && !http10;
        if (chunked) {
            fields.add(new String[] {"Transfer-Encoding", r.nextBoolean() ? "chunked" : "Chunked"});
        } else if (bodyKind >= 2) {
            fields.add(new String[] {"Content-Length", Integer.toString(body.length)});
        }
        boolean expectContinue = !http10 && r.nextInt(10) == 0 && (bodyKind < 2 || (!chunked && body.length == 0));
        if (expectContinue) {
            fields.add(new String[] {"Expect", "100-continue"});
        }
        Collections.shuffle(fields, r);

        String[] kept = new String[KEPT.length];
        for (String[] field : fields) {
            write(out, randomCase(r, field[0]) + ":" + ows(r) + field[1] + ows(r) + eol(r));
            for (int k = 0; k < KEPT.length; k++) {
                if (KEPT[k].equals(field[0])) {
                    kept[k] = kept[k] == null ? field[1] : kept[k] + ", " + field[1];
                }
            }
        }
        write(out, eol(r));
        if (chunked) {
            chunkedBody(r, out, body);
        } else {
            out.writeBytes(body);
        }

        boolean close =
                connection != null && connection.toLowerCase(Locale.ROOT).contains("close");
        boolean keepAliveToken =
                connection != null && connection.toLowerCase(Locale.ROOT).contains("keep-alive");
        return new RequestHead(
                method,
                target,
                path,
                query,
                http10 ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1,
                authority != null ? authority : host != null ? host : "",
                !close && (!http10 || keepAliveToken),
                expectContinue,
                false,
                kept[0],
                kept[1],
                kept[2],
                kept[3],
                kept[4],
                kept[5]);
    }

    /** Chunks of random sizes with random extensions, the last chunk, and random trailer fields. */
    private static void chunkedBody(Random r, ByteArrayOutputStream out, byte[] body) {
        int at = 0;
        while (at < body.length) {
            int size = Math.min(body.length - at, 1 + r.nextInt(16));
            String hex = Integer.toHexString(size);
            write(out, (r.nextBoolean() ? hex : hex.toUpperCase(Locale.ROOT)) + extensions(r) + "\r\n");
            out.write(body, at, size);
            write(out, "\r\n");
            at += size;
        }
        write(out, "0".repeat(1 + r.nextInt(3)) + extensions(r) + "\r\n");
        for (int i = r.nextInt(3); i > 0; i--) {
            write(out, "T-" + chars(r, TCHAR, 1 + r.nextInt(5)) + ":" + ows(r) + value(r) + eol(r));
        }
        write(out, "\r\n");
    }

    private static String extensions(Random r) {
        StringBuilder s = new StringBuilder();
        for (int i = r.nextInt(3); i > 0; i--) {
            s.append(ows(r)).append(';').append(ows(r)).append(chars(r, TCHAR, 1 + r.nextInt(5)));
            switch (r.nextInt(3)) {
                case 0 -> s.append(ows(r)).append('=').append(ows(r)).append(chars(r, TCHAR, 1 + r.nextInt(5)));
                case 1 -> s.append('=').append("\"a\\\"; b\"");
                default -> {}
            }
        }
        return s.toString();
    }

    private static String path(Random r) {
        StringBuilder s = new StringBuilder();
        for (int i = r.nextInt(4); i >= 0; i--) {
            s.append('/').append(chars(r, PCHAR, r.nextInt(10)));
        }
        return s.toString();
    }

    private static String host(Random r, boolean nonEmpty) {
        if (!nonEmpty && r.nextInt(20) == 0) {
            return "";
        }
        String host = pick(r, HOSTS);
        return switch (r.nextInt(4)) {
            case 0 -> host + ":" + r.nextInt(65536);
            case 1 -> host + ":";
            default -> host;
        };
    }

    /** A field value without leading or trailing whitespace: VCHAR and obs-text, with inner SP and HTAB. */
    private static String value(Random r) {
        StringBuilder s = new StringBuilder();
        int length = r.nextInt(20);
        for (int i = 0; i < length; i++) {
            int kind = r.nextInt(10);
            char c;
            if (kind == 0 && i > 0 && i < length - 1) {
                c = r.nextBoolean() ? ' ' : '\t';
            } else if (kind == 1) {
                c = (char) (0x80 + r.nextInt(0x80));
            } else {
                c = (char) (0x21 + r.nextInt(0x7E - 0x21 + 1));
            }
            s.append(c);
        }
        return s.toString();
    }

    private static String ows(Random r) {
        return pick(r, new String[] {"", "", " ", "\t", "  ", " \t"});
    }

    private static String eol(Random r) {
        return r.nextInt(4) == 0 ? "\n" : "\r\n";
    }

    private static String randomCase(Random r, String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            out.append(r.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
        }
        return out.toString();
    }

    private static String chars(Random r, String alphabet, int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            char c = alphabet.charAt(r.nextInt(alphabet.length()));
            if (c == '%') {
                s.append("%2F"); // keep escapes well-formed, as a client would send them
            } else {
                s.append(c);
            }
        }
        return s.toString();
    }

    static byte[] randomBytes(Random r, int length) {
        byte[] b = new byte[length];
        r.nextBytes(b);
        return b;
    }

    static <T> T pick(Random r, T[] choices) {
        return choices[r.nextInt(choices.length)];
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
    }
}
