package lab.c10k.harness.docker;

import com.github.dockerjava.api.DockerClient;
import java.nio.file.Files;
import java.nio.file.Path;
import org.testcontainers.DockerClientFactory;

/**
 * The Docker engine, found the way Testcontainers finds it ({@code DOCKER_HOST}, then the usual sockets), and its
 * version.
 *
 * <p>Testcontainers starts a helper container, its resource reaper (Ryuk), the first time it connects, unless the
 * environment says {@code TESTCONTAINERS_RYUK_DISABLED=true}; a machine without an image registry cannot pull it,
 * so {@code ./c10k} and {@code .ci/run} set that. The harness does not need Ryuk: it stops and removes its own
 * containers, also when it is interrupted.
 */
public final class DockerEngine {
    private static final Path DEFAULT_SOCKET = Path.of("/var/run/docker.sock");

    private final DockerClient client;
    private final String version;

    private DockerEngine(DockerClient client, String version) {
        this.client = client;
        this.version = version;
    }

    /**
     * Connects to the engine.
     *
     * @throws NoEngineException when none answers, with where it was looked for
     */
    public static DockerEngine connect() throws NoEngineException {
        DockerClientFactory factory = DockerClientFactory.instance();
        if (!factory.isDockerAvailable()) {
            throw new NoEngineException("no Docker engine answers (" + where() + ")");
        }
        try {
            DockerClient client = factory.client();
            return new DockerEngine(client, client.versionCmd().exec().getVersion());
        } catch (RuntimeException e) {
            if (!Boolean.parseBoolean(System.getenv("TESTCONTAINERS_RYUK_DISABLED"))) {
                throw new NoEngineException("Testcontainers could not start its resource reaper (" + e.getMessage()
                        + "); where no image registry answers, set TESTCONTAINERS_RYUK_DISABLED=true (./c10k does)");
            }
            throw new NoEngineException("the Docker engine does not answer (" + where() + "): " + e.getMessage());
        }
    }

    /** Whether an engine answers, without saying why not. */
    public static boolean available() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String where() {
        String host = System.getenv("DOCKER_HOST");
        if (host != null && !host.isBlank()) {
            return "DOCKER_HOST=" + host;
        }
        return Files.exists(DEFAULT_SOCKET)
                ? "unix://" + DEFAULT_SOCKET + " is there but nothing answers on it; is dockerd running?"
                : "no socket at " + DEFAULT_SOCKET + " and no DOCKER_HOST; start dockerd";
    }

    /** The engine's API client. */
    public DockerClient client() {
        return client;
    }

    /** The engine's version, e.g. {@code 20.10.24+dfsg1}. */
    public String version() {
        return version;
    }
}
