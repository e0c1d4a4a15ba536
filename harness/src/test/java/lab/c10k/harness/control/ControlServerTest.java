package lab.c10k.harness.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import lab.c10k.server.ResourceUsage;
import lab.c10k.server.ServerStats;
import org.junit.jupiter.api.Test;

/** The side channel: what a server reports reaches the harness unchanged, over a real loopback connection. */
class ControlServerTest {

    @Test
    void statsTravelUnchanged() throws IOException {
        var requests = new AtomicLong(41);
        var usage = new ResourceUsage(1_000_001, 2_000_002, 30_003, 4_004, 55_555);
        try (var server = ControlServer.start(
                0, () -> new ServerStats(requests.incrementAndGet(), 123_456_789_012L, 7, 3, 2, usage, 25, 1))) {
            var client = new ControlClient(server.address());
            ServerStats s = client.stats();
            assertThat(s).isEqualTo(new ServerStats(42, 123_456_789_012L, 7, 3, 2, usage, 25, 1));
            assertThat(client.stats().requests()).isEqualTo(43); // read afresh each time
        }
    }

    @Test
    void gcReportsTheHeapInUse() throws IOException {
        try (var server = ControlServer.start(0, () -> null)) {
            long heap = new ControlClient(server.address()).heapAfterGc();
            assertThat(heap)
                    .isPositive()
                    .isLessThanOrEqualTo(Runtime.getRuntime().totalMemory());
        }
    }

    @Test
    void jitReportsThisJvmsCompilationTime() throws IOException {
        try (var server = ControlServer.start(0, () -> null)) {
            var client = new ControlClient(server.address());
            long first = client.compilationMillis(2000);
            assertThat(first).as("this test JVM has compiled something").isPositive();
            assertThat(client.compilationMillis(2000)).isGreaterThanOrEqualTo(first);
        }
        assertThat(new ControlClient(new java.net.InetSocketAddress("127.0.0.1", 1)).compilationMillis(500))
                .as("no answer: unknown")
                .isEqualTo(-1);
    }

    @Test
    void answersUnknownPathsWithAnErrorAndKeepsServing() throws IOException {
        try (var server = ControlServer.start(0, () -> new ServerStats(1, 0, 0, 0, 0, ResourceUsage.ZERO, 1, 1))) {
            assertThat(raw(server, "GET /nope HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 404 ");
            assertThat(raw(server, "POST /stats HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 405 ");
            assertThat(raw(server, "garbage\r\n\r\n")).startsWith("HTTP/1.1 400 ");
            assertThat(new ControlClient(server.address()).stats().requests()).isEqualTo(1);
        }
    }

    @Test
    void aClosedControlPortIsAnError() throws IOException {
        var server = ControlServer.start(0, () -> null);
        var address = server.address();
        server.close();
        assertThatThrownBy(() -> new ControlClient(address).stats()).isInstanceOf(IOException.class);
    }

    @Test
    void statsJsonRefusesMissingFields() {
        assertThatThrownBy(() -> StatsJson.read("{\"requests\":1}"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("bytes_written");
        assertThatThrownBy(() -> StatsJson.read("[1,2]")).isInstanceOf(IOException.class);
    }

    private static String raw(ControlServer server, String request) throws IOException {
        try (var s = new Socket(server.address().getAddress(), server.address().getPort())) {
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
