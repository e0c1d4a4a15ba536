package lab.c10k.strategy.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import lab.c10k.server.ResourceUsage;
import lab.c10k.server.ServerCounters;
import lab.c10k.strategy.process.Scoreboard.State;
import org.junit.jupiter.api.Test;

/** The master's mapping and a worker's mapping of one scoreboard, both in this JVM. */
class ScoreboardTest {

    @Test
    void whatAWorkerPublishesTheMasterReads() throws IOException {
        try (Scoreboard master = Scoreboard.create(4);
                Scoreboard worker = Scoreboard.open(Path.of("/proc/self/fd/" + master.fd()))) {
            assertThat(master.slots()).isEqualTo(4);
            master.claim(2);
            assertThat(master.read(2).state()).isEqualTo(State.STARTING);
            assertThat(master.read(2).ready()).isFalse();

            Scoreboard.Slot slot = worker.slot(2);
            slot.ready(State.IDLE);
            assertThat(master.state(2)).isEqualTo(State.IDLE);
            var counters = new ServerCounters();
            counters.connectionOpened();
            counters.connectionOpened();
            counters.connectionClosed();
            slot.state(State.BUSY);
            slot.publish(counters, new ResourceUsage(10, 20, 30, 40, 50), 5);

            Scoreboard.Report r = master.read(2);
            assertThat(r.state()).isEqualTo(State.BUSY);
            assertThat(r.ready()).isTrue();
            assertThat(r.connectionsAccepted()).isEqualTo(2);
            assertThat(r.connectionsClosed()).isEqualTo(1);
            assertThat(r.usage()).isEqualTo(new ResourceUsage(10, 20, 30, 40, 50));
            assertThat(r.liveThreads()).isEqualTo(5);
            assertThat(master.read(1).state()).isEqualTo(State.FREE);

            assertThat(master.acknowledged(2)).isZero();
            slot.acknowledge(7);
            assertThat(master.acknowledged(2)).isEqualTo(7);

            slot.publish(counters, null, 4);
            assertThat(master.read(2).usage()).as("null keeps the last usage").isEqualTo(r.usage());

            master.free(2);
            assertThat(master.read(2))
                    .isEqualTo(new Scoreboard.Report(State.FREE, false, 0, 0, 0, 0, 0, ResourceUsage.ZERO, 0));
        }
    }
}
