package lab.c10k.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * A push-based, resumable HTTP/1.1 request parser (RFC 9112), one per connection.
 *
 * <p>Feed it whatever bytes have arrived; it returns the request once the whole message (head and any body,
 * which it reads and discards) has been received, and {@code null} until then. A request split at any byte
 * parses exactly as the whole one. It never reads past the end of the request it returns: a pipelined next
 * request stays in the buffer for the next call.
 *
 * <p><b>Resumable, a line at a time.</b> The parser is a state machine ({@link State}) whose unit is the line:
 * request line, field line, chunk line, trailer line. A line is acted on only once its LF has arrived, so every
 * rule sees a whole line and the result cannot depend on where the bytes were split. Between lines the only
 * state is a handful of fields (what the head said so far, the remaining body length) and the start of a line
 * cut off by the end of a buffer, so an idle connection holds next to nothing. The body (Content-Length or
 * chunked) is counted off and discarded: a static-file server has no use for it, but must not mistake it for
 * the next request.
 *
 * <p><b>In place when possible.</b> When a whole line is in the caller's buffer it is parsed straight from the
 * backing array. Only a line cut off by the end of a buffer is copied, into one growable array per parser that
 * is allocated on first need. No object is created for a field the server does not act on; strings are made
 * only for the target and the few fields that {@link RequestHead} keeps, so a typical request costs a few small
 * allocations.
 *
 * <p><b>Limits on arrival.</b> Line lengths are counted while looking for the LF, so a line that never ends is
 * refused at the byte that crosses its limit ({@link HttpLimits}: 414 for the request line, 431 for field
 * lines), and the held partial line never grows beyond a limit. The body is bounded by {@link
 * HttpLimits#maxBodyBytes()} (413) before a byte of it is read.
 *
 * <p><b>Strict.</b> Every malformed or ambiguous request throws an {@link HttpException} with exactly one
 * status, after which the parser is spent: the framing of whatever follows cannot be trusted. The one
 * leniency is the bare LF line terminator of the request line and of field lines (header and trailer), which
 * RFC 9112 section 2.2 allows; chunk lines and the end of chunk data must use CRLF, where a lone LF is a known
 * smuggling vector, and a CR that is not followed by LF is refused everywhere.
 *
 * <p>Confined to one thread at a time. Spent after it throws, and after it returns a head whose body it left
 * unread ({@code Expect: 100-continue}): the connection closes after either.
 */
public final class RequestParser {

    /** The longest chunk line (chunk-size and extensions, without CRLF) accepted; a longer one is a 400. */
    static final int MAX_CHUNK_LINE_BYTES = 4096;

    /** Empty lines skipped before a request line (RFC 9112 section 2.2 asks to skip at least one). */
    static final int MAX_LEADING_EMPTY_LINES = 8;

    /** The most Content-Length digits: 18 digits always fit a long, so no overflow check is needed. */
    private static final int MAX_CONTENT_LENGTH_DIGITS = 18;

    /** The most chunk-size hex digits: 16 fit 64 bits. */
    private static final int MAX_CHUNK_SIZE_DIGITS = 16;

    /**
     * A partial-line buffer larger than this is dropped once its request is done: an idle connection should not
     * keep the memory one long line needed.
     */
    private static final int RETAINED_PARTIAL_BYTES = 1024;

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte SP = ' ';

    private static final Method[] METHODS = Method.values();
    private static final byte[][] METHOD_NAMES = new byte[METHODS.length][];

    static {
        for (Method m : METHODS) {
            METHOD_NAMES[m.ordinal()] = m.name().getBytes(StandardCharsets.US_ASCII);
        }
    }

    /**
     * Where the parser is in a request. The line states differ only in their line's limit ({@link #lineLimit})
     * and terminator ({@link #crlfOnly}); BODY and CHUNK_DATA count bytes off without looking at them.
     */
    private enum State {
        /** Before and in the request line, including skipped empty lines. */
        REQUEST_LINE,
        /** Field lines of the header section, up to the empty line. */
        HEADER_LINE,
        /** Counting off a Content-Length body. */
        BODY,
        /** A chunk-size line with optional extensions. */
        CHUNK_LINE,
        /** Counting off chunk data. */
        CHUNK_DATA,
        /** The CRLF that must follow chunk data. */
        CHUNK_DATA_END,
        /** Trailer field lines after the last chunk, up to the empty line. */
        TRAILER_LINE,
        /** After an error, or after a head returned with its body unread: no further parsing. */
        SPENT
    }

    /** The four shapes of a request-target (RFC 9112 section 3.2). */
    private enum Form {
        ORIGIN,
        ABSOLUTE,
        AUTHORITY,
        ASTERISK
    }

    /** The header fields {@link RequestHead} needs; all others are validated and skipped. */
    private enum Field {
        HOST,
        CONNECTION,
        CONTENT_LENGTH,
        TRANSFER_ENCODING,
        EXPECT,
        RANGE,
        IF_RANGE,
        IF_MATCH,
        IF_NONE_MATCH,
        IF_MODIFIED_SINCE,
        IF_UNMODIFIED_SINCE;

        /** The name in lower case. */
        private final byte[] name =
                name().toLowerCase(Locale.ROOT).replace('_', '-').getBytes(StandardCharsets.US_ASCII);

        /**
         * The field named by the token {@code b[off, off + len)}, case-insensitively, or {@code null}. The length
         * leaves at most one candidate, so a skipped field costs a switch and usually no comparison.
         */
        static Field of(byte[] b, int off, int len) {
            Field candidate = switch (len) {
                case 4 -> HOST;
                case 5 -> RANGE;
                case 6 -> EXPECT;
                case 8 -> (b[off + 3] | 0x20) == 'm' ? IF_MATCH : IF_RANGE;
                case 10 -> CONNECTION;
                case 13 -> IF_NONE_MATCH;
                case 14 -> CONTENT_LENGTH;
                case 17 -> (b[off] | 0x20) == 'i' ? IF_MODIFIED_SINCE : TRANSFER_ENCODING;
                case 19 -> IF_UNMODIFIED_SINCE;
                default -> null;
            };
            return candidate != null && equalsIgnoreCase(b, off, off + len, candidate.name) ? candidate : null;
        }
    }

    private static final byte[] HTTP_SLASH = {'H', 'T', 'T', 'P', '/'};
    private static final byte[] HTTP_SCHEME = {'h', 't', 't', 'p', ':', '/', '/'};
    private static final byte[] HTTPS_SCHEME = {'h', 't', 't', 'p', 's', ':', '/', '/'};
    private static final byte[] CLOSE = {'c', 'l', 'o', 's', 'e'};
    private static final byte[] KEEP_ALIVE = {'k', 'e', 'e', 'p', '-', 'a', 'l', 'i', 'v', 'e'};
    private static final byte[] CHUNKED = {'c', 'h', 'u', 'n', 'k', 'e', 'd'};
    private static final byte[] CONTINUE = {'1', '0', '0', '-', 'c', 'o', 'n', 't', 'i', 'n', 'u', 'e'};

    private final HttpLimits limits;

    /** The longest line any state accepts, and the CR that may end it: the partial line never needs more. */
    private final int maxLineBytes;

    private State state = State.REQUEST_LINE;
    private boolean inProgress;

    /** The start of a line cut off by the end of a buffer, CR included; lazily allocated. */
    private byte[] partial;

    private int partialLength;

    // What the current request said so far; cleared by reset().
    private int emptyLines;
    private int sectionBytes;
    private int sectionFields;
    private Method method;
    private String target;
    private String path;
    private String query;
    private Form form;
    private String authority;
    private HttpVersion version;
    private String host;
    private boolean connectionClose;
    private boolean connectionKeepAlive;
    private long contentLength = -1;
    private boolean transferEncoding;
    private boolean chunked;
    private boolean unsupportedCoding;
    private boolean expectContinue;
    private boolean unmetExpectation;
    private String range;
    private String ifRange;
    private String ifMatch;
    private String ifNoneMatch;
    private String ifModifiedSince;
    private String ifUnmodifiedSince;
    private RequestHead head;
    private long bodyRemaining;
    private long bodyBytes;

    public RequestParser(HttpLimits limits) {
        this.limits = Objects.requireNonNull(limits);
        long longest = Math.max(Math.max(limits.maxRequestLineBytes(), limits.maxHeaderBytes()), MAX_CHUNK_LINE_BYTES);
        this.maxLineBytes = (int) Math.min(longest + 1, Integer.MAX_VALUE - 8);
    }

    /**
     * Consumes bytes from {@code in} (a heap buffer, from its position to its limit).
     *
     * <p>When a request with {@code Expect: 100-continue} announces a body, its head is returned at once with
     * {@link RequestHead#bodyUnread()} set; the parser is then spent, since the connection closes after
     * answering it.
     *
     * @return the request, once complete; {@code null} when every byte of {@code in} was consumed and more are
     *     needed
     * @throws HttpException when the request is malformed or exceeds a limit; the parser is then spent
     * @throws IllegalArgumentException when {@code in} has no accessible array
     * @throws IllegalStateException when the parser is spent
     */
    public RequestHead parse(ByteBuffer in) {
        if (!in.hasArray()) {
            throw new IllegalArgumentException("the parser reads heap buffers only");
        }
        if (state == State.SPENT) {
            throw new IllegalStateException("the parser is spent: it threw, or returned a head with its body unread");
        }
        byte[] b = in.array();
        int base = in.arrayOffset();
        int pos = base + in.position();
        int end = base + in.limit();
        if (pos < end) {
            inProgress = true;
        }
        try {
            while (pos < end) {
                if (state == State.BODY || state == State.CHUNK_DATA) {
                    int n = (int) Math.min(bodyRemaining, end - pos);
                    pos += n;
                    bodyRemaining -= n;
                    if (bodyRemaining == 0) {
                        if (state == State.BODY) {
                            in.position(pos - base);
                            return complete(head);
                        }
                        state = State.CHUNK_DATA_END;
                    }
                    continue;
                }
                int lf = findLineEnd(b, pos, end);
                if (lf < 0) {
                    pos = end;
                    break;
                }
                byte[] line = b;
                int off = pos;
                int len = lf - pos;
                if (partialLength > 0) {
                    hold(b, pos, lf);
                    line = partial;
                    off = 0;
                    len = partialLength;
                    partialLength = 0;
                }
                if (len > 0 && line[off + len - 1] == CR) {
                    len--;
                }
                pos = lf + 1;
                RequestHead done = onLine(line, off, len);
                if (done != null) {
                    in.position(pos - base);
                    return complete(done);
                }
            }
        } catch (HttpException e) {
            // the framing of whatever follows cannot be trusted
            state = State.SPENT;
            throw e;
        }
        in.position(pos - base);
        return null;
    }

    /** Whether bytes of a request not yet returned have been received (the header timeout then applies). */
    public boolean inProgress() {
        return inProgress;
    }

    /**
     * Looks for the LF that ends the current line in {@code b[from, end)}, counting the line against its limit
     * and refusing a CR that is not followed by LF.
     *
     * @return the index of the LF, or -1 when the line goes on past {@code end} (its bytes are then held)
     */
    private int findLineEnd(byte[] b, int from, int end) {
        int max = lineLimit();
        int n = partialLength;
        boolean cr = n > 0 && partial[n - 1] == CR;
        for (int i = from; i < end; i++) {
            byte c = b[i];
            if (c == LF) {
                if (!cr && crlfOnly()) {
                    throw bad("Chunk framing must end its lines with CRLF.");
                }
                return i;
            }
            if (cr) {
                throw crlfOnly()
                        ? bad("Chunk framing must end its lines with CRLF.")
                        : bad("A CR is not followed by LF.");
            }
            if (c == CR) {
                // it may be the end of a line of exactly the limit, so it does not count against it
                cr = true;
            } else if (n >= max) {
                throw lineTooLong();
            }
            n++;
        }
        hold(b, from, end);
        return -1;
    }

    /** The most bytes the current line may have, without its terminator. */
    private int lineLimit() {
        return switch (state) {
            case REQUEST_LINE -> limits.maxRequestLineBytes();
            case HEADER_LINE, TRAILER_LINE -> limits.maxHeaderBytes() - sectionBytes;
            case CHUNK_LINE -> MAX_CHUNK_LINE_BYTES;
            default -> 0; // CHUNK_DATA_END: nothing but the CRLF may follow chunk data
        };
    }

    /** Whether the current line must end with CRLF: chunk framing, where a bare LF is a smuggling vector. */
    private boolean crlfOnly() {
        return state == State.CHUNK_LINE || state == State.CHUNK_DATA_END;
    }

    private HttpException lineTooLong() {
        return switch (state) {
            case REQUEST_LINE -> new HttpException(Status.URI_TOO_LONG, "The request line is too long.");
            case HEADER_LINE ->
                new HttpException(Status.REQUEST_HEADER_FIELDS_TOO_LARGE, "The header section is too large.");
            case TRAILER_LINE ->
                new HttpException(Status.REQUEST_HEADER_FIELDS_TOO_LARGE, "The trailer section is too large.");
            case CHUNK_LINE -> bad("A chunk line is too long.");
            default -> bad("Chunk data is longer than its chunk size."); // CHUNK_DATA_END
        };
    }

    /**
     * Appends {@code b[from, to)} to the held partial line. The line limits, checked before, keep it within
     * {@link #maxLineBytes}; growth doubles up to that.
     */
    private void hold(byte[] b, int from, int to) {
        int needed = partialLength + (to - from);
        if (partial == null || partial.length < needed) {
            long doubled = partial == null ? 256 : 2L * partial.length;
            int capacity = Math.max(needed, (int) Math.min(doubled, maxLineBytes));
            partial = partial == null ? new byte[capacity] : Arrays.copyOf(partial, capacity);
        }
        System.arraycopy(b, from, partial, partialLength, to - from);
        partialLength = needed;
    }

    /**
     * Acts on a whole line {@code b[off, off + len)}, terminator removed, in one of the line states; returns a
     * completed request or null.
     */
    private RequestHead onLine(byte[] b, int off, int len) {
        switch (state) {
            case REQUEST_LINE -> {
                if (len > 0) {
                    requestLine(b, off, len);
                    state = State.HEADER_LINE;
                } else if (++emptyLines > MAX_LEADING_EMPTY_LINES) {
                    throw bad("Too many empty lines before the request line.");
                }
            }
            case HEADER_LINE -> {
                if (len == 0) {
                    return endOfHead();
                }
                headerField(b, off, len);
            }
            case CHUNK_LINE -> chunkLine(b, off, len);
            case CHUNK_DATA_END -> state = State.CHUNK_LINE;
            case TRAILER_LINE -> {
                if (len == 0) {
                    return head;
                }
                fieldLine(b, off, len, "The trailer section has too many fields.");
            }
        }
        return null;
    }

    /** Hands out a finished request and gets ready for the next one on the connection. */
    private RequestHead complete(RequestHead done) {
        reset();
        inProgress = false;
        state = done.bodyUnread() ? State.SPENT : State.REQUEST_LINE;
        if (partial != null && partial.length > RETAINED_PARTIAL_BYTES) {
            partial = null;
        }
        return done;
    }

    private void reset() {
        emptyLines = 0;
        sectionBytes = 0;
        sectionFields = 0;
        method = null;
        target = null;
        path = null;
        query = null;
        form = null;
        authority = null;
        version = null;
        host = null;
        connectionClose = false;
        connectionKeepAlive = false;
        contentLength = -1;
        transferEncoding = false;
        chunked = false;
        unsupportedCoding = false;
        expectContinue = false;
        unmetExpectation = false;
        range = null;
        ifRange = null;
        ifMatch = null;
        ifNoneMatch = null;
        ifModifiedSince = null;
        ifUnmodifiedSince = null;
        head = null;
        bodyRemaining = 0;
        bodyBytes = 0;
    }

    // ---- request line (RFC 9112 section 3) ----

    /**
     * {@code method SP request-target SP HTTP-version}. A line with several faults gets the status of the first in
     * this order: syntax, target included (400); the major version (505); an unknown method (501), so only a
     * well-formed line can earn a 501; a target form that does not suit the method (400).
     */
    private void requestLine(byte[] b, int off, int len) {
        int end = off + len;
        int i = off;
        while (i < end && ByteClass.isTchar(b[i])) {
            i++;
        }
        int methodEnd = i;
        if (methodEnd == off || i == end || b[i] != SP) {
            throw bad("The request line is malformed.");
        }
        int targetStart = ++i;
        while (i < end && ByteClass.isTarget(b[i])) {
            i++;
        }
        int targetEnd = i;
        if (targetEnd == targetStart || i == end || b[i] != SP) {
            throw bad("The request line is malformed.");
        }
        int v = i + 1;
        if (end - v != 8
                || !startsWith(b, v, HTTP_SLASH)
                || !ByteClass.isDigit(b[v + 5])
                || b[v + 6] != '.'
                || !ByteClass.isDigit(b[v + 7])) {
            throw bad("The HTTP version is malformed.");
        }
        target(b, targetStart, targetEnd);
        if (b[v + 5] != '1') {
            throw new HttpException(Status.HTTP_VERSION_NOT_SUPPORTED, "Only HTTP/1.x is supported.");
        }
        version = b[v + 7] == '0' ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1;
        method = method(b, off, methodEnd);
        if (method == null) {
            throw new HttpException(Status.NOT_IMPLEMENTED, "The request method is not recognised.");
        }
        if ((form == Form.AUTHORITY) != (method == Method.CONNECT)) {
            throw bad("CONNECT, and only CONNECT, takes a host:port target.");
        }
        if (form == Form.AUTHORITY && !HostSyntax.isValid(b, targetStart, targetEnd, true, true)) {
            throw bad("The CONNECT target must be host:port.");
        }
        if (form == Form.ASTERISK && method != Method.OPTIONS) {
            throw bad("Only OPTIONS may have the target *.");
        }
    }

    /**
     * Sorts the request-target into its four forms (RFC 9112 section 3.2) and sets target, path, query and, for
     * absolute-form, the authority. A target of none of the first three forms is taken as authority-form, which
     * {@link #requestLine} checks once it knows the method.
     */
    private void target(byte[] b, int from, int to) {
        target = new String(b, from, to - from, StandardCharsets.ISO_8859_1);
        if (b[from] == '/') {
            form = Form.ORIGIN;
            pathAndQuery(b, from, to, from);
        } else if (to - from == 1 && b[from] == '*') {
            form = Form.ASTERISK;
            path = target;
        } else if (startsWithIgnoreCase(b, from, to, HTTP_SCHEME) || startsWithIgnoreCase(b, from, to, HTTPS_SCHEME)) {
            int authorityStart = from + (b[from + 4] == ':' ? HTTP_SCHEME.length : HTTPS_SCHEME.length);
            int authorityEnd = authorityStart;
            while (authorityEnd < to && b[authorityEnd] != '/' && b[authorityEnd] != '?') {
                authorityEnd++;
            }
            form = Form.ABSOLUTE;
            if (!HostSyntax.isValid(b, authorityStart, authorityEnd, true, false)) {
                throw bad("The authority of the request-target is invalid.");
            }
            authority = target.substring(authorityStart - from, authorityEnd - from);
            if (authorityEnd < to && b[authorityEnd] == '/') {
                pathAndQuery(b, authorityEnd, to, from);
            } else {
                path = "/";
                if (authorityEnd < to) {
                    query = target.substring(authorityEnd + 1 - from);
                }
            }
        } else {
            form = Form.AUTHORITY;
            path = target;
        }
    }

    /** Splits {@code b[from, to)}, which starts with {@code /} and is part of the target at {@code t}, at {@code ?}. */
    private void pathAndQuery(byte[] b, int from, int to, int t) {
        int q = from;
        while (q < to && b[q] != '?') {
            q++;
        }
        if (from == t && q == to) {
            path = target;
        } else {
            path = target.substring(from - t, q - t);
            query = q < to ? target.substring(q + 1 - t) : null;
        }
    }

    /** The method named by the token {@code b[from, to)} (case-sensitive), or {@code null}. */
    private static Method method(byte[] b, int from, int to) {
        for (int m = 0; m < METHODS.length; m++) {
            byte[] name = METHOD_NAMES[m];
            if (name.length == to - from && startsWith(b, from, name)) {
                return METHODS[m];
            }
        }
        return null;
    }

    // ---- header section (RFC 9112 section 5, RFC 9110 section 5) ----

    private void headerField(byte[] b, int off, int len) {
        int colon = fieldLine(b, off, len, "The header section has too many fields.");
        Field field = Field.of(b, off, colon - off);
        if (field == null) {
            return;
        }
        int from = colon + 1;
        int to = off + len;
        while (from < to && ByteClass.isOws(b[from])) {
            from++;
        }
        while (to > from && ByteClass.isOws(b[to - 1])) {
            to--;
        }
        switch (field) {
            case HOST -> {
                if (host != null) {
                    throw bad("The Host field is sent more than once.");
                }
                if (!HostSyntax.isValid(b, from, to, false, false)) {
                    throw bad("The Host field is invalid.");
                }
                host = string(b, from, to);
            }
            case CONNECTION -> connection(b, from, to);
            case CONTENT_LENGTH -> contentLength(b, from, to);
            case TRANSFER_ENCODING -> transferEncoding(b, from, to);
            case EXPECT -> {
                // HTTP/1.0 has no Expect (RFC 9110 section 10.1.1): a 1.0 client will not wait for 100
                if (version == HttpVersion.HTTP_1_1) {
                    if (equalsIgnoreCase(b, from, to, CONTINUE)) {
                        expectContinue = true;
                    } else {
                        unmetExpectation = true;
                    }
                }
            }
            case RANGE -> range = combine(range, b, from, to);
            case IF_RANGE -> ifRange = combine(ifRange, b, from, to);
            case IF_MATCH -> ifMatch = combine(ifMatch, b, from, to);
            case IF_NONE_MATCH -> ifNoneMatch = combine(ifNoneMatch, b, from, to);
            case IF_MODIFIED_SINCE -> ifModifiedSince = combine(ifModifiedSince, b, from, to);
            case IF_UNMODIFIED_SINCE -> ifUnmodifiedSince = combine(ifUnmodifiedSince, b, from, to);
        }
    }

    /**
     * Checks a field line, {@code field-name ":" OWS field-value OWS}, and counts it against the section's
     * budget (the header section, or the trailer section, which has a budget of its own).
     *
     * @return the index of the colon
     */
    private int fieldLine(byte[] b, int off, int len, String tooMany) {
        if (++sectionFields > limits.maxHeaderCount()) {
            throw new HttpException(Status.REQUEST_HEADER_FIELDS_TOO_LARGE, tooMany);
        }
        sectionBytes += len;
        int end = off + len;
        if (ByteClass.isOws(b[off])) {
            // obs-fold, or whitespace before the first field (RFC 9112 sections 2.2 and 5.2): both smuggling vectors
            throw bad("A field line starts with whitespace (line folding is not supported).");
        }
        int colon = off;
        while (colon < end && ByteClass.isTchar(b[colon])) {
            colon++;
        }
        if (colon == off || colon == end || b[colon] != ':') {
            throw bad("A field name is malformed.");
        }
        for (int i = colon + 1; i < end; i++) {
            if (!ByteClass.isFieldValue(b[i])) {
                throw bad("A field value contains a control byte.");
            }
        }
        return colon;
    }

    /** {@code Connection = #connection-option}: only {@code close} and {@code keep-alive} matter here. */
    private void connection(byte[] b, int from, int to) {
        int i = from;
        while (i <= to) {
            int comma = i;
            while (comma < to && b[comma] != ',') {
                comma++;
            }
            int s = i;
            int e = comma;
            while (s < e && ByteClass.isOws(b[s])) {
                s++;
            }
            while (e > s && ByteClass.isOws(b[e - 1])) {
                e--;
            }
            if (equalsIgnoreCase(b, s, e, CLOSE)) {
                connectionClose = true;
            } else if (equalsIgnoreCase(b, s, e, KEEP_ALIVE)) {
                connectionKeepAlive = true;
            }
            i = comma + 1;
        }
    }

    /**
     * {@code Content-Length = 1*DIGIT}. Lists, even of equal values, and a second field are refused: a message
     * whose length two parties could read differently is the root of request smuggling.
     */
    private void contentLength(byte[] b, int from, int to) {
        if (contentLength >= 0) {
            throw bad("The Content-Length field is sent more than once.");
        }
        if (transferEncoding) {
            throw bad("Both Transfer-Encoding and Content-Length are sent.");
        }
        if (from == to || to - from > MAX_CONTENT_LENGTH_DIGITS) {
            throw bad("The Content-Length field is invalid.");
        }
        long n = 0;
        for (int i = from; i < to; i++) {
            if (!ByteClass.isDigit(b[i])) {
                throw bad("The Content-Length field is invalid.");
            }
            n = n * 10 + (b[i] - '0');
        }
        contentLength = n;
    }

    /**
     * Only {@code chunked} alone is understood. Another well-formed coding list is a 501, decided when the head
     * is complete so that a framing conflict found later still gets its 400.
     */
    private void transferEncoding(byte[] b, int from, int to) {
        if (version == HttpVersion.HTTP_1_0) {
            // a 1.0 recipient cannot know chunked, so the framing is in doubt (RFC 9112 section 6.1)
            throw bad("Transfer-Encoding is not allowed in HTTP/1.0.");
        }
        if (transferEncoding) {
            throw bad("The Transfer-Encoding field is sent more than once.");
        }
        if (contentLength >= 0) {
            throw bad("Both Transfer-Encoding and Content-Length are sent.");
        }
        transferEncoding = true;
        if (equalsIgnoreCase(b, from, to, CHUNKED)) {
            chunked = true;
        } else if (isTokenList(b, from, to)) {
            unsupportedCoding = true;
        } else {
            throw bad("The Transfer-Encoding field is invalid.");
        }
    }

    /** The head is complete: apply the rules that need all of it, then decide about the body. */
    private RequestHead endOfHead() {
        if (version == HttpVersion.HTTP_1_1 && host == null) {
            throw bad("An HTTP/1.1 request must have a Host field.");
        }
        if (unsupportedCoding) {
            throw new HttpException(Status.NOT_IMPLEMENTED, "The only transfer coding supported is chunked.");
        }
        if (unmetExpectation) {
            throw new HttpException(Status.EXPECTATION_FAILED, "The only expectation supported is 100-continue.");
        }
        if (contentLength > limits.maxBodyBytes()) {
            throw new HttpException(Status.CONTENT_TOO_LARGE, "The request body is too large.");
        }
        boolean hasBody = chunked || contentLength > 0;
        boolean bodyUnread = hasBody && expectContinue;
        boolean keepAlive = !connectionClose && (version == HttpVersion.HTTP_1_1 || connectionKeepAlive);
        head = new RequestHead(
                method,
                target,
                path,
                query,
                version,
                authority != null ? authority : host != null ? host : "",
                keepAlive,
                expectContinue,
                bodyUnread,
                range,
                ifRange,
                ifMatch,
                ifNoneMatch,
                ifModifiedSince,
                ifUnmodifiedSince);
        if (!hasBody || bodyUnread) {
            return head;
        }
        if (chunked) {
            state = State.CHUNK_LINE;
        } else {
            bodyRemaining = contentLength;
            state = State.BODY;
        }
        return null;
    }

    // ---- chunked body (RFC 9112 section 7.1) ----

    /** {@code chunk-size [ chunk-ext ]}: 1 to 16 hex digits, then extensions, which are checked and ignored. */
    private void chunkLine(byte[] b, int off, int len) {
        int end = off + len;
        int i = off;
        long size = 0;
        while (i < end && ByteClass.isHexdig(b[i])) {
            if (i - off == MAX_CHUNK_SIZE_DIGITS) {
                throw bad("A chunk size is too long.");
            }
            size = size << 4 | ByteClass.hexValue(b[i]);
            i++;
        }
        if (i == off) {
            throw bad("A chunk size is malformed.");
        }
        chunkExtensions(b, i, end);
        // with 16 digits the size may exceed a signed long, which reads as negative
        if (size < 0 || size > limits.maxBodyBytes() - bodyBytes) {
            throw new HttpException(Status.CONTENT_TOO_LARGE, "The request body is too large.");
        }
        if (size == 0) {
            sectionBytes = 0;
            sectionFields = 0;
            state = State.TRAILER_LINE;
        } else {
            bodyBytes += size;
            bodyRemaining = size;
            state = State.CHUNK_DATA;
        }
    }

    /**
     * {@code chunk-ext = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] )}, where a value is a token
     * or a quoted-string. Whitespace is allowed only next to {@code ;} and {@code =}, never at the end.
     */
    private static void chunkExtensions(byte[] b, int from, int end) {
        int i = from;
        while (i < end) {
            i = skipOws(b, i, end);
            if (i == end || b[i] != ';') {
                throw bad("A chunk extension is malformed.");
            }
            i = skipOws(b, i + 1, end);
            int name = i;
            i = tokenEnd(b, i, end);
            if (i == name) {
                throw bad("A chunk extension is malformed.");
            }
            int eq = skipOws(b, i, end);
            if (eq < end && b[eq] == '=') {
                i = skipOws(b, eq + 1, end);
                int value = i;
                i = i < end && b[i] == '"' ? quotedStringEnd(b, i, end) : tokenEnd(b, i, end);
                if (i == value) {
                    throw bad("A chunk extension is malformed.");
                }
            }
        }
    }

    /** The index after the quoted-string that starts at {@code b[from]} (a DQUOTE). */
    private static int quotedStringEnd(byte[] b, int from, int end) {
        int i = from + 1;
        while (i < end) {
            byte c = b[i];
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\' && i + 1 < end && ByteClass.isFieldValue(b[i + 1])) {
                i += 2;
            } else if (ByteClass.isQdtext(c)) {
                i++;
            } else {
                break;
            }
        }
        throw bad("A chunk extension is malformed.");
    }

    // ---- small byte helpers ----

    /** {@code token *( OWS "," OWS token )}, for a value already trimmed of OWS. */
    private static boolean isTokenList(byte[] b, int from, int to) {
        int i = from;
        while (true) {
            int token = i;
            i = tokenEnd(b, i, to);
            if (i == token) {
                return false;
            }
            i = skipOws(b, i, to);
            if (i == to) {
                return true;
            }
            if (b[i] != ',') {
                return false;
            }
            i = skipOws(b, i + 1, to);
        }
    }

    private static int tokenEnd(byte[] b, int from, int to) {
        int i = from;
        while (i < to && ByteClass.isTchar(b[i])) {
            i++;
        }
        return i;
    }

    private static int skipOws(byte[] b, int from, int to) {
        int i = from;
        while (i < to && ByteClass.isOws(b[i])) {
            i++;
        }
        return i;
    }

    private static boolean startsWith(byte[] b, int from, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (b[from + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code b[from, to)} starts with {@code lower}, ignoring the case of ASCII letters. */
    private static boolean startsWithIgnoreCase(byte[] b, int from, int to, byte[] lower) {
        if (to - from < lower.length) {
            return false;
        }
        for (int i = 0; i < lower.length; i++) {
            if (toLower(b[from + i]) != lower[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code b[from, to)} equals {@code lower}, ignoring the case of ASCII letters. */
    private static boolean equalsIgnoreCase(byte[] b, int from, int to, byte[] lower) {
        return to - from == lower.length && startsWithIgnoreCase(b, from, to, lower);
    }

    private static byte toLower(byte c) {
        return c >= 'A' && c <= 'Z' ? (byte) (c | 0x20) : c;
    }

    private static String string(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /** A field sent more than once becomes one value joined by ", " (RFC 9110 section 5.3). */
    private static String combine(String previous, byte[] b, int from, int to) {
        String value = string(b, from, to);
        return previous == null ? value : previous + ", " + value;
    }

    private static HttpException bad(String detail) {
        return new HttpException(Status.BAD_REQUEST, detail);
    }
}
