package lab.c10k.server.spi;

import java.io.IOException;
import lab.c10k.server.ServerConfig;

/**
 * A concurrency strategy: how connections are accepted and which threads or processes move their bytes.
 *
 * <p>A strategy never parses HTTP and never decides what to answer: it moves bytes between sockets and the
 * connection state machine of the core ({@link lab.c10k.server.Http1Connection}), and enforces the deadlines that
 * the state machine computes. Everything else is shared, so two strategies differ only in what they are meant to
 * teach.
 *
 * <p>Implementations are found with {@link java.util.ServiceLoader} (a {@code
 * META-INF/services/lab.c10k.server.spi.Strategy} file in each strategy module); {@link Strategies} looks them up
 * by {@link #name()}. An implementation needs a public no-argument constructor and is stateless: each {@link
 * #start} makes a new, independent server.
 */
public interface Strategy {

    /** The value of {@code --strategy} that selects this strategy: lower case, no spaces ({@code thread}). */
    String name();

    /** One line for {@code --help} and reports: the archetype and the cost it teaches. */
    String summary();

    /**
     * The strategy-specific command-line flags this strategy reads from its {@link ServerConfig} (such as {@code
     * --reactors}); the CLI refuses them with any other strategy. None by default.
     */
    default java.util.Set<String> flags() {
        return java.util.Set.of();
    }

    /**
     * The most idle connections a measurement of idle memory should open on this strategy with its default
     * settings, when each costs so much that more would measure the machine rather than the strategy (a process
     * strategy holds a whole process per connection). No limit by default. The per-connection figure is the same
     * at any count; only its noise grows as the count falls.
     */
    default int idleConnectionsToMeasure() {
        return Integer.MAX_VALUE;
    }

    /**
     * Binds {@code config}'s address and starts serving; returns once the server accepts connections.
     *
     * @throws IOException when the address cannot be bound or the server cannot start
     */
    RunningServer start(ServerConfig config) throws IOException;
}
