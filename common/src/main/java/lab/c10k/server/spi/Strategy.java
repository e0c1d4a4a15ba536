package lab.c10k.server.spi;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import lab.c10k.server.ServerConfig;

/**
 * A concurrency strategy: how connections are accepted and which threads or processes move their bytes.
 *
 * <p>A strategy never parses HTTP and never decides what to answer: it moves bytes between sockets and the
 * connection state machine of the core ({@link lab.c10k.server.Http1Connection}), and enforces the deadlines that
 * the state machine computes. Everything else is shared, so two strategies differ only in what they are meant to
 * teach.
 *
 * <p>A strategy's own knobs are declared here, in {@link #options()},
 * and never in the core: the command line offers a flag for each declared option, and the values reach {@link
 * #start} in {@link ServerConfig#strategyOptions()}, where the strategy reads them into a typed record of its
 * own. A new strategy, with whatever options it needs, is therefore one new module and no edit of the core.
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
     * The options this strategy reads from {@link ServerConfig#strategyOptions()}, in the order help lists them.
     * Two strategies may declare an option of the same name (each with its own meaning and default); the command
     * line refuses an option with a strategy that does not declare it. None by default.
     */
    default List<StrategyOption> options() {
        return List.of();
    }

    /**
     * Checks the values given for this strategy's options, together: ranges, and rules between options. Called by
     * the command line before {@link #start}, so that a bad value is a usage error, not a failed start. Values absent from {@code values} take their declared defaults.
     *
     * @throws IllegalArgumentException whose message names the flag and what it accepts
     */
    default void checkOptions(Map<String, String> values) {}

    /**
     * Binds {@code config}'s address and starts serving; returns once the server accepts connections.
     *
     * @throws IOException when the address cannot be bound or the server cannot start
     * @throws IllegalArgumentException when {@code config}'s strategy options are invalid ({@link #checkOptions})
     */
    RunningServer start(ServerConfig config) throws IOException;
}
