package lab.c10k.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * The parser sits on every strategy's hot path: a typical request must cost a few small objects (the target,
 * the host, the head), and a field the server does not keep must cost none.
 */
class RequestParserAllocationTest {

    /**
     * With compressed oops the request below costs about 170 bytes: target and host strings and the head. The
     * bound leaves room for other object layouts, and is far below one more object per skipped field.
     */
    private static final long MAX_BYTES_PER_REQUEST = 320;

    @Test
    void aTypicalRequestAllocatesOnlyTheTargetTheHostAndTheHead() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        ByteBuffer in = ByteBuffer.wrap(Feeder.bytes("GET /2k.bin HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n"
                + "User-Agent: wrk/4.2\r\nAccept: */*\r\nAccept-Language: en\r\nX-Request-Id: 0123456789abcdef\r\n"
                + "Cache-Control: no-cache\r\n\r\n"));
        RequestParser parser = new RequestParser(HttpLimits.DEFAULTS);
        int requests = 20_000;

        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < requests; i++) {
            in.clear();
            if (parser.parse(in) == null) { // not assertThat: its assertion object would be counted
                throw new AssertionError("the request did not parse");
            }
        }
        long perRequest = (threads.getCurrentThreadAllocatedBytes() - before) / requests;

        assertThat(perRequest).isLessThanOrEqualTo(MAX_BYTES_PER_REQUEST);
    }
}
