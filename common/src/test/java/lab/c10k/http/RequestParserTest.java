package lab.c10k.http;

import static lab.c10k.http.Feeder.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The parser's contract with a connection: pipelining, buffer positions, inProgress, and misuse. */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a parser that spins fails, not hangs
class RequestParserTest {
    private final RequestParser parser = new RequestParser(HttpLimits.DEFAULTS);

    private static ByteBuffer buffer(String s) {
        return ByteBuffer.wrap(bytes(s));
    }

    @Test
    void twoPipelinedRequestsComeBackOneByOne() {
        String first = "GET /a HTTP/1.1\r\nHost: a\r\n\r\n";
        ByteBuffer in = buffer(first + "GET /b HTTP/1.1\r\nHost: b\r\n\r\n");

        assertThat(parser.parse(in).path()).isEqualTo("/a");
        assertThat(in.position()).isEqualTo(first.length());
        assertThat(parser.parse(in).path()).isEqualTo("/b");
        assertThat(in.hasRemaining()).isFalse();
    }

    @Test
    void threePipelinedRequestsWithMixedLineEndings() {
        String first = "GET /a HTTP/1.1\r\nHost: a\r\n\r\n";
        String second = "HEAD /b HTTP/1.0\nConnection: keep-alive\n\n";
        ByteBuffer in = buffer(first + second + "GET /c?q HTTP/1.1\r\nHost: c\nConnection: close\r\n\r\n");

        RequestHead a = parser.parse(in);
        assertThat(in.position()).isEqualTo(first.length());
        RequestHead b = parser.parse(in);
        assertThat(in.position()).isEqualTo(first.length() + second.length());
        RequestHead c = parser.parse(in);
        assertThat(in.hasRemaining()).isFalse();

        assertThat(a.path()).isEqualTo("/a");
        assertThat(a.keepAlive()).isTrue();
        assertThat(b.method()).isEqualTo(Method.HEAD);
        assertThat(b.version()).isEqualTo(HttpVersion.HTTP_1_0);
        assertThat(b.keepAlive()).isTrue();
        assertThat(c.query()).isEqualTo("q");
        assertThat(c.keepAlive()).isFalse();
        assertThat(parser.parse(in)).isNull();
    }

    @Test
    void aBodyThatLooksLikeARequestIsDiscardedNotParsed() {
        String body = "GET /evil HTTP/1.1\r\nHost: x\r\n\r\n";
        String first = "GET /a HTTP/1.1\r\nHost: a\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
        ByteBuffer in = buffer(first + "GET /b HTTP/1.1\r\nHost: b\r\n\r\n");

        assertThat(parser.parse(in).path()).isEqualTo("/a");
        assertThat(in.position()).isEqualTo(first.length());
        assertThat(parser.parse(in).path()).isEqualTo("/b");
        assertThat(in.hasRemaining()).isFalse();
    }

    @Test
    void aGetWithAFiveByteBodyThenAPipelinedRequest() {
        ByteBuffer in = buffer(
                "GET /a HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nGET /GET /b HTTP/1.1\r\nHost: b\r\n\r\n");

        assertThat(parser.parse(in).path()).isEqualTo("/a");
        assertThat(parser.parse(in).path()).isEqualTo("/b");
        assertThat(in.hasRemaining()).isFalse();
    }

    @Test
    void aChunkedBodyWithExtensionsAndTrailersThenAPipelinedRequest() {
        String first = "POST /a HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;ext=\"x;y\"\r\nGET /\r\n"
                + "12 ; n = v\r\n GET /x HTTP/1.1\r\n\r\n"
                + "0\r\nHost: evil\r\nX-Checksum: 1\r\n\r\n";
        ByteBuffer in = buffer(first + "GET /b HTTP/1.1\r\nHost: b\r\n\r\n");

        RequestHead a = parser.parse(in);
        assertThat(a.path()).isEqualTo("/a");
        assertThat(a.host()).isEqualTo("a");
        assertThat(in.position()).isEqualTo(first.length());
        assertThat(parser.parse(in).path()).isEqualTo("/b");
        assertThat(in.hasRemaining()).isFalse();
    }

    @Test
    void aValidRequestThenAnInvalidOne() {
        ByteBuffer in = buffer("GET /a HTTP/1.1\r\nHost: a\r\n\r\nGET /b HTTP/1.1\r\n\r\n");

        assertThat(parser.parse(in).path()).isEqualTo("/a");
        assertThatThrownBy(() -> parser.parse(in))
                .isInstanceOfSatisfying(
                        HttpException.class, e -> assertThat(e.status()).isEqualTo(Status.BAD_REQUEST));
    }

