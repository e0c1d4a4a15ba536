package lab.c10k.harness.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Network;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.dockerclient.DockerClientConfigUtils;
import org.testcontainers.dockerclient.DockerClientProviderStrategy;
import org.testcontainers.dockerclient.TransportConfig;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.ImageNameSubstitutor;

/**
 * The Docker engine, found the way Testcontainers finds it ({@code DOCKER_HOST}, then the usual sockets), and its
 * version.
 *
 * <p>Before Testcontainers looks, {@link DockerHost} asks the engine for its ping where the user pointed, so that a
 * missing engine, a socket the user may not use or an address where nothing answers fail within seconds, each with
 * its cause, instead of after Testcontainers has tried every other place it knows.
 *
 * <p>Testcontainers then needs two helper images that a machine without an image registry cannot pull, and it
 * waits two minutes for each pull before it fails with a message that names neither. Its resource reaper (Ryuk) is
 * started unless {@code TESTCONTAINERS_RYUK_DISABLED=true}; c10k does not need it, as it stops and removes its own
 * containers, also when interrupted. And it runs its tiny image to learn this machine's address as the engine sees
 * it, when it runs inside a container itself, talks to the engine over a unix socket and the engine's bridge
 * network names no gateway; c10k never uses that address (its servers use the host's network and are reached on
 * loopback), so {@code TESTCONTAINERS_HOST_OVERRIDE=localhost} is right for it. {@code ./c10k} sets both variables;
 * run otherwise, each image is looked for first, pulled once, and when neither works the harness names the
 * variable in one line.
 */
public final class DockerEngine {
    /** The reaper image that Testcontainers 2.0.5 starts (its {@code RyukContainer}). */
    private static final String REAPER_IMAGE = "testcontainers/ryuk:0.14.0";

    /** The image Testcontainers 2.0.5 runs to read the default route (its {@code DockerClientFactory.TINY_IMAGE}). */
    private static final String TINY_IMAGE = "alpine:3.17";

    private static final Pattern API_ERROR = Pattern.compile("Status [0-9]+: \\{\"message\":\"(.*)\"}");

    private static final Duration PULL_TIMEOUT = Duration.ofSeconds(60);

    private final DockerClient client;
    private final String version;

    private DockerEngine(DockerClient client, String version) {
        this.client = client;
        this.version = version;
    }

    /**
     * Connects to the engine.
     *
     * @throws NoEngineException when none answers, or Testcontainers cannot use it, with the cause
     */
    public static DockerEngine connect() throws NoEngineException {
        DockerHost host = DockerHost.fromEnvironment();
        host.ping();
        DockerClientFactory factory = DockerClientFactory.instance();
        // Not isDockerAvailable(): it starts the reaper, which must be checked first.
        TransportConfig transport = transport(factory)
                .orElseThrow(() -> new NoEngineException("Testcontainers finds no Docker engine, although "
                        + host.where() + " answers (does ~/.testcontainers.properties name another with tc.host?)"));
        // A client of the engine that Testcontainers has found, without its reaper.
        try (DockerClient raw = DockerClientProviderStrategy.getClientForConfig(transport)) {
            requireHostAddress(raw, transport);
            if (!Boolean.parseBoolean(System.getenv("TESTCONTAINERS_RYUK_DISABLED"))) {
                requireImage(
                        raw,
                        REAPER_IMAGE,
                        "Testcontainers' resource reaper image %s",
                        "TESTCONTAINERS_RYUK_DISABLED=true, as ./c10k does (c10k removes its own containers)");
            }
        } catch (IOException e) {
            throw new NoEngineException("cannot talk to the Docker engine at " + host.where() + ": " + e.getMessage());
        }
        try {
            DockerClient client = factory.client();
            return new DockerEngine(client, client.versionCmd().exec().getVersion());
        } catch (RuntimeException e) {
            throw new NoEngineException(
                    "Testcontainers cannot use the Docker engine at " + host.where() + ": " + reason(e.getMessage()));
        }
    }

    /**
     * Fails, in one line, when Testcontainers would run its tiny image to learn this machine's address and that
     * image is neither there nor to be pulled (its conditions are those of its {@code
     * DockerClientProviderStrategy.resolveDockerHostIpAddress}).
     */
    private static void requireHostAddress(DockerClient raw, TransportConfig transport) throws NoEngineException {
        String override = System.getenv("TESTCONTAINERS_HOST_OVERRIDE");
        if ((override != null && !override.isBlank())
                || !"unix".equals(transport.getDockerHost().getScheme())
                || !DockerClientConfigUtils.IN_A_CONTAINER) {
            return;
        }
        String fix = "TESTCONTAINERS_HOST_OVERRIDE=localhost, as ./c10k does (the servers use the host's network)";
        boolean gateway;
        try {
            Network.Ipam ipam =
                    raw.inspectNetworkCmd().withNetworkId("bridge").exec().getIpam();
            gateway = ipam != null
                    && ipam.getConfig() != null
                    && ipam.getConfig().stream().anyMatch(c -> c.getGateway() != null);
        } catch (NotFoundException e) {
            throw new NoEngineException("the Docker engine has no bridge network, where Testcontainers looks for this"
                    + " machine's address from inside a container; set " + fix);
        }
        if (!gateway) {
            requireImage(
                    raw,
                    TINY_IMAGE,
                    "Testcontainers' helper image %s (which it runs to learn this machine's address from inside a"
                            + " container when the engine's bridge network names no gateway, as here)",
                    fix);
        }
    }

    /**
     * Fails, in one line naming {@code fix}, when {@code image} is neither there nor to be pulled; {@code what}
     * names it, its {@code %s} the image.
     */
    private static void requireImage(DockerClient raw, String image, String what, String fix) throws NoEngineException {
        DockerImageName name = ImageNameSubstitutor.instance().apply(DockerImageName.parse(image));
        String canonical = name.asCanonicalNameString();
        try {
            raw.inspectImageCmd(canonical).exec();
            return;
        } catch (NotFoundException absent) {
            // pull it once below
        }
        String why;
        try {
            why = raw.pullImageCmd(name.getUnversionedPart())
                            .withTag(name.getVersionPart())
                            .exec(new PullImageResultCallback())
                            .awaitCompletion(PULL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                    ? null
                    : "no answer within " + PULL_TIMEOUT.toSeconds() + " s";
        } catch (RuntimeException e) {
            why = reason(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            why = "interrupted";
        }
        if (why != null) {
            throw new NoEngineException(what.formatted(canonical) + " is not here and cannot be pulled (" + why
                    + "); where no image registry answers, set " + fix);
        }
    }

    /**
     * The first line of an error from the engine, without the envelope of its API ({@code Status 500:
     * {"message":"..."}}).
     */
    static String reason(String s) {
        if (s == null) {
            return "no reason given";
        }
        int nl = s.indexOf('\n');
        String line = (nl < 0 ? s : s.substring(0, nl)).strip();
        Matcher m = API_ERROR.matcher(line);
        return m.matches() ? m.group(1).replace("\\\"", "\"") : line;
    }

    /** How to reach the engine that Testcontainers finds, when it finds one that answers. */
    private static Optional<TransportConfig> transport(DockerClientFactory factory) {
        try {
            return Optional.of(factory.getTransportConfig());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
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
