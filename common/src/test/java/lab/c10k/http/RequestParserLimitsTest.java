package lab.c10k.http;

import static lab.c10k.http.Feeder.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every limit at its exact boundary: at the limit passes, one byte or one field more is refused with the
 * limit's status. Lines that never end are refused at the byte that crosses the limit, without more input.
 */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a parser that spins fails, not hangs
class RequestParserLimitsTest {
    private static final int LINE = 32;
    private static final int HEADER_BYTES = 64;
    private static final int HEADER_COUNT = 4;
    private static final int BODY = 10;
    private static final HttpLimits SMALL = new HttpLimits(LINE, HEADER_BYTES, HEADER_COUNT, BODY);

    /** A request line of exactly {@code n} bytes: {@code GET /aaa... HTTP/1.1}. */
    private static String requestLine(int n) {
        return "GET /" + "a".repeat(n - "GET / HTTP/1.1".length()) + " HTTP/1.1";
    }

    /** A field line of exactly {@code n} bytes: {@code X: vvv...}. */
    private static String field(int n) {
        return "X: " + "v".repeat(n - 3);
    }

    /** Feeds whole and byte by byte, with CRLF and with LF: all four must agree; returns the outcome. */
    private static Feeder.Outcome outcome(String request) {
        Feeder.Outcome crlf = Feeder.whole(SMALL, bytes(request));
        assertThat(Feeder.byteAtATime(SMALL, bytes(request))).isEqualTo(crlf);
        byte[] lf = RequestParserConformanceTest.withBareLf(bytes(request));
        Feeder.Outcome bare = Feeder.whole(SMALL, lf);
        assertThat(Feeder.byteAtATime(SMALL, lf)).isEqualTo(bare);
        assertThat(bare.status()).isEqualTo(crlf.status());
        return crlf;
    }

    private static void assertAccepted(String request) {
        Feeder.Outcome o = outcome(request);
        assertThat(o.status()).as(o.detail()).isNull();
        assertThat(o.heads()).hasSize(1);
        assertThat(o.consumed()).isEqualTo(bytes(request).length);
    }

    private static void assertRefused(String request, Status status) {
        assertThat(outcome(request).status()).isEqualTo(status);
    }

    @Test
    void requestLineAtTheLimitPassesOneMoreIs414() {
        assertAccepted(requestLine(LINE) + "\r\nHost: a\r\n\r\n");
        assertRefused(requestLine(LINE + 1) + "\r\nHost: a\r\n\r\n", Status.URI_TOO_LONG);
    }

    @Test
    void endlessRequestLineIsRefusedAtTheCrossingByte() {
        RequestParser parser = new RequestParser(SMALL);
        assertThat(parser.parse(ByteBuffer.wrap(bytes("GET /" + "a".repeat(LINE - 5)))))
                .isNull();
        assertThatThrownBy(() -> parser.parse(ByteBuffer.wrap(bytes("a"))))
                .isInstanceOfSatisfying(
                        HttpException.class, e -> assertThat(e.status()).isEqualTo(Status.URI_TOO_LONG));
    }

    @Test
    void aCrAfterAFullRequestLineMayStillBeItsTerminator() {
        RequestParser parser = new RequestParser(SMALL);
        assertThat(parser.parse(ByteBuffer.wrap(bytes(requestLine(LINE) + "\r"))))
                .isNull();
        assertThat(parser.parse(ByteBuffer.wrap(bytes("\nHost: a\r\n\r\n")))).isNotNull();
    }

    @Test
    void headerBytesAtTheLimitPassOneMoreIs431() {
        String host = "Host: a"; // field lines count without their terminators: Host counts too
        assertAccepted(requestLine(20) + "\r\n" + host + "\r\n" + field(HEADER_BYTES - host.length()) + "\r\n\r\n");
        assertRefused(
                requestLine(20) + "\r\n" + host + "\r\n" + field(HEADER_BYTES - host.length() + 1) + "\r\n\r\n",
                Status.REQUEST_HEADER_FIELDS_TOO_LARGE);
    }

    @Test
    void headerBytesAddUpOverSeveralLines() {
        String fields = "Host: a\r\n" + (field(19) + "\r\n").repeat(3); // 7 + 3 * 19 = 64
        assertAccepted(requestLine(20) + "\r\n" + fields + "\r\n");
        assertRefused(
                requestLine(20) + "\r\n" + fields.replace("Host: a", "Host: ab") + "\r\n",
                Status.REQUEST_HEADER_FIELDS_TOO_LARGE);
    }

