package lab.c10k.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Random;
import lab.c10k.server.Http1Connection.Step;
import lab.c10k.testkit.TestDocRoot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The connection state machine in memory, for what event loops need of it: how {@link Http1Connection#write}
 * hands control back (a full channel, the per-call budget, a pipelined next response), a response started in the
 * caller's buffer (head and small body in one write), and nothing held while idle.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Http1ConnectionTest {
    private static final int BIG = 5 << 20;

    private TestDocRoot docs;
    private byte[] big;
    private ServerContext ctx;

    @BeforeAll
    void createRoot() throws IOException {
        docs = TestDocRoot.create();
        big = new byte[BIG];
        new Random(5).nextBytes(big);
        Files.write(docs.file("5m.bin"), big);
        ctx = ServerContext.create(ServerConfig.builder(docs.root()).build());
    }

    @AfterAll
    void deleteRoot() {
        docs.close();
    }

    /** A channel that takes at most {@code room} more bytes, then nothing, as a full non-blocking socket. */
    private static final class Sink implements WritableByteChannel {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final java.util.List<Integer> sizes = new java.util.ArrayList<>();
        long room;
        int writes;

        Sink(long room) {
            this.room = room;
        }

        @Override
        public int write(ByteBuffer src) {
            writes++;
            int n = (int) Math.min(room, src.remaining());
            byte[] chunk = new byte[n];
            src.get(chunk);
            bytes.write(chunk, 0, n);
            sizes.add(n);
            room -= n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {}

        byte[] body() {
            byte[] all = bytes.toByteArray();
            String text = new String(all, StandardCharsets.ISO_8859_1);
            return Arrays.copyOfRange(all, text.indexOf("\r\n\r\n") + 4, all.length);
        }
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aLargeResponseYieldsAfterTheBudgetOfOneCall() throws IOException {
        var c = new Http1Connection(ctx, 0);
        assertThat(c.onInput(ascii("GET /5m.bin HTTP/1.1\r\nHost: x\r\n\r\n"), 0))
                .isEqualTo(Step.WRITE);
        var out = new Sink(Long.MAX_VALUE);
        int calls = 0;
        Step step = Step.WRITE;
        while (step == Step.WRITE) {
            long before = out.bytes.size();
            step = c.write(out, 0);
            calls++;
            assertThat(out.bytes.size() - before).isLessThanOrEqualTo(Http1Connection.MAX_BYTES_PER_WRITE + 1024);
            assertThat(c.channelFull())
                    .as("the channel took every byte offered")
                    .isFalse();
        }
        assertThat(step).isEqualTo(Step.READ);
        assertThat(calls).isEqualTo(3);
        assertThat(out.body()).isEqualTo(big);
        c.close();
    }

    @Test
    void aFullChannelIsReportedAndTheResponseResumesAtTheExactByte() throws IOException {
        var c = new Http1Connection(ctx, 0);
        c.onInput(ascii("GET /5m.bin HTTP/1.1\r\nHost: x\r\n\r\n"), 0);
        var out = new Sink(100);
        assertThat(c.write(out, 0)).isEqualTo(Step.WRITE);
        assertThat(c.channelFull()).isTrue();
        assertThat(out.bytes.size()).isEqualTo(100);
        Step step = Step.WRITE;
        while (step == Step.WRITE) {
            out.room = 300_000;
            step = c.write(out, 0);
            assertThat(c.channelFull()).isEqualTo(step == Step.WRITE);
        }
        assertThat(step).isEqualTo(Step.READ);
        assertThat(out.body()).isEqualTo(big);
        c.close();
    }

    @Test
    void pipelinedResponsesFollowInOneCallUpToTheBudget() throws IOException {
        var c = new Http1Connection(ctx, 0);
        String one = "GET /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n";
        int n = Http1Connection.MAX_RESPONSES_PER_WRITE + 4;
        assertThat(c.onInput(ascii(one.repeat(n)), 0)).isEqualTo(Step.WRITE);
        var out = new Sink(Long.MAX_VALUE);
        assertThat(c.write(out, 0)).isEqualTo(Step.WRITE);
        assertThat(c.channelFull())
                .as("the budget is spent, the channel is not full")
                .isFalse();
        String text = new String(out.bytes.toByteArray(), StandardCharsets.US_ASCII);
        assertThat(text.split("HTTP/1.1 200 OK", -1)).hasSize(Http1Connection.MAX_RESPONSES_PER_WRITE + 1);
        assertThat(c.write(out, 0)).isEqualTo(Step.READ);
        text = new String(out.bytes.toByteArray(), StandardCharsets.US_ASCII);
        assertThat(text.split("HTTP/1.1 200 OK", -1)).hasSize(n + 1);
        assertThat(text).endsWith(TestDocRoot.HELLO);
        c.close();
    }

    @Test
    void aSmallFileLeavesWithItsHeadInOneWriteFromTheCallersBuffer() throws IOException {
        for (var mode : lab.c10k.files.FileIo.values()) {
            var ctx = ServerContext.create(
                    ServerConfig.builder(docs.root()).fileIo(mode).build());
            var c = new Http1Connection(ctx, 0);
            c.onInput(ascii("GET /2k.bin HTTP/1.1\r\nHost: x\r\n\r\n"), 0);
            var out = new Sink(Long.MAX_VALUE);
            assertThat(c.write(out, 0, ByteBuffer.allocateDirect(16 * 1024))).isEqualTo(Step.READ);
            assertThat(out.writes).as(mode.toString()).isEqualTo(1);
            assertThat(out.body()).isEqualTo(docs.bytes("2k.bin"));
            assertThat(ctx.counters().bytesWritten()).isEqualTo(out.bytes.size());
            c.close();
        }
    }

    @Test
    void whatAFullChannelDidNotTakeOfAGatheredResponseIsKeptAndTheBufferFreed() throws IOException {
        var c = new Http1Connection(ctx, 0);
        c.onInput(ascii("GET /2k.bin HTTP/1.1\r\nHost: x\r\n\r\n"), 0);
        var out = new Sink(300);
        ByteBuffer scratch = ByteBuffer.allocateDirect(16 * 1024);
        assertThat(c.write(out, 0, scratch)).isEqualTo(Step.WRITE);
        assertThat(c.channelFull()).isTrue();
        // The caller's buffer is free for other connections: overwrite it.
        scratch.clear();
        while (scratch.hasRemaining()) {
            scratch.put((byte) 'x');
        }
        out.room = Long.MAX_VALUE;
        assertThat(c.write(out, 0, scratch)).isEqualTo(Step.READ);
        assertThat(out.body()).isEqualTo(docs.bytes("2k.bin"));
        c.close();
    }

    @Test
    void aLargeFileStartsWithItsHeadAndItsFirstBytesInOneWriteThenTransfers() throws IOException {
        for (var mode : lab.c10k.files.FileIo.values()) {
            var ctx = ServerContext.create(
                    ServerConfig.builder(docs.root()).fileIo(mode).build());
            var c = new Http1Connection(ctx, 0);
            c.onInput(ascii("GET /2m.bin HTTP/1.1\r\nHost: x\r\n\r\n"), 0);
            var out = new Sink(Long.MAX_VALUE);
            Step step = Step.WRITE;
            while (step == Step.WRITE) {
                step = c.write(out, 0, ByteBuffer.allocateDirect(16 * 1024));
            }
            assertThat(out.sizes.getFirst())
                    .as(mode + ": the head never leaves alone; the first write fills the caller's buffer")
                    .isEqualTo(16 * 1024);
            assertThat(out.body()).as(mode.toString()).isEqualTo(docs.bytes("2m.bin"));
            assertThat(ctx.counters().bytesWritten()).isEqualTo(out.bytes.size());
            c.close();
        }
    }

    @Test
    void aHeadLargerThanTheCallersBufferIsEncodedOnItsOwn() throws IOException {
        var c = new Http1Connection(ctx, 0);
        c.onInput(ascii("GET /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n"), 0);
        var out = new Sink(Long.MAX_VALUE);
        assertThat(c.write(out, 0, ByteBuffer.allocate(16))).isEqualTo(Step.READ);
        assertThat(new String(out.body(), StandardCharsets.US_ASCII)).isEqualTo(TestDocRoot.HELLO);
        c.close();
    }

    @Test
    void anIdleConnectionHoldsNoParser() throws IOException {
        var c = new Http1Connection(ctx, 0);
        assertThat(c.parsing()).isFalse();
        assertThat(c.onInput(ascii("GET /hello.txt HTTP/1.1\r\nHo"), 0)).isEqualTo(Step.READ);
        assertThat(c.parsing()).as("a request is arriving").isTrue();
        assertThat(c.onInput(ascii("st: x\r\n\r\nGET /hello.txt HTTP/1.1\r\n"), 0))
                .isEqualTo(Step.WRITE);
        assertThat(c.parsing())
                .as("the request is parsed; the next one waits in the stash")
                .isFalse();
        var out = new Sink(Long.MAX_VALUE);
        assertThat(c.write(out, 0))
                .as("the pipelined fragment is parsed, and waits for more")
                .isEqualTo(Step.READ);
        assertThat(c.parsing()).isTrue();
        assertThat(c.onInput(ascii("Host: x\r\n\r\n"), 0)).isEqualTo(Step.WRITE);
        assertThat(c.write(out, 0)).isEqualTo(Step.READ);
        assertThat(c.phase()).isEqualTo(Http1Connection.Phase.IDLE);
        assertThat(c.parsing()).isFalse();
        c.close();
    }

    @Test
    void onlyAResponseThatEndsTheConnectionIsItsLast() throws IOException {
        var out = new Sink(Long.MAX_VALUE);
        var kept = new Http1Connection(ctx, 0);
        kept.onInput(ascii("GET /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n"), 0);
        assertThat(kept.lastResponse()).as("HTTP/1.1 keeps the connection").isFalse();
        kept.write(out, 0);
        kept.close();

        var closing = new Http1Connection(ctx, 0);
        closing.onInput(ascii("GET /hello.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), 0);
        assertThat(closing.lastResponse()).isTrue();
        assertThat(closing.write(out, 0)).isEqualTo(Step.CLOSE);
        closing.close();

        var http10 = new Http1Connection(ctx, 0);
        http10.onInput(ascii("GET /hello.txt HTTP/1.0\r\n\r\n"), 0);
        assertThat(http10.lastResponse()).as("HTTP/1.0 without keep-alive").isTrue();
        http10.close();

        var draining = new Http1Connection(ctx, 0);
        draining.onInput(ascii("GET /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n"), 0);
        draining.shutdown();
        assertThat(draining.lastResponse()).as("the server is draining").isTrue();
        assertThat(draining.write(out, 0)).isEqualTo(Step.CLOSE);
        draining.close();
    }
}
