package lab.c10k.harness.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The generator's response parser: every way an HTTP/1.x response can end, fed whole, in two pieces at every
 * split, and byte by byte; with CRLF and with bare LF.
 */
class ResponseReaderTest {

    /** A response, where it ends, its status, and whether the connection closes after it. */
    record Case(String name, String response, int length, int status, boolean close) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final String TAIL = "NEXT";

    static List<Case> cases() {
        var cases = new ArrayList<Case>();
        add(cases, "content-length", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nServer: x\r\n\r\nhello", 200, false);
        add(cases, "empty body", "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", 200, false);
        add(cases, "404 with body", "HTTP/1.1 404 Not Found\r\ncontent-length: 4\r\n\r\nnope", 404, false);
        add(
                cases,
                "connection close",
                "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok",
                200,
                true);
        add(
                cases,
                "connection list",
                "HTTP/1.1 200 OK\r\nConnection: foo, Close\r\nContent-Length: 2\r\n\r\nok",
                200,
                true);
        add(cases, "HTTP/1.0 closes", "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok", 200, true);
        add(
                cases,
                "HTTP/1.0 keep-alive",
                "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok",
                200,
                false);
        add(cases, "304 has no body", "HTTP/1.1 304 Not Modified\r\nContent-Length: 99\r\n\r\n", 304, false);
        add(cases, "204 has no body", "HTTP/1.1 204 No Content\r\n\r\n", 204, false);
        add(
                cases,
                "chunked",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n1a;ext=1\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\n\r\n",
                200,
                false);
        add(
                cases,
                "chunked with trailers",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\nA\r\n0123456789\r\n0\r\nX-Sum: 1\r\nY: 2\r\n\r\n",
                200,
                false);
        add(
                cases,
                "interim 100 then 200",
                "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx",
                200,
                false);
        add(cases, "empty lines first", "\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx", 200, false);
        add(cases, "status without reason", "HTTP/1.1 200\r\nContent-Length: 1\r\n\r\nx", 200, false);
        add(
                cases,
                "repeated equal lengths",
                "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx",
                200,
                false);
        return cases;
    }

    private static void add(List<Case> cases, String name, String response, int status, boolean close) {
        cases.add(new Case(name + " (CRLF)", response, response.length(), status, close));
        String lf = response.replace("\r\n", "\n");
        cases.add(new Case(name + " (LF)", lf, lf.length(), status, close));
    }

    static List<Arguments> cases2() {
        return cases().stream().map(Arguments::of).toList();
    }

    @ParameterizedTest
    @MethodSource("cases2")
    void endsWhereTheResponseEndsWhole(Case c) {
        ByteBuffer in = bytes(c.response() + TAIL);
        var reader = new ResponseReader();
        assertThat(reader.feed(in)).isTrue();
        assertThat(in.position()).isEqualTo(c.length());
        assertThat(reader.status()).isEqualTo(c.status());
        assertThat(reader.mustClose()).isEqualTo(c.close());
    }

    @ParameterizedTest
    @MethodSource("cases2")
    void endsWhereTheResponseEndsAtEverySplit(Case c) {
        byte[] all = (c.response() + TAIL).getBytes(StandardCharsets.ISO_8859_1);
        for (int split = 1; split < c.length(); split++) {
            var reader = new ResponseReader();
            ByteBuffer first = ByteBuffer.wrap(all, 0, split);
            assertThat(reader.feed(first)).as("split at %d", split).isFalse();
            assertThat(first.hasRemaining()).isFalse();
            ByteBuffer second = ByteBuffer.wrap(all, split, all.length - split);
            assertThat(reader.feed(second)).as("split at %d", split).isTrue();
            assertThat(second.position()).isEqualTo(c.length());
            assertThat(reader.status()).isEqualTo(c.status());
        }
    }

    @ParameterizedTest
    @MethodSource("cases2")
    void endsWhereTheResponseEndsByteByByte(Case c) {
        byte[] all = c.response().getBytes(StandardCharsets.ISO_8859_1);
        var reader = new ResponseReader();
        for (int i = 0; i < all.length; i++) {
            boolean done = reader.feed(ByteBuffer.wrap(all, i, 1));
            assertThat(done).as("after byte %d", i).isEqualTo(i == all.length - 1);
        }
        assertThat(reader.status()).isEqualTo(c.status());
        assertThat(reader.mustClose()).isEqualTo(c.close());
    }

    @ParameterizedTest
    @MethodSource("cases2")
    void readsTwoResponsesInARow(Case c) {
        var reader = new ResponseReader();
        ByteBuffer in = bytes(c.response() + c.response());
        assertThat(reader.feed(in)).isTrue();
        assertThat(reader.feed(in)).isTrue();
        assertThat(in.hasRemaining()).isFalse();
        assertThat(reader.status()).isEqualTo(c.status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/1.1 200 OK\r\n\r\nthe body runs to the close", "HTTP/1.0 200 OK\r\n\r\nbody"})
    void aResponseWithoutLengthEndsAtTheClose(String response) {
        var reader = new ResponseReader();
        assertThat(reader.feed(bytes(response))).isFalse();
        assertThat(reader.endOfInput()).isTrue();
        assertThat(reader.status()).isEqualTo(200);
        assertThat(reader.mustClose()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhel",
                "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n"
            })
    void aCloseInTheMiddleIsNoResponse(String partial) {
        var reader = new ResponseReader();
        assertThat(reader.feed(bytes(partial))).isFalse();
        assertThat(reader.endOfInput()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "HTTP/2 200 OK\r\n\r\n",
                "HTTX/1.1 200 OK\r\n\r\n",
                "HTTP/1.1 20 OK\r\n\r\n",
                "HTTP/1.1 2000 OK\r\n\r\n",
                "hello\r\n\r\n",
                "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nx",
                "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 12a\r\n\r\n",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\n",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabX\r\n",
                "HTTP/1.1 101 Switching Protocols\r\n\r\n"
            })
    void refusesWhatIsNotAResponse(String response) {
        var reader = new ResponseReader();
        assertThatThrownBy(() -> reader.feed(bytes(response))).isInstanceOf(MalformedResponseException.class);
    }

    @org.junit.jupiter.api.Test
    void refusesAHeadLongerThanTheLimit() {
        var reader = new ResponseReader();
        String huge = "HTTP/1.1 200 OK\r\nX: " + "a".repeat(ResponseReader.MAX_HEAD_BYTES) + "\r\n\r\n";
        assertThatThrownBy(() -> reader.feed(bytes(huge)))
                .isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("longer than");
    }

    @org.junit.jupiter.api.Test
    void resetForgetsAHalfReadResponse() {
        var reader = new ResponseReader();
        assertThat(reader.feed(bytes("HTTP/1.1 500 Oops\r\nContent-Le"))).isFalse();
        reader.reset();
        assertThat(reader.feed(bytes("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")))
                .isTrue();
        assertThat(reader.status()).isEqualTo(200);
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
    }
}