    @Test
    void endlessHeaderLineIsRefusedAtTheCrossingByte() {
        RequestParser parser = new RequestParser(SMALL);
        String head = requestLine(20) + "\r\nHost: a\r\n" + field(HEADER_BYTES - 7);
        assertThat(parser.parse(ByteBuffer.wrap(bytes(head)))).isNull();
        assertThatThrownBy(() -> parser.parse(ByteBuffer.wrap(bytes("v"))))
                .isInstanceOfSatisfying(
                        HttpException.class,
                        e -> assertThat(e.status()).isEqualTo(Status.REQUEST_HEADER_FIELDS_TOO_LARGE));
    }

    @Test
    void headerCountAtTheLimitPassesOneMoreIs431() {
        assertAccepted(requestLine(20) + "\r\nHost: a\r\n" + "X: 1\r\n".repeat(HEADER_COUNT - 1) + "\r\n");
        assertRefused(
                requestLine(20) + "\r\nHost: a\r\n" + "X: 1\r\n".repeat(HEADER_COUNT) + "\r\n",
                Status.REQUEST_HEADER_FIELDS_TOO_LARGE);
    }

    @Test
    void emptyFieldsCountToo() {
        assertRefused(
                requestLine(20) + "\r\nHost: a\r\n" + "X:\r\n".repeat(HEADER_COUNT) + "\r\n",
                Status.REQUEST_HEADER_FIELDS_TOO_LARGE);
    }

    @Test
    void contentLengthBodyAtTheLimitPassesOneMoreIs413() {
        assertAccepted("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n" + "b".repeat(BODY));
        // refused when the head ends, before any of the body is sent
        assertRefused("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n", Status.CONTENT_TOO_LARGE);
    }

    @Test
    void chunkedBodyAtTheLimitPassesOneMoreIs413() {
        String head = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";
        assertAccepted(head + "3\r\nabc\r\n7\r\nabcdefg\r\n0\r\n\r\n");
        assertAccepted(head + "a\r\nabcdefghij\r\n0\r\n\r\n");
        // refused at the chunk line that would cross the limit, before its data
        assertRefused(head + "3\r\nabc\r\n8\r\n", Status.CONTENT_TOO_LARGE);
        assertRefused(head + "b\r\n", Status.CONTENT_TOO_LARGE);
    }

    @Test
    void theTrailerHasAFreshBudgetOfItsOwn() {
        String head = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n" + field(HEADER_BYTES - 7 - 26)
                + "\r\n\r\n"; // the head uses the whole budget
        String trailerAtLimit = (field(16) + "\r\n").repeat(HEADER_COUNT);
        assertAccepted(head + "1\r\na\r\n0\r\n" + trailerAtLimit + "\r\n");
        assertRefused(
                head + "1\r\na\r\n0\r\n" + trailerAtLimit.replaceFirst("X: ", "X: v") + "\r\n",
                Status.REQUEST_HEADER_FIELDS_TOO_LARGE);
        assertRefused(
                head + "1\r\na\r\n0\r\n" + "T: 1\r\n".repeat(HEADER_COUNT + 1) + "\r\n",
                Status.REQUEST_HEADER_FIELDS_TOO_LARGE);
    }

    @Test
    void chunkLineAtItsLimitPassesOneMoreIs400() {
        String head = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";
        String line = "1;" + "e".repeat(RequestParser.MAX_CHUNK_LINE_BYTES - 2);
        assertAccepted(head + line + "\r\na\r\n0\r\n\r\n");
        assertRefused(head + line + "e\r\na\r\n0\r\n\r\n", Status.BAD_REQUEST);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, RequestParser.MAX_LEADING_EMPTY_LINES})
    void upToEightEmptyLinesAreSkipped(int lines) {
        assertAccepted("\r\n".repeat(lines) + "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
    }

    @Test
    void aNinthEmptyLineIs400() {
        assertRefused(
                "\r\n".repeat(RequestParser.MAX_LEADING_EMPTY_LINES + 1) + "GET / HTTP/1.1\r\nHost: a\r\n\r\n",
                Status.BAD_REQUEST);
    }

    @Test
    void zeroHeaderLimitsRefuseAnyField() {
        HttpLimits none = new HttpLimits(16, 0, 0, 0);
        assertThat(Feeder.whole(none, bytes("GET / HTTP/1.0\r\n\r\n")).heads()).hasSize(1);
        assertThat(Feeder.whole(none, bytes("GET / HTTP/1.0\r\nA:\r\n\r\n")).status())
                .isEqualTo(Status.REQUEST_HEADER_FIELDS_TOO_LARGE);
        assertThat(Feeder.whole(none, bytes("GET / HTTP/1.0\r\nA\r\n\r\n")).status())
                .isEqualTo(Status.REQUEST_HEADER_FIELDS_TOO_LARGE);
    }
}
