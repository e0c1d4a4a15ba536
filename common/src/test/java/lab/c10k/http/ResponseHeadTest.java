package lab.c10k.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import lab.c10k.http.ResponseHead.ConnectionField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The response head, encoded into a new array or into a caller's buffer: the same bytes either way. */
class ResponseHeadTest {
    private static final byte[] DATE = "Wed, 26 Nov 2026 08:00:00 GMT".getBytes(StandardCharsets.US_ASCII);

    static Stream<Response> responses() {
        var fields = List.of(
                new Response.Field("Content-Type", "application/octet-stream"),
                new Response.Field("ETag", "\"1a-800\""));
        return Stream.of(
                new Response(Status.OK, fields, new Body.Withheld(2048)),
                new Response(Status.OK, List.of(), new Body.Withheld(0)),
                new Response(Status.OK, List.of(), new Body.Withheld(9)),
                new Response(Status.OK, List.of(), new Body.Withheld(10)),
                new Response(Status.OK, List.of(), new Body.Withheld(5L << 30)),
                new Response(Status.OK, List.of(), new Body.Withheld(Long.MAX_VALUE)),
                new Response(Status.NOT_MODIFIED, fields, Body.ABSENT),
                Response.text(Status.NOT_FOUND, "missing"));
    }

    @ParameterizedTest
    @MethodSource("responses")
    void aCallersBufferGetsTheSameBytesAsANewArray(Response response) {
        for (ConnectionField connection : ConnectionField.values()) {
            byte[] expected = ResponseHead.encode(response, DATE, connection);
            for (ByteBuffer out : new ByteBuffer[] {
                ByteBuffer.allocate(4096),
                ByteBuffer.allocateDirect(4096),
                ByteBuffer.allocate(4200).slice(50, 4096)
            }) {
                out.position(7);
                assertThat(ResponseHead.encode(response, DATE, connection, out)).isTrue();
                assertThat(out.position()).isEqualTo(7 + expected.length);
                byte[] got = new byte[expected.length];
                out.get(7, got);
                assertThat(ResponseHead.toString(got)).isEqualTo(ResponseHead.toString(expected));
            }
        }
    }

    @Test
    void theContentLengthIsWrittenInDecimal() {
        for (long n : new long[] {0, 7, 10, 99, 100, 2048, 1L << 40, Long.MAX_VALUE}) {
            String head = ResponseHead.toString(ResponseHead.encode(
                    new Response(Status.OK, List.of(), new Body.Withheld(n)), DATE, ConnectionField.NONE));
            assertThat(head).contains("\r\nContent-Length: " + n + "\r\n");
            assertThat(ResponseHead.digits(n)).isEqualTo(Long.toString(n).length());
        }
    }

    @Test
    void aHeadThatDoesNotFitLeavesTheBufferUnchanged() {
        Response r = new Response(Status.OK, List.of(), new Body.Withheld(1));
        int size = ResponseHead.encode(r, DATE, ConnectionField.CLOSE).length;
        ByteBuffer out = ByteBuffer.allocate(size - 1);
        assertThat(ResponseHead.encode(r, DATE, ConnectionField.CLOSE, out)).isFalse();
        assertThat(out.position()).isZero();
        assertThat(Arrays.equals(out.array(), new byte[size - 1])).isTrue();
        assertThat(ResponseHead.encode(r, DATE, ConnectionField.CLOSE, ByteBuffer.allocate(size)))
                .isTrue();
    }

    @Test
    void aFieldThatWouldSplitTheHeadIsABug() {
        Response r = new Response(Status.OK, List.of(new Response.Field("X", "a\r\nb")), Body.EMPTY);
        assertThatThrownBy(() -> ResponseHead.encode(r, DATE, ConnectionField.NONE, ByteBuffer.allocate(4096)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ResponseHead.encode(r, DATE, ConnectionField.NONE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void manyDifferentFieldValuesEachEncodeAsThemselvesAndABadOneIsNeverTakenForAGoodOne() {
        var random = new java.util.Random(42);
        for (int i = 0; i < 5000; i++) {
            // few distinct values, so that slots are shared and hits and misses alternate
            String value = "v" + random.nextInt(700) + "-" + "x".repeat(random.nextInt(40));
            Response r = new Response(Status.OK, List.of(new Response.Field("X-" + (i % 3), value)), Body.EMPTY);
            String head = new String(ResponseHead.encode(r, DATE, ConnectionField.NONE), StandardCharsets.US_ASCII);
            assertThat(head).contains("\r\nX-" + (i % 3) + ": " + value + "\r\n");
        }
        // The same text as a good value but for a CR: refused every time, not served from the good value's slot.
        String good = "abc";
        String bad = "ab\r";
        for (int i = 0; i < 3; i++) {
            ResponseHead.encode(
                    new Response(Status.OK, List.of(new Response.Field("X", good)), Body.EMPTY),
                    DATE,
                    ConnectionField.NONE);
            assertThatThrownBy(() -> ResponseHead.encode(
                            new Response(Status.OK, List.of(new Response.Field("X", bad)), Body.EMPTY),
                            DATE,
                            ConnectionField.NONE))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
