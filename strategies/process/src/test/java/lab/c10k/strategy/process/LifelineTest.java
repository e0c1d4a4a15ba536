package lab.c10k.strategy.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import lab.c10k.server.ServerConfig;
import lab.c10k.testkit.TestDocRoot;
import org.junit.jupiter.api.Test;

/** The pipe from the master to a worker, both ends in this JVM. */
class LifelineTest {

    @Test
    void carriesTheConfigThenCommandsThenTheMastersDeath() throws IOException {
        int[] pipe = Posix.pipe();
        try (TestDocRoot docs = TestDocRoot.create();
                var in = new FileInputStream("/proc/self/fd/" + pipe[0])) {
            ServerConfig config = ServerConfig.builder(docs.root())
                    .port(0)
                    .maxRequestsPerConnection(7)
                    .strategyOptions(new ProcessOptions(3, 1, 9, 5, true).values())
                    .build();
            Lifeline.sendConfig(pipe[1], config);
            Lifeline.send(pipe[1], new Lifeline.Publish(42));
            Lifeline.send(pipe[1], new Lifeline.Retire());
            Lifeline.send(pipe[1], new Lifeline.Drain(Duration.ofMillis(1500)));
            Posix.close(pipe[1]);
            pipe[1] = -1;

            var reader = new Lifeline.Reader(in);
            assertThat(reader.readConfig()).isEqualTo(config);
            assertThat(reader.next()).isEqualTo(new Lifeline.Publish(42));
            assertThat(reader.next()).isEqualTo(new Lifeline.Retire());
            assertThat(reader.next()).isEqualTo(new Lifeline.Drain(Duration.ofMillis(1500)));
            assertThat(reader.next()).isEqualTo(new Lifeline.Orphaned());
            assertThat(reader.next()).isEqualTo(new Lifeline.Orphaned());
        } finally {
            Posix.closeQuietly(pipe[0]);
            Posix.closeQuietly(pipe[1]);
        }
    }

    @Test
    void aConfigWithAnUnusualRootSurvivesTheTrip() throws IOException {
        int[] pipe = Posix.pipe();
        try (var in = new FileInputStream("/proc/self/fd/" + pipe[0])) {
            ServerConfig config =
                    ServerConfig.builder(Path.of("/srv/wéb root=1:x")).build();
            Lifeline.sendConfig(pipe[1], config);
            assertThat(new Lifeline.Reader(in).readConfig()).isEqualTo(config);
        } finally {
            Posix.closeQuietly(pipe[0]);
            Posix.closeQuietly(pipe[1]);
        }
    }
}
