package lab.c10k.strategy.selector;

import lab.c10k.server.ServerConfig;
import lab.c10k.testkit.StrategySuite;

/**
 * The shared real-socket suite against {@code --strategy selector --reactors 3}: connections handed over from the
 * accepting loop to the others, shutdown across loops, the cap counted across loops.
 */
class SelectorReactorsStrategyTest extends StrategySuite {
    @Override
    protected String strategyName() {
        return "selector";
    }

    @Override
    protected ServerConfig.Builder customize(ServerConfig.Builder builder) {
        return builder.strategyOption("reactors", "3");
    }
}
