package lab.c10k.harness.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The check made before Testcontainers looks for the engine: each way of not answering fails within the timeout,
 * in one line naming its cause; an engine's answer passes. No engine needed: the "engines" here are sockets of the
 * test's own.
 */
class DockerHostTest {
    private static final Duration TIMEOUT = Duration.ofMillis(500);

    @Test
    void noSocketSaysSoAndHowToStartOne(@TempDir Path dir) {
        var host = new DockerHost(URI.create("unix://" + dir.resolve("docker.sock")), false, TIMEOUT);

        assertThatThrownBy(host::ping)
                .isInstanceOf(NoEngineException.class)
                .hasMessageStartingWith("no Docker engine: no socket at " + dir.resolve("docker.sock"))
                .hasMessageContaining("start dockerd");
    }

    @Test
    void aSocketNobodyListensOnIsRefused(@TempDir Path dir) throws IOException {
        Path socket = dir.resolve("docker.sock");
        // Closing a unix server socket leaves its file behind, as a dockerd that died does.
        try (var server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
        }
        var host = new DockerHost(URI.create("unix://" + socket), false, TIMEOUT);

        assertThatThrownBy(host::ping)
                .hasMessage("nothing answers on unix://" + socket + " (connection refused): is dockerd running?");
    }

    @Test
    void aHostThatAcceptsButNeverAnswersFailsWithinTheTimeout() throws IOException {
        try (var server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
            var host = new DockerHost(URI.create("tcp://127.0.0.1:" + port), true, TIMEOUT);

            long start = System.nanoTime();
            assertThatThrownBy(host::ping)
                    .hasMessage("DOCKER_HOST=tcp://127.0.0.1:" + port + " does not answer within 500 ms (something"
                            + " accepts connections there but no Docker engine answers)");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void anEnginesPingPasses(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("docker.sock");
        try (var _ = answering(socket, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK")) {
            assertThatCode(new DockerHost(URI.create("unix://" + socket), false, TIMEOUT)::ping)
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void somethingElseAnsweringIsNotTakenForAnEngine(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("other.sock");
        try (var _ = answering(socket, "HTTP/1.1 404 Not Found\r\n\r\n")) {
            assertThatThrownBy(new DockerHost(URI.create("unix://" + socket), true, TIMEOUT)::ping)
                    .hasMessage("DOCKER_HOST=unix://" + socket
                            + " answers, but not as a Docker engine does: HTTP/1.1 404 Not Found");
        }
    }

    /** A unix socket that answers one request with {@code response}, then closes. */
    private static ServerSocketChannel answering(Path socket, String response) throws IOException {
        var server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread.ofVirtual().start(() -> {
            try (SocketChannel c = server.accept()) {
                c.read(ByteBuffer.allocate(512));
                c.write(ByteBuffer.wrap(response.getBytes(StandardCharsets.US_ASCII)));
            } catch (IOException e) {
                // the test closed the server
            }
        });
        return server;
    }
}
