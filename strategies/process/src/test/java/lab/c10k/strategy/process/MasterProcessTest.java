package lab.c10k.strategy.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import lab.c10k.testkit.RawClient;
import lab.c10k.testkit.TestDocRoot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The master in a JVM of its own ({@link MasterMain}), so that a test can kill it: its workers must not outlive
 * it, and SIGTERM must drain them. The workers are found as the master's children, which the JDK lists even
 * though it did not start them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MasterProcessTest {
    private static final int WORKERS = 3;

    private TestDocRoot docs;
    private Process master;

    @BeforeAll
    void createDocs() {
        docs = TestDocRoot.create();
    }

    @AfterAll
    void deleteDocs() {
        docs.close();
    }

    @AfterEach
    void killWhatIsLeft() {
        if (master != null) {
            master.descendants().forEach(ProcessHandle::destroyForcibly);
            master.destroyForcibly();
        }
    }

    /** Starts a master and returns its address once it serves. */
    private InetSocketAddress startMaster() throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        master = new ProcessBuilder(List.of(
                        java.toString(),
                        "--enable-native-access=ALL-UNNAMED",
                        "-cp",
                        System.getProperty("java.class.path"),
                        MasterMain.class.getName(),
                        docs.root().toString(),
                        Integer.toString(WORKERS)))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        var out = new BufferedReader(new InputStreamReader(master.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.startsWith("port ")) {
            System.out.println("master: " + line);
        }
        assertThat(line).as("the master printed its port").isNotNull();
        Thread.ofPlatform().daemon(true).start(() -> {
            try {
                out.transferTo(Writer.nullWriter());
            } catch (IOException e) {
                // the master is gone
            }
        });
        return new InetSocketAddress("127.0.0.1", Integer.parseInt(line.substring("port ".length())));
    }

    private List<ProcessHandle> workers() {
        return master.children().toList();
    }

    @Test
    void whenTheMasterIsKilledEveryWorkerIsGoneWithinFiveSeconds() throws Exception {
        InetSocketAddress address = startMaster();
        try (RawClient busy = RawClient.connect(address)) {
            assertThat(busy.get("/hello.txt").status()).isEqualTo(200); // a worker holds this connection
            List<ProcessHandle> workers = workers();
            assertThat(workers).hasSize(WORKERS);

            master.destroyForcibly(); // SIGKILL: no shutdown hook, no goodbye
            assertThat(master.waitFor(5, TimeUnit.SECONDS)).isTrue();

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (workers.stream().anyMatch(MasterProcessTest::running) && System.nanoTime() - deadline < 0) {
                Thread.sleep(20);
            }
            assertThat(workers).noneMatch(MasterProcessTest::running);
            assertThat(busy.isClosedByServer())
                    .as("the orphaned worker closed its connection")
                    .isTrue();
        }
    }

    @Test
    void sigtermDrainsEveryWorkerGracefully() throws Exception {
        InetSocketAddress address = startMaster();
        try (RawClient idle = RawClient.connect(address);
                RawClient downloading = RawClient.connect(address, 32 * 1024)) {
            assertThat(idle.get("/hello.txt").status()).isEqualTo(200);
            downloading.send("GET /2m.bin HTTP/1.1\r\nHost: x\r\n\r\n");
            byte[] first = downloading.readBytes(1024);
            List<ProcessHandle> workers = workers();

            master.destroy(); // SIGTERM
            assertThat(idle.isClosedByServer())
                    .as("an idle connection is closed")
                    .isTrue();
            Thread.sleep(200);
            assertThatThrownBy(() -> RawClient.connect(address).close())
                    .as("no new connections")
                    .isInstanceOf(ConnectException.class);

            byte[] rest = downloading.readBytes(4 << 20);
            byte[] all = Arrays.copyOf(first, first.length + rest.length);
            System.arraycopy(rest, 0, all, first.length, rest.length);
            String text = new String(all, StandardCharsets.ISO_8859_1);
            int bodyStart = text.indexOf("\r\n\r\n") + 4;
            assertThat(text).startsWith("HTTP/1.1 200 OK");
            assertThat(Arrays.copyOfRange(all, bodyStart, all.length))
                    .isEqualTo(Files.readAllBytes(docs.root().resolve("2m.bin")));

            assertThat(master.waitFor(15, TimeUnit.SECONDS))
                    .as("the master exited")
                    .isTrue();
            assertThat(workers).noneMatch(MasterProcessTest::running);
        }
    }

    /** Alive and not a zombie (an orphan's exit status waits for init, which may not reap it at once). */
    private static boolean running(ProcessHandle p) {
        try {
            String stat = Files.readString(Path.of("/proc/" + p.pid() + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }
}
