package lab.c10k.strategy.selector;

import java.util.List;
import java.util.Map;
import lab.c10k.server.ServerConfig;
import lab.c10k.server.spi.StrategyOption;

/**
 * The selector strategy's own options, read from {@link ServerConfig#strategyOptions()}.
 *
 * @param reactors the event loops, each a thread with its own selector ({@code --reactors}, at least 1)
 */
record SelectorOptions(int reactors) {

    static final StrategyOption REACTORS = StrategyOption.integer(
            "reactors", 1, "The number of event loops, each a thread with its own selector; the first accepts.");

    /** The options as the command line offers them. */
    static final List<StrategyOption> DECLARED = List.of(REACTORS);

    SelectorOptions {
        if (reactors < 1) {
            throw new IllegalArgumentException(REACTORS.flag() + " must be at least 1, was " + reactors);
        }
    }

    /** The options in {@code values}, defaults for those absent. */
    static SelectorOptions from(Map<String, String> values) {
        return new SelectorOptions(REACTORS.intIn(values));
    }

    static SelectorOptions of(ServerConfig config) {
        return from(config.strategyOptions());
    }
}
