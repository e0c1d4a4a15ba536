package lab.c10k.harness.experiment;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import lab.c10k.server.spi.Strategies;

/**
 * A server that takes part in an experiment: one of the installed Java strategies, or a reference C server
 * (nginx, Apache httpd) started with a generated configuration on the same root, CPUs and load.
 */
public sealed interface Contender permits Contender.JavaStrategy, Contender.ReferenceServer {

    /** The name in tables: the strategy name, or {@code nginx}, {@code apache-prefork}, ... */
    String name();

    /** {@code strategy} or {@code reference}. */
    String kind();

    /** One line: the archetype and the cost it teaches. */
    String summary();

    /** Why it cannot run on this machine, or empty when it can. */
    Optional<String> unavailable();

    /** A Java strategy, run by {@code c10k serve --strategy NAME} in a JVM of its own. */
    record JavaStrategy(String name, String summary) implements Contender {
        /**
         * The most idle connections a measurement of idle memory opens, for the strategies whose connections each
         * cost so much that more would measure the machine rather than the strategy: with its default options the
         * process strategy holds a worker JVM per connection, so a thousand would need tens of GiB and minutes of
         * start-up, and 32 give the per-connection cost well enough. The figure per connection is the same at any
         * count; only its noise grows as the count falls. A measurement concern, so it lives here and not in the
         * strategy.
         */
        private static final Map<String, Integer> IDLE_CONNECTIONS_TO_MEASURE = Map.of("process", 32);

        @Override
        public String kind() {
            return "strategy";
        }

        /** How many of {@code wanted} idle connections to open on this strategy (see above). */
        public int idleConnectionsToMeasure(int wanted) {
            return Math.min(wanted, IDLE_CONNECTIONS_TO_MEASURE.getOrDefault(name, Integer.MAX_VALUE));
        }

        @Override
        public Optional<String> unavailable() {
            return Optional.empty();
        }
    }

    /** A reference server. */
    record ReferenceServer(Reference reference) implements Contender {
        @Override
        public String name() {
            return reference.key();
        }

        @Override
        public String kind() {
            return "reference";
        }

        @Override
        public String summary() {
            return reference.summary();
        }

        @Override
        public Optional<String> unavailable() {
            return reference.unavailable();
        }
    }

    /** Every strategy installed on the class path, through the SPI, sorted by name. */
    static List<Contender> installedStrategies() {
        return Strategies.installed().stream()
                .<Contender>map(s -> new JavaStrategy(s.name(), s.summary()))
                .toList();
    }
}
