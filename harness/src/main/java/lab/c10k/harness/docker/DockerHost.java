package lab.c10k.harness.docker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Where the Docker engine listens ({@code DOCKER_HOST}, else the usual unix socket), and a quick check that it
 * answers there, made before Testcontainers looks.
 *
 * <p>Testcontainers finds an engine on its own, but when the one named does not answer it goes on to every other
 * place it knows, each with timeouts of its own, and ends in an error that names none of them (or succeeds with an
 * engine the user did not name). This check asks {@code GET /_ping} where the user pointed, and fails within seconds
 * with the cause the system gave: no socket, no permission on it, nothing listening, no answer in time, or
 * something that answers but is not an engine.
 */
final class DockerHost {
    static final Path DEFAULT_SOCKET = Path.of("/var/run/docker.sock");

    /** An engine answers its ping at once; a busy machine may take a few seconds. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final URI uri;
    private final boolean named;
    private final Duration timeout;

    /** {@code named}: the user named it in {@code DOCKER_HOST}. */
    DockerHost(URI uri, boolean named, Duration timeout) {
        this.uri = uri;
        this.named = named;
        this.timeout = timeout;
    }

    /** {@code DOCKER_HOST} when set, else the default socket. */
    static DockerHost fromEnvironment() throws NoEngineException {
        String env = System.getenv("DOCKER_HOST");
        if (env == null || env.isBlank()) {
            return new DockerHost(URI.create("unix://" + DEFAULT_SOCKET), false, TIMEOUT);
        }
        try {
            return new DockerHost(new URI(env.strip()), true, TIMEOUT);
        } catch (java.net.URISyntaxException e) {
            throw new NoEngineException("DOCKER_HOST=" + env + " is not an address: " + e.getMessage());
        }
    }

    /** Where, as the user would name it. */
    String where() {
        return named ? "DOCKER_HOST=" + uri : uri.toString();
    }

    /**
     * Asks the engine for its ping.
     *
     * @throws NoEngineException when it does not answer, with why
     */
    void ping() throws NoEngineException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        switch (scheme) {
            case "unix" -> pingSocket(Path.of(uri.getPath()));
            case "tcp", "http", "https" -> {
                if (uri.getHost() == null || uri.getPort() < 0) {
                    throw new NoEngineException(where() + " names no host and port");
                }
                // An engine that speaks TLS would take a plain request for garbage: there, only connect.
                boolean tls = scheme.equals("https")
                        || !System.getenv()
                                .getOrDefault("DOCKER_TLS_VERIFY", "")
                                .isEmpty();
                exchange(StandardProtocolFamily.INET, new InetSocketAddress(uri.getHost(), uri.getPort()), !tls);
            }
            // npipe, ssh: Testcontainers' own check is the only one
            default -> {}
        }
    }

    private void pingSocket(Path socket) throws NoEngineException {
        if (!Files.exists(socket)) {
            throw new NoEngineException(
                    named
                            ? "nothing at " + where() + " (no such socket)"
                            : "no Docker engine: no socket at " + socket
                                    + " (start dockerd, e.g. with apt-get install docker.io; or set DOCKER_HOST)");
        }
        if (!Files.isWritable(socket)) {
            throw new NoEngineException(noPermission(socket));
        }
        exchange(StandardProtocolFamily.UNIX, UnixDomainSocketAddress.of(socket), true);
    }

    private String noPermission(Path socket) {
        String user = System.getProperty("user.name");
        String owner = "";
        try {
            PosixFileAttributes a = Files.readAttributes(socket, PosixFileAttributes.class);
            owner = " (" + PosixFilePermissions.toString(a.permissions()) + " "
                    + a.owner().getName() + ":" + a.group().getName() + ")";
        } catch (IOException | UnsupportedOperationException e) {
            // the message names the socket without its mode
        }
        return "user " + user + " may not use the Docker socket " + socket + owner
                + "; add the user to its group (usermod -aG docker " + user + ", then log in again) or run as root";
    }

    /** Connects, and when {@code ask}, sends the ping and reads the status line; all within the timeout. */
    private void exchange(ProtocolFamily family, SocketAddress address, boolean ask) throws NoEngineException {
        SocketChannel channel;
        try {
            channel = SocketChannel.open(family);
        } catch (IOException e) {
            throw new NoEngineException("cannot open a socket to " + where() + ": " + e.getMessage());
        }
        var answer = new CompletableFuture<String>();
        // Blocking channels have no timeouts of their own; closing the channel ends a connect or read that waits.
        Thread.ofVirtual().name("c10k-docker-ping").start(() -> {
            try {
                channel.connect(address);
                answer.complete(ask ? statusLine(channel) : "");
            } catch (IOException | RuntimeException e) {
                answer.completeExceptionally(e);
            }
        });
        String status;
        try {
            status = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new NoEngineException(where() + " does not answer within " + seconds(timeout)
                    + " (something accepts connections there but no Docker engine answers)");
        } catch (ExecutionException e) {
            throw new NoEngineException(unreachable(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NoEngineException("interrupted while asking " + where());
        } finally {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing more to ask it
            }
        }
        if (ask && !status.matches("HTTP/1\\.[01] 200\\b.*")) {
            throw new NoEngineException(where() + " answers, but not as a Docker engine does: "
                    + (status.isEmpty() ? "it closed the connection" : status));
        }
    }

    private String unreachable(Throwable cause) {
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (message.contains("Connection refused")) {
            return "nothing answers on " + where() + " (connection refused): is dockerd running?";
        }
        if (message.contains("Permission denied") && uri.getScheme().equals("unix")) {
            return noPermission(Path.of(uri.getPath()));
        }
        return "cannot reach the Docker engine at " + where() + ": " + message;
    }

    private static String statusLine(SocketChannel channel) throws IOException {
        channel.write(
                ByteBuffer.wrap("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        ByteBuffer in = ByteBuffer.allocate(512);
        while (in.hasRemaining() && channel.read(in) >= 0) {
            String got = new String(in.array(), 0, in.position(), StandardCharsets.ISO_8859_1);
            int eol = got.indexOf('\n');
            if (eol >= 0) {
                return got.substring(0, eol).strip();
            }
        }
        return new String(in.array(), 0, in.position(), StandardCharsets.ISO_8859_1).strip();
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
