package lab.c10k.harness.experiment;

import java.util.List;
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
        @Override
        public String kind() {
            return "strategy";
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