    @Test
    void positionsAreRelativeToASliceOfALargerArray() {
        byte[] array = bytes("junk" + "GET /a HTTP/1.1\r\nHost: a\r\n\r\n" + "GET /b HTTP/1.1\r\nHost: b\r\n\r\n");
        ByteBuffer in = ByteBuffer.wrap(array, 4, array.length - 4).slice();

        assertThat(parser.parse(in).path()).isEqualTo("/a");
        assertThat(in.position()).isEqualTo(28);
        assertThat(parser.parse(in).path()).isEqualTo("/b");
        assertThat(in.position()).isEqualTo(array.length - 4);
    }

    @Test
    void theBufferLimitIsRespected() {
        ByteBuffer in = buffer("GET /a HTTP/1.1\r\nHost: a\r\n\r\nGARBAGE");
        in.limit(in.capacity() - "GARBAGE".length() - 1);

        assertThat(parser.parse(in)).isNull();
        assertThat(in.position()).isEqualTo(in.limit());
        in.limit(in.limit() + 1);
        assertThat(parser.parse(in).path()).isEqualTo("/a");
    }

    @Test
    void inProgressFollowsTheRequest() {
        assertThat(parser.inProgress()).as("at start").isFalse();
        assertThat(parser.parse(ByteBuffer.allocate(0))).isNull();
        assertThat(parser.inProgress()).as("after no bytes").isFalse();

        assertThat(parser.parse(buffer("\r\n"))).isNull();
        assertThat(parser.inProgress()).as("after a leading empty line").isTrue();
        assertThat(parser.parse(buffer("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\n")))
                .isNull();
        assertThat(parser.inProgress()).as("with the body to come").isTrue();
        assertThat(parser.parse(buffer("x"))).isNull();
        assertThat(parser.inProgress()).as("within the body").isTrue();

        ByteBuffer rest = buffer("yGET /next HTTP/1.1\r\n");
        assertThat(parser.parse(rest)).isNotNull();
        assertThat(parser.inProgress())
                .as("right after a request, the next one still unread")
                .isFalse();
        assertThat(parser.parse(rest)).isNull();
        assertThat(parser.inProgress()).as("with part of the next request").isTrue();
        assertThat(parser.parse(buffer("Host: a\r\n\r\n"))).isNotNull();
        assertThat(parser.inProgress()).as("after the second request").isFalse();
    }

    @Test
    void expectContinueWithABodyReturnsTheHeadAndSpendsTheParser() {
        String head = "PUT /f HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n";
        ByteBuffer in = buffer(head + "hello");

        RequestHead request = parser.parse(in);
        assertThat(request.expectContinue()).isTrue();
        assertThat(request.bodyUnread()).isTrue();
        assertThat(in.position()).as("the body is left unread").isEqualTo(head.length());
        assertThat(parser.inProgress()).isFalse();
        assertThatThrownBy(() -> parser.parse(in)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void expectContinueWithoutABodyKeepsTheParserGoing() {
        ByteBuffer in = buffer(
                "GET /a HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n\r\n" + "GET /b HTTP/1.1\r\nHost: a\r\n\r\n");

        RequestHead a = parser.parse(in);
        assertThat(a.expectContinue()).isTrue();
        assertThat(a.bodyUnread()).isFalse();
        assertThat(parser.parse(in).expectContinue()).isFalse();
    }

    @Test
    void aParserThatThrewIsSpent() {
        assertThatThrownBy(() -> parser.parse(buffer("GET / HTTP/1.1\r\n\r\n"))).isInstanceOf(HttpException.class);
        assertThatThrownBy(() -> parser.parse(buffer("GET / HTTP/1.1\r\nHost: a\r\n\r\n")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void onlyBuffersWithAnAccessibleArrayAreRead() {
        ByteBuffer direct =
                ByteBuffer.allocateDirect(16).put(bytes("GET / HTTP/1.0\r\n")).flip();
        assertThatThrownBy(() -> parser.parse(direct)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> parser.parse(buffer("GET /").asReadOnlyBuffer()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLongLineCutByBuffersIsReassembled() {
        String target = "/" + "p".repeat(5000);
        String request = "GET " + target + " HTTP/1.1\r\nHost: a\r\nRange: bytes=" + "1,".repeat(3000) + "2\r\n\r\n";
        byte[] all = bytes(request);
        RequestHead head = null;
        for (int i = 0; i < all.length; i += 700) {
            ByteBuffer piece = ByteBuffer.wrap(all, i, Math.min(700, all.length - i));
            head = parser.parse(piece);
            assertThat(piece.hasRemaining()).isFalse();
        }
        assertThat(head).isNotNull();
        assertThat(head.target()).isEqualTo(target);
        assertThat(head.range()).isEqualTo("bytes=" + "1,".repeat(3000) + "2");
    }

    @Test
    void detailsAreFixedSentencesThatNeverEchoTheRequest() {
        assertThatThrownBy(() -> parser.parse(buffer("GET / HTTP/1.1\r\nHost: <script>\r\n\r\n")))
                .isInstanceOfSatisfying(
                        HttpException.class, e -> assertThat(e.detail()).isEqualTo("The Host field is invalid."));
    }
}
