package lab.c10k.harness.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.dockerclient.DockerClientProviderStrategy;
import org.testcontainers.dockerclient.TransportConfig;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.ImageNameSubstitutor;

/**
 * The Docker engine, found the way Testcontainers finds it ({@code DOCKER_HOST}, then the usual sockets), and its
 * version.
 *
 * <p>Testcontainers starts a helper container, its resource reaper (Ryuk), the first time it connects, unless the
 * environment says {@code TESTCONTAINERS_RYUK_DISABLED=true}. A machine without an image registry cannot pull it,
 * and Testcontainers would retry for minutes; so the image is looked for first, pulled once, and when neither
 * works the harness says in one line to set that variable ({@code ./c10k} and {@code .ci/run} do). The harness does not need Ryuk:
 * it stops and removes its own containers, also when it is interrupted.
 */
public final class DockerEngine {
    private static final Path DEFAULT_SOCKET = Path.of("/var/run/docker.sock");
    /** The reaper image that Testcontainers 2.0.5 starts (its {@code RyukContainer}). */
    private static final String REAPER_IMAGE = "testcontainers/ryuk:0.14.0";

    private static final Duration REAPER_PULL_TIMEOUT = Duration.ofSeconds(60);

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
        // Not isDockerAvailable(): it starts the reaper, which must be checked first.
        TransportConfig transport = transport(factory)
                .orElseThrow(() -> new NoEngineException("no Docker engine answers (" + where() + ")"));
        if (!Boolean.parseBoolean(System.getenv("TESTCONTAINERS_RYUK_DISABLED"))) {
            requireReaperImage(transport);
        }
        try {
            DockerClient client = factory.client();
            return new DockerEngine(client, client.versionCmd().exec().getVersion());
        } catch (RuntimeException e) {
            throw new NoEngineException("the Docker engine does not answer (" + where() + "): " + e.getMessage());
        }
    }

    /** Fails, in one line, when Testcontainers' reaper image is neither there nor to be pulled. */
    private static void requireReaperImage(TransportConfig transport) throws NoEngineException {
        DockerImageName image = ImageNameSubstitutor.instance().apply(DockerImageName.parse(REAPER_IMAGE));
        String name = image.asCanonicalNameString();
        // A client of the engine that Testcontainers has found, without its reaper.
        try (DockerClient raw = DockerClientProviderStrategy.getClientForConfig(transport)) {
            try {
                raw.inspectImageCmd(name).exec();
                return;
            } catch (NotFoundException absent) {
                // pull it once below
            }
            try {
                if (raw.pullImageCmd(image.getUnversionedPart())
                        .withTag(image.getVersionPart())
                        .exec(new PullImageResultCallback())
                        .awaitCompletion(REAPER_PULL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    return;
                }
            } catch (RuntimeException e) {
                throw new NoEngineException(noReaper(name, e.getMessage()));
            }
            throw new NoEngineException(noReaper(name, "no answer within " + REAPER_PULL_TIMEOUT.toSeconds() + " s"));
        } catch (IOException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new NoEngineException(noReaper(name, e.getMessage()));
        }
    }

    private static String noReaper(String image, String why) {
        int nl = why == null ? -1 : why.indexOf('\n');
        return "Testcontainers' resource reaper image " + image + " is not here and cannot be pulled ("
                + (nl < 0 ? why : why.substring(0, nl)) + "); where no image registry answers, set"
                + " TESTCONTAINERS_RYUK_DISABLED=true, as ./c10k does (c10k removes its own containers)";
    }

    /** Whether an engine answers, without saying why not, and without starting anything. */
    public static boolean available() {
        return transport(DockerClientFactory.instance()).isPresent();
    }

    /** How to reach the engine that Testcontainers finds, when it finds one that answers. */
    private static Optional<TransportConfig> transport(DockerClientFactory factory) {
        try {
            return Optional.of(factory.getTransportConfig());
        } catch (RuntimeException e) {
            return Optional.empty();
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
