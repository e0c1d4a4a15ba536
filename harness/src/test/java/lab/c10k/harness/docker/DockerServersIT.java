package lab.c10k.harness.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.exception.NotFoundException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import lab.c10k.files.FileIo;
import lab.c10k.harness.experiment.Contender;
import lab.c10k.harness.experiment.ReadyFile;
import lab.c10k.harness.experiment.ServerSetup;
import lab.c10k.harness.experiment.ServerUnderTest;
import lab.c10k.harness.metrics.Affinity;
import lab.c10k.server.spi.Strategies;
import lab.c10k.testkit.RawClient;
import lab.c10k.testkit.RawResponse;
import lab.c10k.testkit.TestDocRoot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The c10k image and every installed strategy in a container of its own, as {@code compare --docker} starts them
 * (through {@link ServerUnderTest}): the image builds from the packaged jar, and each containerised server passes
 * a smoke subset of the shared real-socket suite over loopback (host network), answers on its control port, and is
 * seen in this machine's {@code /proc}; stopping it removes the container.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerServersIT {
    private static final Path JAR = Path.of("target", "c10k.jar");

    private DockerEngine engine;
    private DockerServers containers;
    private TestDocRoot docs;
    private final StringWriter progress = new StringWriter();

    private String whyNot;

    @BeforeAll
    void prepare() throws Exception {
        engine = DockerRequirement.engineOrWhyNot(reason -> whyNot = reason);
        if (engine == null) {
            return;
        }
        List<Integer> allowed = Affinity.allowedCpus();
        List<Integer> cpus = allowed.size() >= 2 ? List.of(allowed.getLast()) : List.of();
        containers = DockerServers.prepare(cpus, 1L << 30, Optional.empty(), JAR, new PrintWriter(progress, true));
        docs = TestDocRoot.create();
    }

    @BeforeEach
    void needsAnEngine() {
        Assumptions.assumeTrue(engine != null, whyNot);
    }

    @AfterAll
    void cleanUp() {
        if (docs != null) {
            docs.close();
        }
    }

    @Test
    void theImageHoldsThisJarOnAJre25Base() throws Exception {
        var settings = containers.settings();
        assertThat(settings.image()).startsWith(C10kImage.REPOSITORY + ":jar-");
        assertThat(settings.imageId()).startsWith("sha256:");
        assertThat(settings.baseImage()).isIn(C10kImage.PUBLIC_BASE, C10kImage.OFFLINE_BASE);
        var inspected = engine.client().inspectImageCmd(settings.image()).exec();
        assertThat(inspected.getConfig().getLabels()).containsEntry(C10kImage.JAR_LABEL, C10kImage.sha256(JAR));
        assertThat(inspected.getConfig().getEntrypoint()).contains("/opt/c10k/c10k.jar");

        // Built once per jar: asking again reuses it and says nothing.
        var again = new StringWriter();
        var image = C10kImage.ensure(engine, JAR, new PrintWriter(again, true));
        assertThat(image.id()).isEqualTo(settings.imageId());
        assertThat(again.toString()).isEmpty();
    }

    Stream<String> strategies() {
        return Strategies.names().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strategies")
    void servesInAContainer(String strategy, @TempDir Path work) throws Exception {
        var setup = new ServerSetup(
                docs.root(),
                containers.settings().cpus(),
                100,
                Duration.ofMinutes(1),
                false,
                work,
                containers.javaCommand(),
                containers);
        String id;
        try (ServerUnderTest server =
                ServerUnderTest.start(new Contender.JavaStrategy(strategy, ""), setup, FileIo.SENDFILE)) {
            id = containerOf(strategy, server);
            URI uri = URI.create(server.url(""));
            var address = new InetSocketAddress(uri.getHost(), uri.getPort());
            try (RawClient c = RawClient.connect(address)) {
                // GET: the bytes of the file, on a connection that stays open for the next requests.
                RawResponse big = c.get("/2m.bin");
                assertThat(big.status()).isEqualTo(200);
                assertThat(big.body()).isEqualTo(docs.bytes("2m.bin"));
                assertThat(big.closes()).isFalse();
                assertThat(c.get("/hello.txt").text()).isEqualTo(TestDocRoot.HELLO);
                // HEAD: the fields of GET and no body, so the next response follows at once.
                RawResponse head =
                        c.send("HEAD /2k.bin HTTP/1.1\r\nHost: x\r\n\r\n").readHeadResponse();
                assertThat(head.status()).isEqualTo(200);
                assertThat(head.field("Content-Length")).contains("2048");
                assertThat(c.get("/missing").status()).isEqualTo(404);
                assertThat(c.get("/2k.bin").body()).isEqualTo(docs.bytes("2k.bin"));
            }
            try (RawClient c = RawClient.connect(address)) {
                RawResponse bad = c.send("GET / / HTTP/1.1\r\nHost: x\r\n\r\n").readResponse();
                assertThat(bad.status()).isEqualTo(400);
                assertThat(bad.closes()).isTrue();
                assertThat(c.isClosedByServer()).isTrue();
            }
            // The harness reads the server as it reads a native one: its control port, and /proc by a pid of
            // this machine (a process in the container, not the container's init).
            server.settle();
            var stats = server.control().orElseThrow().stats();
            assertThat(stats.requests()).isGreaterThanOrEqualTo(6);
            assertThat(stats.usage().contextSwitches()).isPositive();
            var tree = server.tree(false);
            assertThat(tree.rssBytes()).isGreaterThan(10L << 20);
            assertThat(ProcessHandle.of(server.pid())
                            .flatMap(h -> h.info().command())
                            .orElse(""))
                    .endsWith("java");
            // The ready file the harness waited for, written in the container to the folder shared with it.
            var ready = ReadyFile.read(server.dir().resolve("ready.json")).orElseThrow();
            assertThat(ready.strategy()).isEqualTo(strategy);
            assertThat(server.url("")).isEqualTo("http://" + ready.address() + ":" + ready.port() + "/");
            assertThat(ready.control()).isNotNull();
        }
        assertThatThrownBy(() -> engine.client().inspectContainerCmd(id).exec())
                .as("the container is removed when the server stops")
                .isInstanceOf(NotFoundException.class);
    }

    /**
     * The id of the one container of {@code strategy}, after checking that it runs as asked and that the server's
     * pid is the child of its init.
     */
    private String containerOf(String strategy, ServerUnderTest server) {
        var listed = engine.client()
                .listContainersCmd()
                .withLabelFilter(Map.of(DockerServers.LABEL, "server", "lab.c10k.strategy", strategy))
                .exec();
        assertThat(listed).hasSize(1);
        var c = engine.client().inspectContainerCmd(listed.getFirst().getId()).exec();
        var host = c.getHostConfig();
        assertThat(host.getNetworkMode()).isEqualTo("host");
        assertThat(host.getInit()).isTrue();
        assertThat(host.getMemory()).isEqualTo(1L << 30);
        assertThat(host.getCpusetCpus()).isEqualTo(containers.settings().cpuset());
        long init = c.getState().getPidLong();
        assertThat(ProcessHandle.of(server.pid()).flatMap(ProcessHandle::parent).map(ProcessHandle::pid))
                .contains(init);
        return c.getId();
    }
}
