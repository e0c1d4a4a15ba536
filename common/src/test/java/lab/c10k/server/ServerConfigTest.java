package lab.c10k.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import lab.c10k.files.FileIo;
import lab.c10k.http.HttpLimits;
import lab.c10k.server.spi.StrategyOption;
import org.junit.jupiter.api.Test;

/** The config's trip to another JVM, and a strategy's options in it. */
class ServerConfigTest {

    @Test
    void propertiesCarryEveryFieldAndTheStrategysOptions() {
        ServerConfig config = ServerConfig.builder(Path.of("/srv/www"))
                .host("::1")
                .port(8181)
                .backlog(17)
                .followSymlinks(true)
                .fileIo(FileIo.MMAP)
                .limits(new HttpLimits(100, 200, 3, 4_000_000_000L))
                .timeouts(new ServerConfig.Timeouts(
                        Duration.ofMillis(1500),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(3),
                        Duration.ofSeconds(4),
                        Duration.ofSeconds(5)))
                .maxConnections(99)
                .maxRequestsPerConnection(0)
                .strategyOption("queue-size", "64")
                .strategyOption("verbose-loop", "true")
                .build();

        ServerConfig back = ServerConfig.fromProperties(config.toProperties());

        assertThat(back).isEqualTo(config);
        assertThat(back.strategyOptions())
                .containsExactly(Map.entry("queue-size", "64"), Map.entry("verbose-loop", "true"));
        assertThat(config.toProperties().getProperty("strategy.queue-size")).isEqualTo("64");
    }

    @Test
    void theStrategysOptionsCannotBeChangedFromOutside() {
        var given = new java.util.HashMap<>(Map.of("queue-size", "64"));
        ServerConfig config =
                ServerConfig.builder(Path.of("/srv")).strategyOptions(given).build();
        given.put("queue-size", "1");
        assertThat(config.strategyOptions()).containsEntry("queue-size", "64");
        assertThatThrownBy(() -> config.strategyOptions().put("x", "y"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void anOptionReadsItsValueOrItsDefaultAndNamesItsFlagWhenMalformed() {
        StrategyOption size = StrategyOption.integer("queue-size", 64, "Slots in the queue.");
        StrategyOption verbose = StrategyOption.toggle("verbose-loop", "Log every turn.");

        assertThat(size.intIn(Map.of())).isEqualTo(64);
        assertThat(size.intIn(Map.of("queue-size", "8"))).isEqualTo(8);
        assertThat(verbose.isSetIn(Map.of())).isFalse();
        assertThat(verbose.isSetIn(Map.of("verbose-loop", "true"))).isTrue();
        assertThatThrownBy(() -> size.intIn(Map.of("queue-size", "lots")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--queue-size takes a whole number, was 'lots'");
        assertThatThrownBy(() -> verbose.isSetIn(Map.of("verbose-loop", "yes")))
                .hasMessage("--verbose-loop is a switch: true or false, was 'yes'");
    }

    @Test
    void anOptionNameIsAFlagWithoutItsDashes() {
        assertThatThrownBy(() -> StrategyOption.integer("--queue-size", 1, "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lower case words joined by hyphens");
        assertThatThrownBy(() -> StrategyOption.integer("QueueSize", 1, "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(StrategyOption.integer("queue-size", 1, "x").flag()).isEqualTo("--queue-size");
    }
}
