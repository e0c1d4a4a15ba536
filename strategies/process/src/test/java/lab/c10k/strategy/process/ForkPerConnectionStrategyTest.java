package lab.c10k.strategy.process;

import lab.c10k.server.ServerConfig;
import lab.c10k.testkit.StrategySuite;

/** The shared real-socket suite against {@code --strategy process --fork-per-connection}. */
class ForkPerConnectionStrategyTest extends StrategySuite {
    static final ProcessOptions FORK_PER_CONNECTION = new ProcessOptions(
            ProcessOptions.DEFAULTS.workers(),
            ProcessOptions.DEFAULTS.minSpare(),
            ProcessOptions.DEFAULTS.maxWorkers(),
            0,
            true);

    @Override
    protected String strategyName() {
        return "process";
    }

    @Override
    protected ServerConfig.Builder customize(ServerConfig.Builder builder) {
        return builder.strategyOptions(FORK_PER_CONNECTION.values());
    }

    /** A JVM per connection: 200 clients at once would start 200 JVMs on the test machine's cores. */
    @Override
    protected int concurrentClients() {
        return 20;
    }
}
