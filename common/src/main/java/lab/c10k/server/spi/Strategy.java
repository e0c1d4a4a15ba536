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
     * Binds {@code config}'s address and starts serving; returns once the server accepts connections.
     *
     * @throws IOException when the address cannot be bound or the server cannot start
     */
    RunningServer start(ServerConfig config) throws IOException;
}
